import type { Argument, Instruction, JSONInstruction } from 'dockerfile-ast';
import { formatPlatform, type Platform } from '../../platforms';
import { describeWays } from '../../buildSelections';
import { describeBuilders, extraRootsOf, stagesBuiltElsewhere } from '../../builds/targets';
import type { BuiltTarget } from '../../builds/types';
import { reachabilityOf } from '../../reachability';
import { referencedStageIndex } from '../../stageModel';
import { derivedKey, type DocumentModel } from '../../documentModel';
import type { Stage } from '../../stageTypes';
import { argumentsOf, type InstructionReads } from '../../instructionFacts';
import type { Finding, Rule } from '../rule';
import { describeStage, isOfficialImage } from './support';
import { mayCopyFilesystemRoot } from '../image/support';

export const unreachableStage: Rule = {
  code: 'UnreachableStage',
  defaultSeverity: 'hint',
  summary: 'A stage no build of the target (or of a target the workspace builds) uses, on any configured platform or with any build argument that picks a stage: docker build skips it.',
  check(model, context) {
    const stageModel = model.stageModel;
    const target = stageModel.targetIndex;
    if (target === undefined) return [];
    const builtElsewhere = stagesBuiltElsewhere(stageModel, context.builtElsewhere ?? []);
    const extraRoots = extraRootsOf(stageModel, builtElsewhere);
    const reachability = reachabilityOf(model, { platforms: context.platforms, extraRoots });
    const targetStage = stageModel.stages[target];
    const overBuilds = reachability.choices.size > 0 ? ' on any configured platform or with any build argument that picks a stage' : '';
    return stageModel.stages
      .filter((stage) => !reachability.reached.has(stage.index))
      .map((stage) => {
        const other = reachability.otherPlatforms.get(stage.index);
        const message = other
          ? `Stage ${describeStage(stage, model)} is built only ${describeWays([other])}, which none of the configured platforms (${platformList(context.platforms)}) is; add it to dockerfileStages.platforms (or the CLI's --platform) to have it judged.`
          : `Stage ${describeStage(stage, model)} is not used by the target stage ${describeStage(targetStage, model)}${alsoBuilt(model, builtElsewhere)}${overBuilds}; docker build skips it unless it is built with --target.`;
        return { code: 'UnreachableStage', message, range: stage.range, unnecessary: true };
      });
  },
};

/** For the message: the other targets the workspace builds, which do not use the stage either. */
function alsoBuilt(model: DocumentModel, builtElsewhere: ReadonlyMap<number, readonly BuiltTarget[]>): string {
  const { stageModel } = model;
  const others = [...builtElsewhere].filter(([index]) => index !== stageModel.targetIndex);
  if (others.length === 0) return '';
  const listed = others.map(([index, builds]) => `${describeStage(stageModel.stages[index], model)} (${describeBuilders(builds)})`);
  return ` nor by the ${others.length === 1 ? 'target' : 'targets'} the workspace builds, ${listed.join(', ')}`;
}

/** Platforms listed in a message before the rest are counted. */
const platformsListed = 3;

function platformList(platforms: readonly Platform[]): string {
  const names = platforms.map(formatPlatform);
  return names.length <= platformsListed ? names.join(', ') : `${names.slice(0, platformsListed).join(', ')} and ${names.length - platformsListed} more`;
}

/** An image known to be a whole operating system or toolchain: a Docker Official Image. */
function isKnownFullImage(image: string): boolean {
  const repository = image.split('@')[0].replace(/:[^/:]*$/, '').replace(/^(?:docker\.io\/)?(?:library\/)?/, '');
  return !repository.includes('/') && isOfficialImage(repository);
}

/**
 * Whether a stage's filesystem is known to hold an OS or toolchain: it runs instructions on a
 * base other than scratch, or is a bare alias of a known full image. A bare alias of another
 * image (`FROM tonistiigi/xx AS xx`) is often a purpose-built files-only image that
 * `COPY --from=xx / /` is documented to unpack, so it is given the benefit of the doubt.
 */
function holdsFullFilesystem(model: DocumentModel, stage: Stage): boolean {
  if (startsFromScratch(model, stage)) return false;
  const { stageModel } = model;
  // A loop, not recursion: a chain of bare aliases may be thousands of stages long.
  let ancestor = stage;
  while (ancestor.instructions.length === 0 && ancestor.baseStageIndex !== undefined) ancestor = stageModel.stages[ancestor.baseStageIndex];
  if (ancestor.instructions.length > 0) return true;
  return ancestor.base.resolved !== undefined && isKnownFullImage(ancestor.base.resolved);
}

const scratchStagesKey = derivedKey<readonly boolean[]>('stages from scratch');

/**
 * True for a stage whose filesystem holds only what the file put there: it starts from scratch.
 * Worked out once per model in stage order (a FROM names only earlier stages), so FROM chains
 * thousands of stages long cost neither a walk per reference nor a stack frame per stage.
 */
function startsFromScratch(model: DocumentModel, stage: Stage): boolean {
  const fromScratch = model.derive(scratchStagesKey, () => {
    const computed: boolean[] = [];
    for (const each of model.stageModel.stages) {
      computed.push(each.baseStageIndex === undefined ? each.base.resolved?.toLowerCase() === 'scratch' : computed[each.baseStageIndex] === true);
    }
    return computed;
  });
  return fromScratch[stage.index] === true;
}

/** The source paths of a COPY, in shell or JSON form. */
function copySources(instruction: Instruction, reads: InstructionReads): readonly Argument[] {
  const json = instruction as JSONInstruction;
  const args: readonly Argument[] = json.getOpeningBracket() ? json.getJSONStrings() : argumentsOf(instruction, reads);
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
      if (source ? !holdsFullFilesystem(model, source) : reference.target.type !== 'image' || !isKnownFullImage(reference.target.name)) continue;
      if (!mayCopyFilesystemRoot(reference.instruction, model.instructionReads)) continue;
      const root = copySources(reference.instruction, model.instructionReads).find((argument) => isFilesystemRoot(argument.getValue()));
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
