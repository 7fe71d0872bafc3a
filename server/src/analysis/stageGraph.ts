import type { StageGraph, StageGraphEdge, StageGraphImage, StageGraphStage } from '../protocol/stageGraph';
import { findStageByName, parseStageIndex, reachableFrom, referencedStageIndex } from './stageModel';
import type { StageModel, StageReference } from './stageTypes';

export const stageId = (index: number): string => `stage:${index}`;
export const imageId = (name: string): string => `image:${name}`;

/** `FROM scratch` starts from nothing: there is no image to pull, so no image node. */
const emptyBaseImage = 'scratch';

/**
 * The stage a `--target` value names: a stage name (case-insensitive, the last of a name wins, as
 * in BuildKit) or a stage index. Anything else leaves the file's own target, the last stage.
 */
export function resolveTargetIndex(model: Pick<StageModel, 'stages' | 'targetIndex'>, target: string | undefined): number | undefined {
  if (target === undefined || target === '') return model.targetIndex;
  const named = findStageByName(model, target);
  if (named) return named.index;
  const index = parseStageIndex(target);
  if (index !== undefined && index >= 0 && index < model.stages.length) return index;
  return model.targetIndex;
}

/** The image a reference pulls, if it names one: BuildKit takes a later stage's name in FROM for an image. */
function referencedImage(reference: StageReference): string | undefined {
  const { target } = reference;
  if (target.type === 'image') return target.name === emptyBaseImage && reference.kind === 'from' ? undefined : target.name;
  if (target.type === 'laterStage' && reference.kind === 'from') return reference.value.resolved;
  return undefined;
}

/**
 * The stages of a Dockerfile, the external images they use and the references between them, for
 * the stage graph. References that lead nowhere (unresolved variables, an index out of range, the
 * build context) have no edge: the rules report them.
 */
export function buildStageGraph(model: StageModel, target?: string): StageGraph {
  const targetIndex = resolveTargetIndex(model, target);
  const reachable = targetIndex === undefined ? new Set<number>() : reachableFrom(model, targetIndex);

  const stages: StageGraphStage[] = model.stages.map((stage) => {
    const baseStage = stage.baseStageIndex === undefined ? undefined : model.stages[stage.baseStageIndex];
    return {
      id: stageId(stage.index),
      index: stage.index,
      name: stage.name ?? null,
      baseImage: baseStage?.name ?? stage.base.resolved ?? stage.base.text,
      range: stage.range,
      isTarget: stage.index === targetIndex,
      reachable: reachable.has(stage.index),
    };
  });

  const images = new Map<string, StageGraphImage>();
  const edges: StageGraphEdge[] = [];
  for (const reference of model.references) {
    const to = stageId(reference.fromStageIndex);
    const stageIndex = referencedStageIndex(reference);
    if (stageIndex !== undefined) {
      edges.push({ from: stageId(stageIndex), to, kind: reference.kind, range: reference.value.range });
      continue;
    }
    const image = referencedImage(reference);
    if (image === undefined) continue;
    const id = imageId(image);
    if (!images.has(id)) images.set(id, { id, name: image });
    edges.push({ from: id, to, kind: reference.kind, range: reference.value.range });
  }

  return { stages, images: [...images.values()], edges, target: targetIndex === undefined ? null : stageId(targetIndex) };
}
