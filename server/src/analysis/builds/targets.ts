import * as path from 'node:path';
import type { StageModel } from '../stageTypes';
import type { BuiltTarget } from './types';

/**
 * The stages of a Dockerfile that builds elsewhere target, each with the builds that target it.
 * A target matches a stage name without regard to case, as `docker build --target` does; a build
 * without a target builds the last stage. Targets that name no stage are the build file's
 * UndefinedTarget, not the Dockerfile's concern.
 */
export function stagesBuiltElsewhere(stageModel: StageModel, builds: readonly BuiltTarget[]): Map<number, BuiltTarget[]> {
  const byStage = new Map<number, BuiltTarget[]>();
  for (const build of builds) {
    const wanted = build.target?.toLowerCase();
    const stage = wanted === undefined ? stageModel.stages.at(-1) : stageModel.stages.find((each) => each.name?.toLowerCase() === wanted);
    if (!stage) continue;
    const list = byStage.get(stage.index) ?? [];
    list.push(build);
    byStage.set(stage.index, list);
  }
  return byStage;
}

/**
 * The stages workspace builds target besides the file's own target, in order: the extra roots
 * reachability and the shipped images take.
 */
export function extraRootsOf(stageModel: StageModel, builtElsewhere: ReadonlyMap<number, readonly BuiltTarget[]>): number[] {
  return [...builtElsewhere.keys()].filter((index) => index !== stageModel.targetIndex).sort((a, b) => a - b);
}

/** The build files that build a stage, as a message names them: by file name, at most a few. */
export function describeBuilders(builds: readonly BuiltTarget[]): string {
  const files = [...new Set(builds.map((build) => path.basename(build.file)))];
  const listed = files.slice(0, 3).join(', ');
  return files.length > 3 ? `${listed} and ${files.length - 3} more` : listed;
}
