/**
 * What picks a stage in a build: the TARGET* ARG values and `--build-arg` values one build needs
 * to build it, and how they read in hovers, diagnostics and the graph.
 */

/** One value a build sets that picks a stage. */
export interface Selection {
  readonly name: string;
  readonly value: string;
  /** `platform`: an automatic platform ARG; `default`: a build argument's default; `buildArg`: a `--build-arg` value. */
  readonly source: 'platform' | 'default' | 'buildArg';
}

/** The selections one build needs, sorted by name; empty when every build does it. */
export type Selections = readonly Selection[];

export function sortSelections(selections: Selection[]): Selections {
  return selections.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The ways no other way needs less than: one that adds a `--build-arg` to another says nothing
 * more. A default is nothing a build does, so `TARGETARCH=arm64` with FLAVOR's default needs no
 * more than `--build-arg FLAVOR=arm64`, nor less.
 */
export function minimalWays(ways: readonly Selections[]): Selections[] {
  const keys = ways.map((way) => new Set(way.filter((selection) => selection.source !== 'default').map((selection) => `${selection.name}=${selection.value}`)));
  // A way needing what an earlier one needs, and no more, is the same way.
  const needsNoMore = (other: Set<string>, index: number) => [...other].every((key) => keys[index].has(key));
  return ways.filter((_, index) =>
    !keys.some((other, otherIndex) => needsNoMore(other, index) && (other.size < keys[index].size || (other.size === keys[index].size && otherIndex < index))),
  );
}

/** `TARGETOS=windows`, `--build-arg EXPORT_BASE=ubuntu`: how a selection reads. */
export function describeSelection(selection: Selection): string {
  return selection.source === 'buildArg' ? `--build-arg ${selection.name}=${selection.value}` : `${selection.name}=${selection.value}`;
}

/**
 * When a stage is built, for a stage only some builds build: "for TARGETOS=windows",
 * "with --build-arg EXPORT_BASE=ubuntu", alternatives joined with "or".
 */
/**
 * The ways worth telling a user: those without a `--build-arg` when there are any (the others
 * only add a build argument to them), defaults left out, none that only adds to another.
 */
export function shownWays(ways: readonly Selections[]): Selections[] {
  const plain = ways.filter((way) => way.every((selection) => selection.source !== 'buildArg'));
  return minimalWays((plain.length > 0 ? plain : ways).map((way) => way.filter((selection) => selection.source !== 'default')));
}

export function describeWays(ways: readonly Selections[]): string {
  const shown = shownWays(ways);
  const phrases = shown.map((selections) => {
    const platform = selections.filter((selection) => selection.source === 'platform').map(describeSelection);
    const argument = selections.filter((selection) => selection.source === 'buildArg').map(describeSelection);
    const parts: string[] = [];
    if (platform.length > 0) parts.push(`for ${platform.join(', ')}`);
    if (argument.length > 0) parts.push(`with ${argument.join(' ')}`);
    return parts.join(' ');
  });
  const distinct = [...new Set(phrases.filter((phrase) => phrase !== ''))];
  const listed = distinct.slice(0, waysListed).join(' or ');
  return distinct.length > waysListed ? `${listed} or ${distinct.length - waysListed} more ways` : listed;
}

/** Alternatives named in a description before the rest are counted. */
const waysListed = 4;
