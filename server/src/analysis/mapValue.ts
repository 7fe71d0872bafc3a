/**
 * The value `map` holds for `key`, computed and kept on the first request: the one way a value
 * worked out once per key is read, whether the map lives for a version or for one computation.
 * An undefined value is kept too.
 */
export function mapValue<K, V>(map: Map<K, V>, key: K, compute: () => V): V {
  const known = map.get(key);
  if (known !== undefined || map.has(key)) return known as V;
  const value = compute();
  map.set(key, value);
  return value;
}
