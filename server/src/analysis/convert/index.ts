import { Copy, Run } from 'dockerfile-ast';
import { derivedKey, type DocumentModel } from '../documentModel';
import { imageFacts } from '../rules/image/support';
import { freshStageName } from '../rules/reference/support';
import { recognizeBuild } from '../runCommands';
import { commandName, positionAt } from '../shell';
import type { Stage, StageModel } from '../stageTypes';
import { NO_CONTEXT, type BuildContext } from './context';
import { detectEcosystem } from './ecosystems/index';
import { toolRun } from './entryPoints';
import { declaredImageKind, toolImage } from './imageKinds';
import { isDeclined } from './plan';
import { renderConversion, type StageNames } from './render';
import { followBaseArgs, runtimeSwap } from './runtimeSwap';
import type { ConversionResult, DeclinedConversion } from './result';
import { smallerStep, type SmallerStep } from './smallerStep';
import { stageFacts, type ConvertStageFacts, type InstructionFacts } from './stageFacts';

export type { EcosystemId } from './plan';
export type { BuildContext } from './context';
export type { SmallerStep } from './smallerStep';
export type { ConversionResult, ConvertedDockerfile, DeclinedConversion } from './result';

/** A version's conversions by build context: the contexts read during one version are few (one per change of a watched file), and go with it. */
const resultsKey = derivedKey<Map<BuildContext, ConversionResult>>('conversions by build context');

/**
 * Rewrites a Dockerfile whose final stage builds something into a build stage (the original base
 * and every build step) and a runtime stage (a runtime image of the same distribution with only
 * what runs the app). The quick fix, the refactor, the editor command and the CLI all call this.
 */
export function convertToMultiStage(model: DocumentModel, context: BuildContext = NO_CONTEXT): ConversionResult {
  return model.deriveFor(resultsKey, context, () => convert(model, context));
}

function decline(reason: string, smallerStep?: SmallerStep): DeclinedConversion {
  return smallerStep ? { kind: 'declined', reason, smallerStep } : { kind: 'declined', reason };
}

function convert(model: DocumentModel, context: BuildContext): ConversionResult {
  const stageModel = model.stageModel;
  const stage = stageModel.stages[stageModel.stages.length - 1];
  if (!stage) return decline('The file has no FROM instruction, so there is no stage to convert.');
  const single = stageModel.stages.length === 1;
  if (stage.baseStageIndex !== undefined) {
    return decline(`The final stage builds on stage '${stageModel.stages[stage.baseStageIndex].name ?? stage.baseStageIndex}', so it is already part of a multi-stage build.`);
  }
  const image = stage.base.resolved;
  if (image === undefined) return decline(`FROM ${stage.base.text} uses variables without a default, so the runtime image cannot be chosen.`);
  if (image.toLowerCase() === 'scratch') return decline('The final stage starts from scratch: there is nothing to leave behind.');
  if (endsUnfinished(model, stageModel.escapeCharacter)) {
    return decline('The last instruction is unfinished (its last line ends with an escape character, or a heredoc has no closing line): a stage added after it would become part of it. Finish it, then convert.');
  }

  const facts = withToolRunBuild({ ...stageFacts(model, stage), context });
  const declared = declaredImageKind(model, facts);
  if (declared) return decline(declared);
  // Composer and Bundler installs leave their tool (and the git, unzip or compilers they used) behind: the app needs only vendor/ or the gems.
  const installsPackages = facts.instructions.some((instruction) => instruction.run?.installs.some((install) => install.manager === 'composer' || install.manager === 'bundler'));
  const builds = facts.instructions.some((instruction) => instruction.builds.length > 0) || toolRun(facts) !== undefined || installsPackages;
  const toolchain = facts.image?.known === true && facts.image.toolchain;
  const buildTools = single && imageFacts(model).singleStage !== undefined;
  if (!builds && !toolchain && !buildTools) {
    return withSmallerStep(
      single
        ? 'Nothing to convert: the stage builds nothing and installs no build tools, so a runtime stage would hold the same.'
        : 'Nothing to convert: the Dockerfile is already multi-stage and its final stage builds nothing.',
      smallerStep(model, facts),
    );
  }
  const tools = toolImage(model, facts);
  if (tools) return decline(tools);
  if (facts.lastBuildPosition < 0) return swapOrDecline(model, facts, toolchain);

  const ecosystem = detectEcosystem(facts);
  if (facts.windows && ecosystem.id !== 'dotnet') return decline('Only .NET apps on Windows images are converted: the runtime images of other Windows stacks are not known.');
  const plan = ecosystem.plan(facts);
  if (isDeclined(plan)) return withSmallerStep(plan.declined, smallerStep(model, facts));

  const names = stageNames(stageModel, stage);
  const runtimeImage = followBaseArgs(stageModel, stage, plan.runtime.image);
  const rendered = renderConversion(facts, { ...plan, runtime: { ...plan.runtime, image: runtimeImage } }, names);
  const prefixLength = model.lineStarts[rendered.startLine] ?? model.text.length;
  const renderedPrefix = facts.layout.lines.slice(0, rendered.startLine).reduce((length, line) => length + line.length + facts.layout.eol.length, 0);
  // A byte order mark (the CLI reads files as they are) stays first in the file, ahead of the new comment.
  const bom = rendered.startLine === 0 && model.text.startsWith('\uFEFF') ? 1 : 0;
  const newText = bom ? rendered.text.slice(renderedPrefix).replace('\uFEFF', '') : rendered.text.slice(renderedPrefix);
  return {
    kind: 'converted',
    change: 'multi-stage',
    text: model.text.slice(0, prefixLength + bom) + newText,
    edit: { range: { start: { line: rendered.startLine, character: bom }, end: positionAt(model, model.text.length) }, newText },
    ecosystem: ecosystem.id,
    ecosystemTitle: ecosystem.title,
    buildStage: names.build,
    runtimeStage: names.runtime,
    buildImage: image,
    runtimeImage,
  };
}

