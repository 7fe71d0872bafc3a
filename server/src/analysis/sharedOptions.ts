import { sortSelections, type Selection, type Selections } from './buildSelections';
import { mapValue } from './mapValue';
import type { StageMatch } from './stageNameIndex';

/** One stage a FROM can name, and what names it. */
export interface FromOption {
  readonly stageIndex: number;
  readonly selections: Selections;
  /** Named in the current build: the first configured platform with the build-argument defaults. */
  readonly chosen: boolean;
}

/** Options of naming a stage by `--build-arg` values, by the match and then by the platform selections' key. */
export type SharedOptions = Map<StageMatch, Map<string, FromOption>>;

/**
 * The option of naming `match`'s stage by the `--build-arg` values it takes, with the platform
 * selections `byPlatform` (keyed `platformKey`): made once and shared by every FROM that lists
 * it. Thousands of FROM lines of one text list the same few stages each, and an option apiece
 * was most of the memory working out reachability took.
 */
export function sharedOption(shared: SharedOptions, match: StageMatch, byPlatform: Selections, platformKey: string): FromOption {
  const byPlatformKey = mapValue(shared, match, () => new Map<string, FromOption>());
  return mapValue(byPlatformKey, platformKey, () => {
    const byArgument = [...match.values].map(([name, value]): Selection => ({ name, value, source: 'buildArg' }));
    return { stageIndex: match.stageIndex, selections: sortSelections([...byPlatform, ...byArgument]), chosen: false };
  });
}

export function selectionsKey(selections: Selections): string {
  return selections.map((selection) => `${selection.name}=${selection.value}`).join('\u0000');
}

/** An option's key among a FROM's options (its stage and selections), worked out once per option: many FROMs share one. */
export function optionKey(option: FromOption, keys: Map<FromOption, string>): string {
  return mapValue(keys, option, () => `${option.stageIndex}\u0000${selectionsKey(option.selections)}`);
}
