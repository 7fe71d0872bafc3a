import type { StageModel } from './stageTypes';

/**
 * The stages of a model by lowercased name, each name's indexes in order: FROM looks names up
 * case-insensitively among the earlier stages, and a file can hold tens of thousands of stages,
 * so each lookup is a binary search rather than a scan. Built once per reachability computation,
 * which makes every lookup of a model's names.
 */
export class StageNames {
  readonly byName: ReadonlyMap<string, readonly number[]>;

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

  /** The last stage before `before` named `name` (case-insensitive), as FROM sees stages. */
  namedBefore(name: string, before: number): number | undefined {
    const indexes = this.byName.get(name.toLowerCase());
    return indexes ? lastBefore(indexes, before) : undefined;
  }
}

/** How many of `sorted` are below `before`. */
export function countBelow(sorted: readonly number[], before: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < before) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The last of `sorted` below `before`, or undefined. */
export function lastBefore(sorted: readonly number[], before: number): number | undefined {
  const below = countBelow(sorted, before);
  return below === 0 ? undefined : sorted[below - 1];
}
