import type { StageModel } from './stageTypes';

/**
 * The stages of a model by lowercased name, each name's indexes in order: FROM looks names up
 * case-insensitively among the earlier stages, and a file can hold tens of thousands of stages,
 * so each lookup is a binary search rather than a scan.
 */
const indexes = new WeakMap<StageModel, ReadonlyMap<string, readonly number[]>>();

export function stagesByName(model: StageModel): ReadonlyMap<string, readonly number[]> {
  let byName = indexes.get(model);
  if (!byName) {
    const built = new Map<string, number[]>();
    for (const stage of model.stages) {
      const name = stage.name?.toLowerCase();
      if (name === undefined) continue;
      const list = built.get(name);
      if (list) list.push(stage.index);
      else built.set(name, [stage.index]);
    }
    byName = built;
    indexes.set(model, byName);
  }
  return byName;
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
