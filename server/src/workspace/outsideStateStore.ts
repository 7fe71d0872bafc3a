/**
 * State read from outside the document (files beside it, the client's settings) by key, kept
 * until its owner forgets a key (a document closed) or clears them all (a watched file or the
 * client's settings changed). The one store for such state; values of a document version are
 * derived from its model instead.
 */
export class OutsideStateStore<Value> {
  private readonly values = new Map<string, Value>();

  /** The value kept for `key` while `isCurrent` accepts it, else a new one from `read`. */
  get(key: string, read: () => Value, isCurrent: (kept: Value) => boolean = () => true): Value {
    const kept = this.values.get(key);
    if (kept !== undefined && isCurrent(kept)) return kept;
    const value = read();
    this.values.set(key, value);
    return value;
  }

  forget(key: string): void {
    this.values.delete(key);
  }

  clear(): void {
    this.values.clear();
  }
}
