import { mapValue } from './mapValue';
import { countBelow, countBelowBy, type StageMatch, type StageNames } from './stageNameIndex';
import type { BuildInputs, StageModel } from './stageTypes';
import { platformArgNames } from './variables';

/**
 * Which earlier stages a FROM line with variables can name (reachability.ts): its text is
 * expanded with a wildcard for each value a build chooses, and matched against the stage names.
 */

/** A placeholder no Dockerfile holds, standing for a value the build chooses. */
const wildcardOpen = '\uE000';
const wildcardClose = '\uE001';
const wildcard = (name: string): string => `${wildcardOpen}${name}${wildcardClose}`;
const wildcardPattern = /\uE000([A-Za-z_][A-Za-z0-9_]*)\uE001/g;

/** `buildArgs` with every global ARG, and `platformArgs` with every platform ARG when given none, as wildcards. */
export function wildcardInputs(model: StageModel, platformArgs: ReadonlyMap<string, string> | undefined): BuildInputs {
  const buildArgs = new Map(model.globalArgs.filter((arg) => !platformArgNames.includes(arg.name)).map((arg) => [arg.name, wildcard(arg.name)]));
  return { platformArgs: platformArgs ?? new Map(platformArgNames.map((name) => [name, wildcard(name)])), buildArgs };
}

/** Characters that join the parts of a stage name: `binaries-linux`, `build_alpine`, `base.debug`. */
const separators = '-_.';

/**
 * Every stage whose name a FROM text with wildcards can become, in stage order, with the value
 * each wildcard takes; for a FROM, those before it whose name no later stage before it takes
 * (`isNamedAt`). A text that is all wildcard (`FROM ${BASE}`) usually names an image: it is
 * taken to pick a stage only through its default, not any stage at all. A value does not span
 * the separator written before its wildcard unless the name's default holds it, so
 * `build-${BASE_VARIANT}` picks `build-alpine`, not `build-base-alpine`. Worked out once per
 * text: thousands of FROM lines often share one.
 */
export function stagesNamedBy(stageNames: StageNames, text: string): readonly StageMatch[] {
  const known = stageNames.textMatches.get(text);
  if (known) return known;
  const names: string[] = [];
  /** The literal text between two variables, each part lowercased. */
  const inner: string[] = [];
  let literal = '';
  let source = '^';
  let last = 0;
  for (const match of text.matchAll(wildcardPattern)) {
    const plain = text.slice(last, match.index);
    const separator = plain.at(-1);
    const spans = separator === undefined || !separators.includes(separator) || defaultOf(stageNames.model, match[1]).includes(separator);
    if (names.length > 0 && plain !== '') inner.push(plain.toLowerCase());
    literal += plain;
    source += `${escapeRegExp(plain)}(${spans ? '.*' : `[^${escapeRegExp(separator)}]*`})`;
    names.push(match[1]);
    last = match.index + match[0].length;
  }
  literal += text.slice(last);
  source += `${escapeRegExp(text.slice(last))}$`;
  const found: StageMatch[] = [];
  stageNames.textMatches.set(text, found);
  if (names.length === 0 || literal === '') return found;
  const pattern = new RegExp(source, 'i');
  const prefix = text.slice(0, text.indexOf(wildcardOpen)).toLowerCase();
  const suffix = text.slice(last).toLowerCase();
  for (const stageIndex of stageNames.withAffixes(prefix, suffix, inner)) {
    const match = pattern.exec(stageNames.model.stages[stageIndex].name?.toLowerCase() ?? '');
    if (!match) continue;
    const values = new Map<string, string>();
    // A name used twice must take one value.
    const consistent = names.every((wildcardName, position) => {
      const value = match[position + 1];
      if (values.has(wildcardName) && values.get(wildcardName) !== value) return false;
      values.set(wildcardName, value);
      return true;
    });
    if (consistent) found.push({ stageIndex, values });
  }
  return found;
}

/**
 * Whether a FROM text with variables can name a stage in some build: every build's expansion of
 * it starts with the text before its first variable, quote or escape, and a stage's name must
 * start with that too (`FROM golang:${GO_VERSION}-alpine` names an image whatever the build gives).
 */
function mayNameStage(stageNames: StageNames, text: string): boolean {
  const { escapeCharacter } = stageNames.model;
  let end = 0;
  while (end < text.length && text[end] !== '$' && text[end] !== "'" && text[end] !== '"' && text[end] !== escapeCharacter) end++;
  const prefix = text.slice(0, end);
  // Names are compared without case, and beyond ASCII one way of ignoring case can differ from another.
  return !/^[ -~]*$/.test(prefix) || stageNames.anyNameStartsWith(prefix.toLowerCase());
}

/**
 * Of the FROMs `varying` lists, those that can name a stage in some build (`mayNameStage`), each
 * text asked about once: a FROM no build turns into a stage's name names an image in every build.
 */
