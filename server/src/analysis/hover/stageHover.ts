import { formatPlatform, type Platform } from '../platforms';
import { describeSelection, describeWays } from '../buildSelections';
import { reachabilityOf } from '../reachability';
import type { Stage, StageReference } from '../stageTypes';
import type { HoverIndex } from './hoverIndex';
import { imageHover } from './imageHover';
import { blocks, code, lineLink, list } from './markdown';
import { keywordOf } from '../instructionFacts';

/** Referrers listed in full; a stage used by more gets a count for the rest. */
const maxReferrersListed = 20;

function stageLabel(stage: Stage): string {
  return stage.name ? `stage ${code(stage.name)}` : `stage ${stage.index}`;
}

/** How a reference reads in the file: `FROM build`, `COPY --from=build`, `RUN --mount=from=build`. */
function referenceText(reference: StageReference): string {
  const keyword = keywordOf(reference.instruction);
  switch (reference.kind) {
    case 'from':
      return code(`FROM ${reference.value.text}`);
    case 'copy':
      return code(`${keyword} --from=${reference.value.text}`);
    case 'mount':
      return code(`${keyword} --mount=from=${reference.value.text}`);
  }
}

function baseLine(index: HoverIndex, stage: Stage): string {
  const uri = index.model.uri;
  const stages = index.model.stageModel.stages;
  if (stage.baseStageIndex !== undefined) {
    const base = stages[stage.baseStageIndex];
    return `Built on ${stageLabel(base)} (${lineLink(uri, base.range.start.line)}): starts from its files, environment and WORKDIR`;
  }
  const { text, resolved, unresolvedVariables } = stage.base;
  if (resolved === undefined) {
    return `Base image: ${code(text)}, where ${unresolvedVariables.map(code).join(', ')} ${unresolvedVariables.length === 1 ? 'has' : 'have'} no default value: it comes from ${code('--build-arg')}`;
  }
  return resolved === text ? `Base image: ${code(text)}` : `Base image: ${code(resolved)} (${code(text)} with the ARG defaults)`;
}

function workdirLine(stage: Stage): string {
  if (stage.workdir !== undefined) return `WORKDIR: ${code(stage.workdir)}`;
  const setsWorkdir = stage.instructions.some((instruction) => keywordOf(instruction) === 'WORKDIR');
  if (setsWorkdir) return 'WORKDIR: uses a variable with no known value';
  return stage.baseStageIndex === undefined ? "WORKDIR: not set in this file, so the base image's (`/` unless it sets one)" : 'WORKDIR: not set in this file';
}

function targetLine(index: HoverIndex, stage: Stage, platforms: readonly Platform[]): string | undefined {
  const { targetIndex, stages } = index.model.stageModel;
  if (targetIndex === undefined) return undefined;
  if (stage.index === targetIndex) return '**Target stage**: the image a plain `docker build` produces.';
  const target = stages[targetIndex];
  const reachability = reachabilityOf(index.model, { platforms });
  const reach = reachability.reached.get(stage.index);
  if (reach?.byDefault) {
    // Say which platform picked it when every build without a --build-arg picks it by platform.
    const plain = reach.ways.filter((way) => way.every((selection) => selection.source !== 'buildArg'));
    const picked = plain.every((way) => way.some((selection) => selection.source === 'platform')) ? describeWays(plain) : '';
    return `Needed by the target, ${stageLabel(target)}${picked === '' ? '' : `, built ${picked}`}.`;
  }
  if (reach) return `Built ${describeWays(reach.ways)}: needed by the target, ${stageLabel(target)}, in those builds only; a plain \`docker build\` on ${formatPlatform(platforms[0])} skips it.`;
  const other = reachability.otherPlatforms.get(stage.index);
  if (other) {
    return `**Not built** on the configured platforms: built only ${describeWays([other])}. Add that platform to ${code('dockerfileStages.platforms')} to have it judged.`;
  }
  const howToBuild = stage.name ? `; build it with ${code(`docker build --target ${stage.name}`)}` : '';
  return `**Not needed** by the target, ${stageLabel(target)}: a plain \`docker build\` skips it${howToBuild}.`;
}

/** For a FROM that picks its stage by platform or build argument: each stage it can name, and what picks it. */
function choiceLines(index: HoverIndex, reference: StageReference, platforms: readonly Platform[]): string | undefined {
  if (reference.kind !== 'from') return undefined;
  const choice = reachabilityOf(index.model, { platforms }).choices.get(reference.fromStageIndex);
  if (!choice) return undefined;
  const stages = index.model.stageModel.stages;
  const items = choice.options.map((option) => {
    const picked = option.selections.map(describeSelection).join(' ');
    return `${stageLabel(stages[option.stageIndex])}${picked === '' ? '' : ` for ${code(picked)}`}${option.chosen ? ' (this build)' : ''}`;
  });
  if (choice.unlisted > 0) items.push(`and ${choice.unlisted} earlier stages it can also name, each by its ${code('--build-arg')}`);
  return `Picks its stage by platform or build argument:\n${list(items)}`;
}

