import { describeSelection, minimalWays, sortSelections, type Selection, type Selections } from './buildSelections';
import { derivedKey, type DocumentModel } from './documentModel';
import { mapValue } from './mapValue';
import { platformArgsRead } from './platformArgReads';
import { formatPlatform, isNormalizedPlatformValue, platformArgValues, type Platform } from './platforms';
import { referencedStageIndex } from './stageModel';
import { optionKey, selectionsKey, sharedOption, type FromOption, type SharedOptions } from './sharedOptions';
import { countBelow, StageNames, type StageMatch } from './stageNameIndex';
import {
  fromsThatMayNameStages,
  isNamedAt,
  matchStages,
  pickableStages,
  stagesNamedBy,
  wholeNamePicks,
  wildcardInputs,
  type UnlistedPicks,
} from './stageNameMatching';
import type { BuildInputs, StageModel, StageReference } from './stageTypes';
import { platformArgNames } from './variables';

export type { FromOption } from './sharedOptions';

/**
 * Which stages get built, over every build a Dockerfile is made for: each configured platform,
 * each value of a build argument that picks a stage by name, and the stages built as roots (the
 * target, and any extra roots a workspace builds). BuildKit expands FROM lines with its
 * automatic platform ARGs and the global ARGs, so `FROM binaries-$TARGETOS` names another stage
 * on each platform and `FROM export-${BASE}` another with each `--build-arg BASE=...`; a stage is
 * unreachable only when no such build reaches it.
 */

/** A FROM line that names a stage by platform or build argument. */
export interface StageChoice {
  /** The stage whose FROM it is. */
  readonly stageIndex: number;
  readonly reference: StageReference;
  readonly options: readonly FromOption[];
  /** Earlier stages it can also name, beyond the nearest ones `options` lists (stageNameMatching.ts). */
  readonly unlisted: number;
}

export interface StageReach {
  /** Built by the current build: the first configured platform, no `--build-arg`. */
  readonly byDefault: boolean;
  /** Each list is what one build needs to build the stage; an empty list means every build builds it. */
  readonly ways: readonly Selections[];
  /** The configured platforms (formatted) some build of which builds the stage. */
  readonly platforms: readonly string[];
}

export interface ReachabilityOptions {
  /** The platforms built for, the current one first; at least one. */
  readonly platforms: readonly Platform[];
  /** The stage built; the file's last stage when absent. */
  readonly targetIndex?: number;
  /** Stages a workspace builds besides the target. */
  readonly extraRoots?: readonly number[];
}

export interface Reachability {
  readonly targetIndex: number | undefined;
  readonly platforms: readonly Platform[];
  /** Stages some build builds. */
  readonly reached: ReadonlyMap<number, StageReach>;
  /** The FROM lines that pick a stage, by the index of their stage. */
  readonly choices: ReadonlyMap<number, StageChoice>;
  /** Stages that only platform values outside the configured platforms would build, with the values. */
  readonly otherPlatforms: ReadonlyMap<number, Selections>;
  /** Per configured platform, in order: the stage each stage's FROM names with the build-argument defaults. */
  readonly defaultBases: readonly ReadonlyMap<number, number>[];
}

/** A stage a picking FROM can name, with what names it (`TARGETOS=windows`, alternatives joined by ` | `). */
export interface ChoiceTarget {
  readonly stageIndex: number;
  readonly selectedBy: string;
  /** Named in the current build. */
  readonly chosen: boolean;
}

/**
 * The stages a FROM that picks a stage can name, each once, as the graph and the outline show
 * them. `labels` keeps what each option's selections read as, for callers that ask for every
 * choice of a file: the FROMs that list one stage share its option (`sharedOption`).
 */
export function choiceTargets(choice: StageChoice, labels = new Map<Selections, string>()): ChoiceTarget[] {
  const byStage = new Map<number, { labels: string[]; chosen: boolean }>();
  for (const option of choice.options) {
    const entry = byStage.get(option.stageIndex) ?? { labels: [], chosen: false };
    const label = mapValue(labels, option.selections, () => option.selections.map(describeSelection).join(' '));
    if (label !== '' && !entry.labels.includes(label)) entry.labels.push(label);
    entry.chosen ||= option.chosen;
    byStage.set(option.stageIndex, entry);
  }
  return [...byStage].map(([stageIndex, entry]) => ({ stageIndex, selectedBy: entry.labels.join(' | '), chosen: entry.chosen }));
}