/**
 * A container started through its build tool (`cargo run`, `go run`) builds when it starts: what
 * comes before the start is the build stage, even when no RUN builds anything. When none does,
 * the WORKDIR and ENV written after the last copy count too: the build the conversion adds for
 * the start runs where the start ran.
 */
function withToolRunBuild(facts: ConvertStageFacts): ConvertStageFacts {
  if (!toolRun(facts)) return facts;
  const added = facts.instructions.every((instruction) => instruction.builds.length === 0);
  const start = Math.max(...facts.instructions.filter((instruction) => instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT').map((instruction) => instruction.position));
  const settings = (instruction: InstructionFacts) => added && instruction.position < start && ['WORKDIR', 'ENV', 'ARG'].includes(instruction.keyword);
  const steps = facts.instructions.filter((instruction) => ['COPY', 'ADD', 'RUN'].includes(instruction.keyword) || settings(instruction));
  const last = steps[steps.length - 1]?.position ?? -1;
  return last > facts.lastBuildPosition ? { ...facts, lastBuildPosition: last } : facts;
}

/**
 * Nothing is built in the stage: on a build image with a known runtime image of the same line,
 * the stage moves to that image (one FROM changes); otherwise the reason nothing changes.
 */
function swapOrDecline(model: DocumentModel, facts: ConvertStageFacts, toolchain: boolean): ConversionResult {
  const startBuild = facts.start ? recognizeBuild({ argv: facts.start.argv, env: {}, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, nested: true }) : undefined;
  if (startBuild) {
    return decline(`The container builds when it starts (its CMD/ENTRYPOINT runs ${startBuild.tool}), so the build tools are what it runs. Build in a RUN step and start the result, then convert.`);
  }
  if (!toolchain) {
    const compiles = facts.instructions.some((instruction) => instruction.run?.installs.some((install) => install.command.argv.some((word) => word === '-g' || word === '--global') || commandName(install.command) === 'gem'));
    if (compiles) {
      return withSmallerStep(
        'Nothing of the app is built here, but a global package install may compile with the build tools the stage installs, so they stay. Only the app itself is moved into a runtime stage, and this stage has none.',
        smallerStep(model, facts),
      );
    }
    const removal = smallerStep(model, facts, { removeUnusedTools: true });
    const step = removal ? `: ${removal.title.charAt(0).toLowerCase()}${removal.title.slice(1)} (the editor offers it as a code action)` : '';
    return decline(`Nothing is built in the final stage: it installs build tools that no step uses. Removing them is enough${step}.`, removal);
  }
  const swap = runtimeSwap(model, facts);
  return 'declined' in swap ? withSmallerStep(swap.declined, smallerStep(model, facts)) : swap;
}

/** A decline that names the smaller step that still helps, which the editor offers as a code action. */
function withSmallerStep(reason: string, step: SmallerStep | undefined): DeclinedConversion {
  return step ? decline(`${reason} What still helps: ${step.title.charAt(0).toLowerCase()}${step.title.slice(1)}, which the editor offers as a code action.`, step) : decline(reason);
}

/**
 * True when text appended to the file would join its last instruction: a continuation (blank and
 * comment lines inside one are skipped) or a heredoc still open at the end of the file.
 */
function endsUnfinished(model: DocumentModel, escapeCharacter: string): boolean {
  const last = model.dockerfile.getInstructions().at(-1);
  if (!last) return false;
  if (last instanceof Run || last instanceof Copy) {
    if (last.getHeredocs().some((heredoc) => heredoc.getDelimiterRange() === null)) return true;
  }
  const { start, end } = last.getRange();
  const lines = model.text.slice(model.lineStarts[start.line], (model.lineStarts[end.line] ?? model.text.length) + end.character).split(/\r\n|\n|\r/);
  const written = lines.filter((line) => line.trim() !== '' && !/^\s*#/.test(line));
  return (written.at(-1) ?? '').trimEnd().endsWith(escapeCharacter);
}

/** Names that say a stage compiles: such a name stays with the build stage. */
const BUILD_STAGE_NAME = /^(build|builder|build-env|compile|compiler|sdk)$/i;

/** The build stage is `build`; the runtime stage keeps the stage's own name (for `--target`) or is `runtime`. */
function stageNames(stageModel: StageModel, stage: Stage): StageNames {
  if (stage.name && BUILD_STAGE_NAME.test(stage.name)) return { build: stage.name, runtime: freshStageName(stageModel, ['runtime', 'app']) };
  return { build: freshStageName(stageModel, ['build', 'builder']), runtime: stage.name ?? freshStageName(stageModel, ['runtime', 'app']) };
}
