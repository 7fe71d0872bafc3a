import { countBelow, lastBefore, type StageNames } from './stageNameIndex';
import type { BuildInputs, StageModel } from './stageTypes';
import { platformArgNames } from './variables';

/**
 * Which earlier stages a FROM line with variables can name (reachability.ts): its text is
 * expanded with a wildcard for each value a build chooses, and matched against the stage names.
 */

/** A stage a FROM text can name, with the value each of its variables takes for it. */
export interface StageMatch {
  readonly stageIndex: number;
  readonly values: Map<string, string>;
}

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
 * The earlier stages whose names a FROM text with wildcards can become, with the value each
 * wildcard takes. A text that is all wildcard (`FROM ${BASE}`) usually names an image: it is
 * taken to pick a stage only through its default, not any stage at all. A value does not span
 * the separator written before its wildcard unless the name's default holds it, so
 * `build-${BASE_VARIANT}` picks `build-alpine`, not `build-base-alpine`.
 */
export function matchStages(stageNames: StageNames, text: string, before: number): StageMatch[] {
  const names: string[] = [];
  let literal = '';
  let source = '^';
  let last = 0;
  for (const match of text.matchAll(wildcardPattern)) {
    const plain = text.slice(last, match.index);
    const separator = plain.at(-1);
    const spans = separator === undefined || !separators.includes(separator) || defaultOf(stageNames.model, match[1]).includes(separator);
    literal += plain;
    source += `${escapeRegExp(plain)}(${spans ? '.*' : `[^${escapeRegExp(separator)}]*`})`;
    names.push(match[1]);
    last = match.index + match[0].length;
  }
  literal += text.slice(last);
  source += `${escapeRegExp(text.slice(last))}$`;
  if (names.length === 0 || literal === '') return [];
  const pattern = new RegExp(source, 'i');
  const found: StageMatch[] = [];
  // Each name once, at its last stage before this FROM; the latest stages first.
  const candidates: [number, string][] = [];
  for (const [name, indexes] of stageNames.byName) {
    const index = lastBefore(indexes, before);
    if (index !== undefined) candidates.push([index, name]);
  }
  candidates.sort((a, b) => b[0] - a[0]);
  for (const [index, name] of candidates) {
    const match = pattern.exec(name);
    if (!match) continue;
    const values = new Map<string, string>();
    // A name used twice must take one value.
    const consistent = names.every((wildcardName, position) => {
      const value = match[position + 1];
      if (values.has(wildcardName) && values.get(wildcardName) !== value) return false;
      values.set(wildcardName, value);
      return true;
    });
    if (consistent) found.push({ stageIndex: index, values });
  }
  return found;
}

/**
 * The platform ARGs the defaults of `names` hold, through other global ARGs too: with
 * `ARG FLAVOR=${TARGETARCH}`, what `FROM ${FLAVOR}` names by default depends on the platform.
 */
export function platformArgsOfDefaults(model: StageModel, names: readonly string[]): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const pending = names.filter((name) => !platformArgNames.includes(name));
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const variable of model.globalArgs.filter((arg) => arg.name === name).at(-1)?.defaultVariables ?? []) {
      if (platformArgNames.includes(variable)) found.add(variable);
      else pending.push(variable);
    }
  }
  return [...found];
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

/** What a FROM that is one build argument can name: the stages listed, and how many earlier ones beyond them. */
export interface WholeNamePicks {
  readonly matches: StageMatch[];
  /** The build argument. */
  readonly name: string;
  /** It can also name the first `unlisted` of the pickable stages, left out of `matches`. */
  readonly unlisted: number;
}

/** The stages a FROM that is one build argument can pick, in order: the named ones no FROM, `--from` or mount names. */
export function pickableStages(model: StageModel, unused: ReadonlySet<number>): number[] {
  return model.stages.filter((stage) => stage.name !== undefined && unused.has(stage.index)).map((stage) => stage.index);
}

/**
 * A FROM that is one build argument (`FROM ${MODE} AS source`) names an image unless its
 * default names a stage or it has no default: then it picks among the earlier stages nothing
 * else uses, the alternatives it was written for (`build` and `copy`), and its default's stage.
 */
export function wholeNamePicks(model: StageModel, pickable: readonly number[], text: string, before: number, defaultStage: number | undefined): WholeNamePicks | undefined {
  const whole = /^\uE000([A-Za-z_][A-Za-z0-9_]*)\uE001$/.exec(text);
  if (!whole) return undefined;
  const name = whole[1];
  if (defaultStage === undefined && defaultOf(model, name) !== '') return undefined;
  const end = countBelow(pickable, before);
  const start = Math.max(0, end - maxListedPicks);
  const listed = pickable.slice(start, end);
  // The default's stage is listed wherever it is.
  const defaultPosition = defaultStage === undefined ? -1 : countBelow(pickable, defaultStage);
  const unlisted = defaultPosition >= 0 && defaultPosition < start && pickable[defaultPosition] === defaultStage ? start - 1 : start;
  if (defaultStage !== undefined && !listed.includes(defaultStage)) listed.push(defaultStage);
  listed.sort((a, b) => a - b);
  const matches = listed.map((stageIndex) => ({ stageIndex, values: new Map([[name, model.stages[stageIndex].name ?? '']]) }));
  return { matches, name, unlisted };
}