/** Paths through the build kept per stage before the rest are dropped: enough for any real file. */
const maxWaysPerStage = 32;

/** A version's reachability, by the options it was worked out for. */
const reachabilityKey = derivedKey<Map<string, Reachability>>('reachability');

/** A version's platform lists as keys, by the list: the rules of one lint pass the same list. */
const platformListKey = derivedKey<Map<readonly Platform[], string>>('platform list key');

/** Options as a string, equal for options that give the same answers: the key of values derived per version and options. */
export function reachabilityOptionsKey(document: DocumentModel, options: ReachabilityOptions): string {
  // Asked for by every rule that reads reachability or the shipped images: the list is formatted once.
  const platforms = document.deriveFor(platformListKey, options.platforms, () => JSON.stringify(options.platforms.map(formatPlatform)));
  return `${platforms} ${options.targetIndex ?? document.stageModel.targetIndex} ${(options.extraRoots ?? []).join(',')}`;
}

/** Reachability of the document's stages, computed once per version and options. */
export function reachabilityOf(document: DocumentModel, options: ReachabilityOptions): Reachability {
  const model = document.stageModel;
  return document.deriveFor(reachabilityKey, reachabilityOptionsKey(document, options), () =>
    computeReachability(model, options.platforms, options.targetIndex ?? model.targetIndex, options.extraRoots ?? []),
  );
}

/** Selections of two steps of one build, or undefined when they need different values of one name. */
export function mergeSelections(a: Selections, b: Selections): Selections | undefined {
  if (b.length === 0) return a;
  const merged = new Map(a.map((selection) => [selection.name, selection]));
  for (const selection of b) {
    const known = merged.get(selection.name);
    if (known && known.value !== selection.value) return undefined;
    if (!known || selection.source === 'default') merged.set(selection.name, selection);
  }
  return sortSelections([...merged.values()]);
}

/** The stages the FROMs that can name more than they list leave unlisted (stageNameMatching.ts), by stage. */
interface Picks {
  readonly unlisted: ReadonlyMap<number, UnlistedPicks>;
}

/**
 * The options of each varying FROM on one platform, the stage each FROM names by default there,
 * and the FROMs that can name more stages than they list.
 */
function optionsOnPlatform(
  stageNames: StageNames,
  varying: ReadonlyMap<number, readonly string[]>,
  pickable: readonly number[],
  platformArgs: ReadonlyMap<string, string>,
  current: boolean,
) {
  const { model } = stageNames;
  // Most files pick no stage by a variable: then the FROM lines name what the model resolved.
  const defaults = varying.size > 0 ? model.expandBases({ platformArgs, buildArgs: new Map() }, varying.keys()) : [];
  const wild = varying.size > 0 ? model.expandBases(wildcardInputs(model, platformArgs), varying.keys()) : [];
  const options = new Map<number, FromOption[]>();
  const bases = new Map<number, number>();
  const unlisted = new Map<number, UnlistedPicks>();
  const shared: SharedOptions = new Map();
  for (const stage of model.stages) {
    const names = varying.get(stage.index);
    if (!names) {
      if (stage.baseStageIndex !== undefined) bases.set(stage.index, stage.baseStageIndex);
      continue;
    }
    const defaultName = defaults[stage.index];
    const defaultStage = defaultName === undefined ? undefined : stageNames.namedBefore(defaultName, stage.index);
    if (defaultStage !== undefined) bases.set(stage.index, defaultStage);
    const byPlatform = targetSelections(names, platformArgs);
    // What a default holding a platform ARG names is built for the platform that gives that value.
    const byDefault = targetSelections([...new Set([...names, ...platformArgsRead(model, names)])], platformArgs);
    const platformKey = selectionsKey(byPlatform);
    const found: FromOption[] = [];
    const text = wild[stage.index] ?? '';
    const named = matchStages(stageNames, text, stage.index);
    const picked = named.matches.length > 0 ? named : (wholeNamePicks(stageNames, pickable, text, stage.index, defaultStage) ?? named);
    const { matches } = picked;
    if (picked.unlisted) unlisted.set(stage.index, picked.unlisted);
    for (const match of matches) {
      if (match.stageIndex !== defaultStage) {
        found.push(sharedOption(shared, match, byPlatform, platformKey));
        continue;
      }
      const byValue = [...match.values].map(([name, value]): Selection => ({ name, value, source: 'default' }));
      found.push({ stageIndex: match.stageIndex, selections: sortSelections([...byDefault, ...byValue]), chosen: current });
    }
    if (defaultStage !== undefined && !matches.some((match) => match.stageIndex === defaultStage)) {
      found.push({ stageIndex: defaultStage, selections: sortSelections([...byDefault]), chosen: current });
    }
    if (found.length > 0) options.set(stage.index, found);
  }
  probedOptions(stageNames, varying, platformArgs, options);
  return { options, bases, picks: { unlisted } };
}

