import * as path from 'node:path';
import { stagesBuiltElsewhere } from './builds/targets';
import type { BuiltTarget } from './builds/types';
import type { StageGraph, StageGraphEdge, StageGraphImage, StageGraphStage } from '../protocol/stageGraph';
import { defaultPlatforms, formatPlatform, type Platform } from './platforms';
import { describeWays } from './buildSelections';
import type { DocumentModel } from './documentModel';
import { choiceTargets, reachabilityOf } from './reachability';
import { findStageByName, parseStageIndex, referencedStageIndex } from './stageModel';
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

export interface StageGraphOptions {
  /** A stage name or index, as `docker build --target` takes it; the last stage otherwise. */
  readonly target?: string;
  /** The platforms the file is built for, the current one first; the common Linux platforms by default. */
  readonly platforms?: readonly Platform[];
  /** The stages builds elsewhere in the workspace target, marked on their stages. */
  readonly builtElsewhere?: readonly BuiltTarget[];
  /** The Dockerfile's folder, from which the build files are named. */
  readonly folder?: string;
}

/** The `builtBy` of a stage some workspace builds target: each build file once, from the Dockerfile's folder. */
function builtByOf(builds: readonly BuiltTarget[] | undefined, folder: string | undefined): { builtBy?: string[] } {
  if (!builds) return {};
  const files = builds.map((build) => (folder === undefined ? path.basename(build.file) : path.relative(folder, build.file).split(path.sep).join('/')));
  return { builtBy: [...new Set(files)] };
}

/**
 * The stages of a Dockerfile, the external images they use and the references between them, for
 * the stage graph. A FROM that picks its stage by platform or build argument has an edge to each
 * stage it can name, labelled with what picks it. References that lead nowhere (unresolved
 * variables, an index out of range, the build context) have no edge: the rules report them.
 */
export function buildStageGraph(document: DocumentModel, options: StageGraphOptions = {}): StageGraph {
  const model = document.stageModel;
  const targetIndex = resolveTargetIndex(model, options.target);
  const platforms = options.platforms ?? defaultPlatforms;
  const reachability = reachabilityOf(document, { platforms, targetIndex });
  const builders = stagesBuiltElsewhere(model, options.builtElsewhere ?? []);

  const stages: StageGraphStage[] = model.stages.map((stage) => {
    const reach = reachability.reached.get(stage.index);
    const other = reachability.otherPlatforms.get(stage.index);
    const chosen = reachability.choices.get(stage.index)?.options.find((option) => option.chosen);
    const baseIndex = chosen?.stageIndex ?? stage.baseStageIndex;
    const baseStage = baseIndex === undefined ? undefined : model.stages[baseIndex];
    let builtWhen = '';
    if (reach && !reach.byDefault) builtWhen = describeWays(reach.ways);
    else if (!reach && other) builtWhen = describeWays([other]);
    return {
      id: stageId(stage.index),
      index: stage.index,
      name: stage.name ?? null,
      baseImage: baseStage?.name ?? stage.base.resolved ?? stage.base.text,
      range: stage.range,
      isTarget: stage.index === targetIndex,
      reachable: reach !== undefined,
      ...(builtWhen === '' ? {} : { builtWhen }),
      ...builtByOf(builders.get(stage.index), options.folder),
    };
  });

  const images = new Map<string, StageGraphImage>();
  const edges: StageGraphEdge[] = [];
  for (const reference of model.references) {
    const to = stageId(reference.fromStageIndex);
    const range = reference.value.range;
    const choice = reference.kind === 'from' ? reachability.choices.get(reference.fromStageIndex) : undefined;
    const stageIndex = referencedStageIndex(reference);
    if (choice) {
      for (const edge of choiceTargets(choice)) edges.push({ from: stageId(edge.stageIndex), to, kind: 'from', range, selectedBy: edge.selectedBy, chosen: edge.chosen });
    } else if (stageIndex !== undefined) {
      edges.push({ from: stageId(stageIndex), to, kind: reference.kind, range });
      continue;
    }
    const image = referencedImage(reference);
    if (image === undefined || (choice && stageIndex !== undefined)) continue;
    const id = imageId(image);
    if (!images.has(id)) images.set(id, { id, name: image });
    edges.push({ from: id, to, kind: reference.kind, range });
  }

  return {
    stages,
    images: [...images.values()],
    edges,
    target: targetIndex === undefined ? null : stageId(targetIndex),
    platforms: platforms.map(formatPlatform),
  };
}