function referrersSection(index: HoverIndex, stage: Stage): string {
  const uri = index.model.uri;
  const stages = index.model.stageModel.stages;
  const referrers = index.referrersOf(stage.index);
  if (referrers.length === 0) return 'No instruction in this file uses it.';
  const items = referrers
    .slice(0, maxReferrersListed)
    .map((reference) => `${lineLink(uri, reference.value.range.start.line)}: ${referenceText(reference)} in ${stageLabel(stages[reference.fromStageIndex])}`);
  if (referrers.length > maxReferrersListed) items.push(`and ${referrers.length - maxReferrersListed} more`);
  return `Used by:\n${list(items)}`;
}

/** Everything about one stage: its base, where it is defined, its WORKDIR, who uses it, whether the target needs it. */
export function stageHover(index: HoverIndex, stage: Stage, platforms: readonly Platform[], ...notes: string[]): string {
  const uri = index.model.uri;
  const title = stage.name ? `**Stage** ${code(stage.name)} (index ${stage.index})` : `**Stage ${stage.index}** (unnamed)`;
  const facts = [`Defined on ${lineLink(uri, stage.range.start.line)}`, baseLine(index, stage)];
  if (stage.platform) facts.push(`Platform: ${code(stage.platform.resolved ?? stage.platform.text)}`);
  facts.push(workdirLine(stage));
  return blocks(title, ...notes, list(facts), targetLine(index, stage, platforms), referrersSection(index, stage));
}

/** The hover of a FROM image, `--from` or mount `from=` value: the stage or image it leads to. */
export function referenceHover(index: HoverIndex, reference: StageReference, now: Date, platforms: readonly Platform[]): string {
  const uri = index.model.uri;
  const stages = index.model.stageModel.stages;
  const { target, value } = reference;
  const resolution = value.resolved !== undefined && value.resolved !== value.text ? `${code(value.text)} is ${code(value.resolved)} with the ARG defaults.` : undefined;
  switch (target.type) {
    case 'stage':
      return stageHover(index, stages[target.index], platforms, ...optional(resolution), ...optional(choiceLines(index, reference, platforms)));
    case 'laterStage': {
      const stage = stages[target.index];
      if (reference.kind === 'from') {
        const note = `A stage named ${code(stage.name ?? String(stage.index))} is defined further down, on ${lineLink(uri, stage.range.start.line)}, but FROM only sees earlier stages: this is an image.`;
        return blocks(note, imageHover(value.resolved ?? value.text, now));
      }
      const problem =
        target.index === reference.fromStageIndex
          ? '⚠️ This is the stage the instruction is in: BuildKit stops with a circular dependency.'
          : '⚠️ This stage is defined further down: BuildKit stops, because a stage can only use stages defined before it.';
      return stageHover(index, stage, platforms, ...optional(resolution), problem);
    }
    case 'image': {
      const note = reference.kind === 'from' ? resolution : blocks(resolution ?? '', `No stage has this name, so BuildKit uses the image ${code(target.name)}.`);
      return blocks(note, imageHover(target.name, now));
    }
    case 'indexOutOfRange':
      return blocks(
        `**Stage index ${target.index}**`,
        `⚠️ This file has ${stages.length} ${stages.length === 1 ? 'stage' : 'stages'} (indexes 0 to ${stages.length - 1}), so BuildKit stops with an error.`,
      );
    case 'unresolved': {
      const variables = value.unresolvedVariables.map(code).join(', ');
      const choices = choiceLines(index, reference, platforms);
      if (choices) return blocks(`**${code(value.text)}**`, `${variables} ${value.unresolvedVariables.length === 1 ? 'has' : 'have'} no default value here.`, choices);
      const explanation =
        reference.kind === 'from'
          ? `The image is chosen when building, with ${code('--build-arg')}.`
          : `BuildKit does not expand variables in ${reference.kind === 'copy' ? code('--from') : code('from=')}: define a stage for it (${code('FROM ${VAR} AS name')}) and use its name.`;
      return blocks(`**${code(value.text)}**`, `${variables} ${value.unresolvedVariables.length === 1 ? 'has' : 'have'} no default value here. ${explanation}`);
    }
    case 'context':
      return blocks(
        `**${code(value.text)}**`,
        `No stage has this name, so BuildKit reads from the build context.`,
      );
  }
}

function optional(text: string | undefined): string[] {
  return text === undefined ? [] : [text];
}