/** Stages no FROM, `--from` or mount names. */
function unusedStages(model: StageModel): Set<number> {
  const used = new Set(model.references.map(referencedStageIndex));
  return new Set(model.stages.map((stage) => stage.index).filter((index) => !used.has(index)));
}

/** Copy and mount references, and the FROM of stages whose FROM does not vary, by the stage that holds them. */
function fixedDependencies(model: StageModel, varying: ReadonlyMap<number, readonly string[]>): Map<number, number[]> {
  const dependencies = new Map<number, number[]>();
  for (const reference of model.references) {
    if (reference.kind === 'from' && varying.has(reference.fromStageIndex)) continue;
    const to = referencedStageIndex(reference);
    if (to === undefined) continue;
    const list = dependencies.get(reference.fromStageIndex);
    if (list) list.push(to);
    else dependencies.set(reference.fromStageIndex, [to]);
  }
  return dependencies;
}

/** The ways each stage is reached from the roots on one platform. */
function walk(
  stageNames: StageNames,
  roots: readonly number[],
  dependencies: ReadonlyMap<number, readonly number[]>,
  options: ReadonlyMap<number, readonly FromOption[]>,
  picks?: Picks,
): Map<number, Map<string, Selections>> {
  const ways = new Map<number, Map<string, Selections>>();
  const pending: [number, Selections][] = roots.map((root) => [root, []]);
  const sweep: SweepState = { swept: new Map(), byValue: new Map() };
  while (pending.length > 0) {
    const [stage, selections] = pending.pop() as [number, Selections];
    if (stage < 0 || stage >= stageNames.model.stages.length) continue;
    let known = ways.get(stage);
    if (!known) {
      known = new Map();
      ways.set(stage, known);
    }
    const key = selectionsKey(selections);
    if (known.has(key) || known.size >= maxWaysPerStage) continue;
    known.set(key, selections);
    for (const dependency of dependencies.get(stage) ?? []) pending.push([dependency, selections]);
    for (const option of options.get(stage) ?? []) {
      const merged = mergeSelections(selections, option.selections);
      if (merged) pending.push([option.stageIndex, merged]);
    }
    const more = picks?.unlisted.get(stage);
    if (more) sweepUnlisted(more, selections, sweep, pending);
  }
  return ways;
}

/** Over one walk: how far each list of unlisted stages has been pushed, and its positions by the value a match gives an argument. */
interface SweepState {
  readonly swept: Map<readonly StageMatch[], number>;
  readonly byValue: Map<readonly StageMatch[], Map<string, number[]>>;
}

/**
 * Pushes onto `pending` the stages a FROM can name beyond those it lists: the first
 * `more.count` of `more.all`. Every FROM that shares a list picks among its first stages, so over
 * one walk each is pushed once, by the first FROM to reach past it: the walk stays linear in the
 * file, and such a stage is found with one way to build it rather than with every way.
 */