export function fromsThatMayNameStages<T>(stageNames: StageNames, varying: ReadonlyMap<number, T>): Map<number, T> {
  const byText = new Map<string, boolean>();
  return new Map(
    [...varying].filter(([stageIndex]) => {
      const { text } = stageNames.model.stages[stageIndex].base;
      return mapValue(byText, text, () => mayNameStage(stageNames, text));
    }),
  );
}

/** Whether a FROM at stage `before` names `stageIndex` by its name: the last stage of that name before it. */
export function isNamedAt(stageNames: StageNames, stageIndex: number, before: number): boolean {
  const name = stageNames.model.stages[stageIndex].name;
  return stageIndex < before && name !== undefined && stageNames.namedBefore(name, before) === stageIndex;
}

/** The stages a FROM can name, the nearest listed, and how many of `all` before them are left unlisted (still built). */
export interface StagePicks {
  /** Latest first. */
  readonly matches: StageMatch[];
  readonly unlisted?: UnlistedPicks;
}

/** The first `count` of `all` a FROM can also name, beyond those it lists. */
export interface UnlistedPicks {
  readonly all: readonly StageMatch[];
  readonly count: number;
}

/**
 * The earlier stages a FROM text with wildcards names (`stagesNamedBy`), the nearest
 * `maxListedPicks` listed latest first, the earlier ones counted (`FROM b${X}` repeated
 * thousands of times can name every earlier stage each time).
 */
export function matchStages(stageNames: StageNames, text: string, before: number): StagePicks {
  return nearestPicks(stageNames, stagesNamedBy(stageNames, text), before);
}

function nearestPicks(stageNames: StageNames, all: readonly StageMatch[], before: number): StagePicks {
  const matches: StageMatch[] = [];
  let position = countBelowBy(all, before, (match) => match.stageIndex);
  while (position > 0 && matches.length < maxListedPicks) {
    position--;
    if (isNamedAt(stageNames, all[position].stageIndex, before)) matches.push(all[position]);
  }
  return { matches, unlisted: position > 0 ? { all, count: position } : undefined };
}

/** A global ARG's default value, or nothing (the automatic platform ARGs have no separators in use). */
function defaultOf(model: StageModel, name: string): string {
  return model.globalArgs.filter((arg) => arg.name === name).at(-1)?.defaultValue ?? '';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Earlier stages a FROM that is one build argument lists, the nearest ones: such a FROM is
 * written for a few alternatives, and listing every earlier stage for each of thousands of such
 * FROM lines would cost the square of the file. The rest are counted, and still built.
 */
export const maxListedPicks = 8;

/** The stages a FROM that is one build argument can pick, in order: the named ones no FROM, `--from` or mount names. */
export function pickableStages(model: StageModel, unused: ReadonlySet<number>): number[] {
  return model.stages.filter((stage) => stage.name !== undefined && unused.has(stage.index)).map((stage) => stage.index);
}

/**
 * A FROM that is one build argument (`FROM ${MODE} AS source`) names an image unless its
 * default names a stage or it has no default: then it picks among the earlier stages nothing
 * else uses, the alternatives it was written for (`build` and `copy`), and its default's stage.
 */
export function wholeNamePicks(stageNames: StageNames, pickable: readonly number[], text: string, before: number, defaultStage: number | undefined): StagePicks | undefined {
  const { model } = stageNames;
  const whole = /^\uE000([A-Za-z_][A-Za-z0-9_]*)\uE001$/.exec(text);
  if (!whole) return undefined;
  const name = whole[1];
  if (defaultStage === undefined && defaultOf(model, name) !== '') return undefined;
  let all = stageNames.pickableMatches.get(name);
  if (!all) {
    all = pickable.map((stageIndex) => ({ stageIndex, values: new Map([[name, model.stages[stageIndex].name ?? '']]) }));
    stageNames.pickableMatches.set(name, all);
  }
  const end = countBelow(pickable, before);
  const start = Math.max(0, end - maxListedPicks);
  const listed = all.slice(start, end);
  // The default's stage is listed wherever it is.
  const defaultPosition = defaultStage === undefined ? -1 : countBelow(pickable, defaultStage);
  const defaultUnlisted = defaultPosition >= 0 && defaultPosition < start && pickable[defaultPosition] === defaultStage;
  if (defaultUnlisted) listed.push(all[defaultPosition]);
  else if (defaultStage !== undefined && !listed.some((match) => match.stageIndex === defaultStage)) listed.push({ stageIndex: defaultStage, values: new Map([[name, model.stages[defaultStage].name ?? '']]) });
  listed.sort((a, b) => a.stageIndex - b.stageIndex);
  const count = defaultUnlisted ? start - 1 : start;
  return { matches: listed, unlisted: count > 0 ? { all, count } : undefined };
}
