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
   * The stages, in order, whose lowercased names start with `prefix` and end with `suffix`: a
   * FROM that mixes text and variables (`FROM build-${BASE}`) can name no other. Each affix is a
   * range of names sorted by it, found by binary search, and the narrower range is read.
   */
  withAffixes(prefix: string, suffix: string): number[] {
    this.sorted ??= sortedNames(this.byName, (name) => name);
    this.sortedReversed ??= sortedNames(this.byName, reversed);
    const byPrefix = affixRange(this.sorted, prefix);
    const bySuffix = affixRange(this.sortedReversed, reversed(suffix));
    const narrower = byPrefix.end - byPrefix.start <= bySuffix.end - bySuffix.start ? { ...byPrefix, names: this.sorted } : { ...bySuffix, names: this.sortedReversed };
    const stages: number[] = [];
    for (let position = narrower.start; position < narrower.end; position++) {
      const name = narrower.names[position].name;
      if (!name.startsWith(prefix) || !name.endsWith(suffix)) continue;
      for (const index of this.byName.get(name) ?? []) stages.push(index);
    }
    return stages.sort((a, b) => a - b);
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

function sortedNames(byName: ReadonlyMap<string, unknown>, keyOf: (name: string) => string): SortedName[] {
  return [...byName.keys()].map((name) => ({ key: keyOf(name), name })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
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
