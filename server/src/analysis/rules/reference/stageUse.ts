import type { Argument, Instruction, JSONInstruction } from 'dockerfile-ast';
import { referencedStageIndex } from '../../stageModel';
import type { Stage, StageModel } from '../../stageTypes';
import type { Finding, Rule } from '../rule';
import { describeStage } from './support';

export const unreachableStage: Rule = {
  code: 'UnreachableStage',
  defaultSeverity: 'hint',
  summary: 'A stage the target stage never uses: a plain docker build skips it.',
  check(model) {
    const stageModel = model.stageModel;
    const target = stageModel.targetIndex;
    if (target === undefined) return [];
    const targetStage = stageModel.stages[target];
    return stageModel.stages
      .filter((stage) => stage.index !== target && !stageModel.reachable.has(stage.index))
      .map((stage) => ({
        code: 'UnreachableStage',
        message: `Stage ${describeStage(stage)} is not used by the target stage ${describeStage(targetStage)}; docker build skips it unless it is built with --target.`,
        range: stage.range,
        unnecessary: true,
      }));
  },
};

/** True for a stage whose filesystem holds only what the file put there: it starts from scratch. */
function startsFromScratch(stageModel: StageModel, stage: Stage, seen = new Set<number>()): boolean {
  if (seen.has(stage.index)) return false;
  seen.add(stage.index);
  if (stage.baseStageIndex !== undefined) return startsFromScratch(stageModel, stageModel.stages[stage.baseStageIndex], seen);
  return stage.base.resolved?.toLowerCase() === 'scratch';
}

/** The source paths of a COPY, in shell or JSON form. */
function copySources(instruction: Instruction): Argument[] {
  const json = instruction as JSONInstruction;
  const args: Argument[] = json.getOpeningBracket() ? json.getJSONStrings() : instruction.getArguments();
  return args.slice(0, -1);
}

function isFilesystemRoot(path: string): boolean {
  const unquoted = path.replace(/^["']|["']$/g, '');
  return /^\/+(?:\.\/*|\*\/*)?$/.test(unquoted);
}

export const copyWholeFilesystem: Rule = {
  code: 'CopyWholeFilesystem',
  defaultSeverity: 'warning',
  summary: "COPY --from=<stage> / copies the stage's entire filesystem, build tools and caches included.",
  check(model) {
    const stageModel = model.stageModel;
    const findings: Finding[] = [];
    for (const reference of stageModel.references) {
      if (reference.kind !== 'copy') continue;
      const sourceIndex = referencedStageIndex(reference);
      const source = sourceIndex === undefined ? undefined : stageModel.stages[sourceIndex];
      if (reference.target.type !== 'image' && !source) continue;
      // A stage built FROM scratch holds only the files put there on purpose: exporting it whole is the point.
      if (source && startsFromScratch(stageModel, source)) continue;
      const root = copySources(reference.instruction).find((argument) => isFilesystemRoot(argument.getValue()));
      if (!root) continue;
      const what = source ? `stage ${describeStage(source)}` : `image ${reference.value.resolved}`;
      findings.push({
        code: 'CopyWholeFilesystem',
        message: `COPY --from=${reference.value.text} / copies the whole filesystem of ${what}, OS, build tools and caches included; copy only the paths the image needs.`,
        range: root.getRange(),
      });
    }
    return findings;
  },
};