function sweepUnlisted(more: UnlistedPicks, selections: Selections, sweep: SweepState, pending: [number, Selections][]): void {
  const byArgument = (match: StageMatch): Selection[] => [...match.values].map(([name, value]) => ({ name, value, source: 'buildArg' }));
  const given = selections.find((selection) => more.all[0].values.has(selection.name));
  if (given) {
    // The build already gives an argument a value: the FROM names the stages that take it.
    for (const position of positionsTaking(more.all, given, sweep)) {
      if (position >= more.count) break;
      const merged = mergeSelections(selections, byArgument(more.all[position]));
      if (merged) pending.push([more.all[position].stageIndex, merged]);
    }
    return;
  }
  let position = sweep.swept.get(more.all) ?? 0;
  for (; position < more.count; position++) pending.push([more.all[position].stageIndex, sortSelections([...selections, ...byArgument(more.all[position])])]);
  sweep.swept.set(more.all, position);
}

/** The positions in `all` of the matches giving `given`'s argument its value (in any case), in order; indexed once per list. */
function positionsTaking(all: readonly StageMatch[], given: Selection, sweep: SweepState): readonly number[] {
  let index = sweep.byValue.get(all);
  if (!index) {
    index = new Map();
    for (const [position, match] of all.entries()) {
      for (const [name, value] of match.values) {
        const key = `${name}\u0000${value.toLowerCase()}`;
        const positions = index.get(key);
        if (positions) positions.push(position);
        else index.set(key, [position]);
      }
    }
    sweep.byValue.set(all, index);
  }
  return index.get(`${given.name}\u0000${given.value.toLowerCase()}`) ?? [];
}

/** The build arguments and platform ARGs each FROM text refers to, for the FROMs that refer to any. */
function varyingFroms(model: StageModel): Map<number, string[]> {
  const settable = new Set([...platformArgNames, ...model.globalArgs.map((arg) => arg.name)]);
  const varying = new Map<number, string[]>();
  for (const stage of model.stages) {
    const names = stage.base.variables.filter((name) => settable.has(name));
    if (names.length > 0) varying.set(stage.index, names);
  }
  return varying;
}

/** Values tried for a build argument whose value only switches a name on or off (`${DEBUG:+-debug}`): set, and empty. */
const probeValues = ['1', ''];

/**
 * Options a wildcard cannot find: a build argument that adds or drops a part of the name
 * (`buildkit-$TARGETOS${BUILDKIT_DEBUG:+-debug}`) is tried set and empty.
 */
function probedOptions(
  stageNames: StageNames,
  varying: ReadonlyMap<number, readonly string[]>,
  platformArgs: ReadonlyMap<string, string>,
  options: Map<number, FromOption[]>,
): void {
  const argumentNames = new Set([...varying.values()].flat().filter((name) => !platformArgNames.includes(name)));
  for (const name of argumentNames) {
    for (const value of probeValues) {
      const texts = stageNames.model.expandBases({ platformArgs, buildArgs: new Map([[name, value]]) }, varying.keys());
      for (const [stageIndex, names] of varying) {
        const text = texts[stageIndex];
        const found = text === undefined || !names.includes(name) ? undefined : stageNames.namedBefore(text, stageIndex);
        const known = options.get(stageIndex) ?? [];
        if (found === undefined || known.some((option) => option.stageIndex === found)) continue;
        const byPlatform = targetSelections(names, platformArgs);
        known.push({ stageIndex: found, selections: sortSelections([...byPlatform, { name, value, source: 'buildArg' }]), chosen: false });
        options.set(stageIndex, known);
      }
    }
  }
}

/** An option no `--build-arg` is needed for. */
function isPlain(option: FromOption): boolean {
  return option.selections.every((selection) => selection.source !== 'buildArg');
}

/**
 * The TARGET* ARGs among `names`, with their values on a platform. The BUILD* ARGs take the same
 * values in every configured build, so they pick nothing among them.
 */
function targetSelections(names: readonly string[], platformArgs: ReadonlyMap<string, string>): Selection[] {
  return names
    .filter((name) => platformArgNames.includes(name) && !name.startsWith('BUILD'))
    .map((name) => ({ name, value: platformArgs.get(name) ?? '', source: 'platform' }));
}

