import type { Instruction } from 'dockerfile-ast';

/**
 * Names one kind of value kept across versions. The name starts every key of the kind, so kinds
 * with different names never share a value.
 */
export type RecentKind<V> = string & { readonly recentValue?: V };

export function recentKind<V>(name: string): RecentKind<V> {
  return `${name}\n` as RecentKind<V>;
}

/**
 * Values worked out for the instructions of recent versions of the open documents, by what they
 * are a function of (see `instructionKey`): the one store of values kept across versions, owned by
 * the document cache (DocumentModelCache.recent). A keystroke changes one instruction; the others
 * of the new version find their values here instead of having them worked out again. Two
 * generations are kept, so whatever the last versions put here survives the next one. A
 * generation is bounded by the characters of its keys, not by their number: a key holds an
 * instruction's whole text, and typing in a large heredoc makes a new large key at every
 * keystroke.
 */
export class RecentVersions {
  private current = new Map<string, unknown>();
  private previous = new Map<string, unknown>();
  private currentCharacters = 0;

  /** The default holds a few versions of the largest file we analyse (1 MB). */
  constructor(private readonly generationCharacters = 4_000_000) {}

  /** The value a recent version had for `key` of its kind, or the one `compute` works out now, remembered for later versions. */
  reuse<V>(kind: RecentKind<V>, key: string, compute: () => V): V {
    let value = this.get(kind, key);
    if (value === undefined) {
      value = compute();
      this.remember(kind, key, value);
    }
    return value;
  }

  get<V>(kind: RecentKind<V>, key: string): V | undefined {
    return this.find(kind + key) as V | undefined;
  }

  remember<V>(kind: RecentKind<V>, key: string, value: V): void {
    this.keep(kind + key, value);
  }

  private find(key: string): unknown {
    const recent = this.current.get(key);
    if (recent !== undefined) return recent;
    const older = this.previous.get(key);
    if (older !== undefined) this.keep(key, older);
    return older;
  }

  private keep(key: string, value: unknown): void {
    if (this.currentCharacters + key.length > this.generationCharacters && this.current.size > 0) {
      this.previous = this.current;
      this.current = new Map();
      this.currentCharacters = 0;
    }
    this.current.set(key, value);
    this.currentCharacters += key.length;
  }
}

/**
 * An instruction's text, where it starts and the escape character it was parsed with: all that
 * dockerfile-ast's reading of an instruction on its own depends on.
 */
export function instructionKey(instruction: Instruction): string {
  // A private field in the typings (dockerfile-ast 0.7.1, pinned).
  const { escapeChar } = instruction as unknown as { readonly escapeChar: string };
  const { line, character } = instruction.getRange().start;
  return `${escapeChar}${line}:${character}\n${instruction.getTextContent()}`;
}
