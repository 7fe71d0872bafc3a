import type { StageModel } from './stageTypes';

/** A stage a FROM text can name, with the value each of its variables takes for it. */
export interface StageMatch {
  readonly stageIndex: number;
  readonly values: Map<string, string>;
}

/**
 * The stages of a model by lowercased name, each name's indexes in order: FROM looks names up
 * case-insensitively among the earlier stages, and a file can hold tens of thousands of stages,
 * so each lookup is a binary search rather than a scan. Built once per reachability computation,
 * which makes every lookup of a model's names.
 */
export class StageNames {
  readonly byName: ReadonlyMap<string, readonly number[]>;
  /** What each FROM text names (stageNameMatching.ts), worked out once per text. */
  readonly textMatches = new Map<string, readonly StageMatch[]>();
  /** The pickable stages as a FROM that is one build argument names them, by the argument (stageNameMatching.ts). */
  readonly pickableMatches = new Map<string, readonly StageMatch[]>();
  private sorted?: readonly SortedName[];
  private sortedReversed?: readonly SortedName[];
  private substrings?: readonly SortedName[];

  constructor(readonly model: StageModel) {
    const byName = new Map<string, number[]>();
    for (const stage of model.stages) {
      const name = stage.name?.toLowerCase();
      if (name === undefined) continue;
      const list = byName.get(name);
      if (list) list.push(stage.index);
      else byName.set(name, [stage.index]);
    }
    this.byName = byName;
  }

  /**
   * The stages, in order, whose lowercased names start with `prefix`, end with `suffix` and hold
   * each of `inner`: a FROM that mixes text and variables (`FROM build-${BASE}`,
   * `FROM ${A}-${B}`) can name no other. Each affix is a range of names sorted by it, and each
   * inner part a range of the names' substrings sorted, all found by binary search; the
   * narrowest range is read, so a FROM reads the names that hold its text rather than every name.
   */
  withAffixes(prefix: string, suffix: string, inner: readonly string[] = []): number[] {
    this.sorted ??= sortedNames(this.byName, (name) => name);
    this.sortedReversed ??= sortedNames(this.byName, reversed);
    let narrowest = { ...affixRange(this.sorted, prefix), names: this.sorted };
    const consider = (names: readonly SortedName[], start: string): void => {
      const range = affixRange(names, start);
      if (range.end - range.start < narrowest.end - narrowest.start) narrowest = { ...range, names };
    };
    consider(this.sortedReversed, reversed(suffix));
    if (inner.length > 0) {
      this.substrings ??= sortedSubstrings(this.byName);
      for (const part of inner) consider(this.substrings, part.slice(0, substringKeyLength));
    }
    const seen = new Set<string>();
    const stages: number[] = [];
    for (let position = narrowest.start; position < narrowest.end; position++) {
      const name = narrowest.names[position].name;
      if (seen.has(name)) continue;
      seen.add(name);
      if (!name.startsWith(prefix) || !name.endsWith(suffix) || !inner.every((part) => name.includes(part))) continue;
      for (const index of this.byName.get(name) ?? []) stages.push(index);
    }
    return stages.sort((a, b) => a - b);
  }

  /** Whether some stage's lowercased name starts with `prefix`. */
  anyNameStartsWith(prefix: string): boolean {
    this.sorted ??= sortedNames(this.byName, (name) => name);
    const range = affixRange(this.sorted, prefix);
    return range.end > range.start;
  }

  /** The last stage before `before` named `name` (case-insensitive), as FROM sees stages. */
  namedBefore(name: string, before: number): number | undefined {
    const indexes = this.byName.get(name.toLowerCase());
    return indexes ? lastBefore(indexes, before) : undefined;
  }
}

/** How many of `sorted` are below `before`. */
export function countBelow(sorted: readonly number[], before: number): number {
  return countBelowBy(sorted, before, (item) => item);
}

/** How many of `sorted` (by `keyOf`) are below `before`. */
export function countBelowBy<T>(sorted: readonly T[], before: number, keyOf: (item: T) => number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keyOf(sorted[middle]) < before) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The last of `sorted` below `before`, or undefined. */
export function lastBefore(sorted: readonly number[], before: number): number | undefined {
  const below = countBelow(sorted, before);
  return below === 0 ? undefined : sorted[below - 1];
}

/** A stage name as it is sorted (`key`: the name, or the name reversed), and the name. */
interface SortedName {
  readonly key: string;
  readonly name: string;
}

const reversed = (text: string): string => [...text].reverse().join('');

const compareKeys = (a: SortedName, b: SortedName): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function sortedNames(byName: ReadonlyMap<string, unknown>, keyOf: (name: string) => string): SortedName[] {
  return [...byName.keys()].map((name) => ({ key: keyOf(name), name })).sort(compareKeys);
}

/**
 * How much of a name from each position the substring index keys on: enough to tell apart the
 * names that hold a FROM's inner text, and few enough that a long name costs its length, not its
 * square, to index and sort.
 */
const substringKeyLength = 8;

/** Each name once for each position in it, keyed by what follows that position (`substringKeyLength` characters at most), sorted. */
function sortedSubstrings(byName: ReadonlyMap<string, unknown>): SortedName[] {
  const substrings: SortedName[] = [];
  for (const name of byName.keys()) {
    for (let start = 0; start < name.length; start++) substrings.push({ key: name.slice(start, start + substringKeyLength), name });
  }
  return substrings.sort(compareKeys);
}

/** The positions of the names whose key starts with `start`: one run of the sorted list. */
function affixRange(sorted: readonly SortedName[], start: string): { readonly start: number; readonly end: number } {
  const firstAtLeast = (bound: (key: string) => boolean): number => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (bound(sorted[middle].key)) high = middle;
      else low = middle + 1;
    }
    return low;
  };
  return { start: firstAtLeast((key) => key >= start), end: firstAtLeast((key) => key >= start && !key.startsWith(start)) };
}