/**
 * The configured platforms (by position) grouped by the values they give the TARGET* ARGs the
 * FROM lines use, the current platform's group first: a file that picks by TARGETOS alone is
 * the same on every Linux platform, and one that picks nothing the same everywhere.
 */
function platformGroups(model: StageModel, platforms: readonly Platform[], varying: ReadonlyMap<number, readonly string[]>): number[][] {
  // FROM lines often share their variables: each name is followed through the defaults once.
  const names = [...new Set([...varying.values()].flat())];
  const used = [...new Set([...names, ...platformArgsRead(model, names)])].filter((name) => platformArgNames.includes(name) && !name.startsWith('BUILD'));
  // The usual file picks nothing by platform: every platform builds the same stages.
  if (used.length === 0) return [platforms.map((_, position) => position)];
  const groups = new Map<string, number[]>();
  platforms.forEach((platform, position) => {
    const values = platformArgValues(platforms[0], platform);
    const key = used.map((name) => values.get(name) ?? '').join('\u0000');
    const group = groups.get(key);
    if (group) group.push(position);
    else groups.set(key, [position]);
  });
  return [...groups.values()];
}

function computeReachability(model: StageModel, platforms: readonly Platform[], targetIndex: number | undefined, extraRoots: readonly number[]): Reachability {
  const stageNames = new StageNames(model);
  const varying = varyingFroms(model);
  const picking = fromsThatMayNameStages(stageNames, varying);
  const dependencies = fixedDependencies(model, picking);
  // Only a FROM that can pick a stage picks among the stages nothing else uses.
  const pickable = picking.size > 0 ? pickableStages(model, unusedStages(model)) : [];
  const roots = targetIndex === undefined ? [...extraRoots] : [targetIndex, ...extraRoots];
  const platformNames = platforms.map(formatPlatform);
  const reached = new Map<number, { byDefault: boolean; ways: Map<string, Selections>; platforms: string[] }>();
  const choiceOptions = new Map<number, Map<string, FromOption>>();
  const optionKeys = new Map<FromOption, string>();

  // Platforms that give the ARGs the FROM lines use the same values build the same stages.
  const groups = platformGroups(model, platforms, varying);
  const perGroup = groups.map((members) => optionsOnPlatform(stageNames, picking, pickable, platformArgValues(platforms[0], platforms[members[0]]), members[0] === 0));
  // A --build-arg value naming a stage the current build builds anyway picks nothing new
  // (`buildkit-${BUILDKIT_TARGET}` can name `buildkit-base`): such options are left out.
  const plainOptions = new Map([...perGroup[0].options].map(([stageIndex, list]) => [stageIndex, list.filter(isPlain)]));
  // Without a FROM that picks a stage there are no options to leave out, and nothing to walk for.
  const builtByDefault = perGroup.some(({ options }) => options.size > 0) ? walk(stageNames, roots, dependencies, plainOptions) : undefined;
  const defaultBases: ReadonlyMap<number, number>[] = platforms.map(() => new Map());
  const unlisted = new Map<number, number>();
  perGroup.forEach(({ options, bases, picks }, group) => {
    const members = groups[group];
    for (const position of members) defaultBases[position] = bases;
    for (const [stageIndex, list] of options) {
      const kept = list.filter((option) => isPlain(option) || !builtByDefault?.has(option.stageIndex));
      options.set(stageIndex, kept);
      const known = choiceOptions.get(stageIndex) ?? new Map<string, FromOption>();
      for (const option of kept) {
        const key = optionKey(option, optionKeys);
        const before = known.get(key);
        known.set(key, before && before.chosen ? before : option);
      }
      choiceOptions.set(stageIndex, known);
    }
    for (const [stageIndex, more] of picks.unlisted) unlisted.set(stageIndex, Math.max(unlisted.get(stageIndex) ?? 0, more.count));
    for (const [stage, ways] of walk(stageNames, roots, dependencies, options, picks)) {
      let reach = reached.get(stage);
      if (!reach) {
        reach = { byDefault: false, ways: new Map(), platforms: [] };
        reached.set(stage, reach);
      }
      for (const position of members) reach.platforms.push(platformNames[position]);
      for (const [key, selections] of ways) {
        reach.ways.set(key, selections);
        if (members[0] === 0 && selections.every((selection) => selection.source !== 'buildArg')) reach.byDefault = true;
      }
    }
  });

  const fromReferences = new Map<number, StageReference>();
  for (const reference of model.references) if (reference.kind === 'from' && !fromReferences.has(reference.fromStageIndex)) fromReferences.set(reference.fromStageIndex, reference);
  const choices = new Map<number, StageChoice>();
  for (const [stageIndex, options] of choiceOptions) {
    const reference = fromReferences.get(stageIndex);
    if (reference) choices.set(stageIndex, { stageIndex, reference, options: [...options.values()], unlisted: unlisted.get(stageIndex) ?? 0 });
  }
  const finished = new Map<number, StageReach>(
    [...reached].map(([stage, reach]) => [stage, { byDefault: reach.byDefault, ways: minimalWays([...reach.ways.values()]), platforms: reach.platforms }]),
  );
  return { targetIndex, platforms, reached: finished, choices, otherPlatforms: otherPlatformStages(stageNames, picking, dependencies, finished), defaultBases };
}

