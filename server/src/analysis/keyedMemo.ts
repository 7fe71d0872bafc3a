/** Values per object and key, each computed once; an object's values go when the object does. */
export class KeyedMemo<Owner extends object, Value> {
  private readonly entries = new WeakMap<Owner, Map<string, Value>>();

  get(owner: Owner, key: string, compute: () => Value): Value {
    let values = this.entries.get(owner);
    if (!values) {
      values = new Map();
      this.entries.set(owner, values);
    }
    let value = values.get(key);
    if (value === undefined) {
      value = compute();
      values.set(key, value);
    }
    return value;
  }
}