/**
 * Stages a reached FROM would name on a platform none of the configured ones is, such as
 * `binaries-windows` for `FROM binaries-$TARGETOS` when only Linux is configured, and the stages
 * they need in turn.
 */
function otherPlatformStages(
  stageNames: StageNames,
  varying: ReadonlyMap<number, readonly string[]>,
  dependencies: ReadonlyMap<number, readonly number[]>,
  reached: ReadonlyMap<number, StageReach>,
): Map<number, Selections> {
  const { model } = stageNames;
  const other = new Map<number, Selections>();
  if (varying.size === 0) return other;
  const wildcards = wildcardInputs(model, undefined);
  // Every platform ARG a wildcard; each build argument a wildcard, or tried set and empty.
  const variants: BuildInputs[] = [wildcards];
  for (const name of new Set([...varying.values()].flat().filter((each) => !platformArgNames.includes(each)))) {
    for (const value of probeValues) variants.push({ platformArgs: wildcards.platformArgs, buildArgs: new Map([[name, value]]) });
  }
  const pending: [number, Selections][] = [];
  for (const variant of variants) {
    const texts = model.expandBases(variant, varying.keys());
    for (const [text, froms] of reachedFromsByText(texts, varying, reached)) {
      // Latest first, as a FROM lists them.
      for (const match of [...stagesNamedBy(stageNames, text)].reverse()) {
        const nextFrom = froms[countBelow(froms, match.stageIndex + 1)];
        if (nextFrom === undefined || !isNamedAt(stageNames, match.stageIndex, nextFrom)) continue;
        const selections = sortSelections(
          [...match.values].map(([name, value]): Selection => ({ name, value, source: platformArgNames.includes(name) ? 'platform' : 'buildArg' })),
        );
        const platformValues = selections.filter((selection) => selection.source === 'platform');
        if (platformValues.length > 0 && platformValues.every((selection) => isNormalizedPlatformValue(selection.name, selection.value))) {
          pending.push([match.stageIndex, selections]);
        }
      }
    }
  }
  while (pending.length > 0) {
    const [stage, selections] = pending.pop() as [number, Selections];
    if (reached.has(stage) || other.has(stage)) continue;
    other.set(stage, selections);
    for (const dependency of dependencies.get(stage) ?? []) pending.push([dependency, selections]);
  }
  return other;
}

/**
 * The reached FROMs that vary, in order, by their text: what a text names is read once, however
 * many FROMs share it, and a stage is named by one of them when the first after it names it.
 */
function reachedFromsByText(texts: readonly (string | undefined)[], varying: ReadonlyMap<number, readonly string[]>, reached: ReadonlyMap<number, StageReach>): Map<string, number[]> {
  const byText = new Map<string, number[]>();
  for (const stageIndex of varying.keys()) {
    if (!reached.has(stageIndex)) continue;
    const text = texts[stageIndex] ?? '';
    const froms = byText.get(text);
    if (froms) froms.push(stageIndex);
    else byText.set(text, [stageIndex]);
  }
  return byText;
}
