import damerauLevenshtein from 'damerau-levenshtein';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { derivedKey, type DocumentModel } from '../../documentModel';
import type { Stage, StageModel, StageReference } from '../../stageTypes';
import { parseStageIndex, referencedStageIndex } from '../../stageModel';
import officialImages from '../../data/officialImages.json';
import { withoutTrailing } from '../../trailing';

const officialImageNames: ReadonlySet<string> = new Set(officialImages.names);

/** BuildKit's reserved names: `scratch` is the empty image, `context` the build context. */
export const reservedStageNames: readonly string[] = ['scratch', 'context'];

/** A Docker Official Image, which a bare `--from=<name>` pulls. */
export function isOfficialImage(name: string): boolean {
  return officialImageNames.has(name.toLowerCase());
}

/**
 * A bare word that can only be a stage name or a Docker Hub library image: no registry, path,
 * tag, digest or dot, and a valid stage name.
 */
export function isBareName(value: string): boolean {
  return /^[a-z][a-z0-9_-]*$/i.test(value);
}

/**
 * How messages name a stage: its name (with its line when another stage shares it), or its
 * position and base image when it has none.
 */
export function describeStage(stage: Stage, model?: DocumentModel): string {
  if (!stage.name) return `${stage.index} (FROM ${stage.base.text})`;
  const shared = model !== undefined && (stageNameCounts(model).get(stage.name.toLowerCase()) ?? 0) > 1;
  return shared ? `'${stage.name}' (line ${stage.from.getRange().start.line + 1})` : `'${stage.name}'`;
}

const stageNameCountsKey = derivedKey<ReadonlyMap<string, number>>('stage name counts');

/** How many stages carry each (lowercased) name; counted once per version, as rules describe stages in loops. */
function stageNameCounts(model: DocumentModel): ReadonlyMap<string, number> {
  return model.derive(stageNameCountsKey, () => {
    const counting = new Map<string, number>();
    for (const { name } of model.stageModel.stages) if (name) counting.set(name.toLowerCase(), (counting.get(name.toLowerCase()) ?? 0) + 1);
    return counting;
  });
}

/**
 * Edits between two names, a swap of two neighbouring letters counting as one (optimal string
 * alignment), as typos swap letters as often as they drop or change them.
 */
export function editDistance(a: string, b: string): number {
  return damerauLevenshtein(a, b).steps;
}

function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

/**
 * Names close enough to `value` to be what the author meant, best first: fewest edits, then the
 * longest shared beginning (typos fall late in a word more often than early), then file order.
 */
export function closeNames(value: string, names: readonly string[]): string[] {
  const wanted = value.toLowerCase();
  const limit = Math.min(2, Math.max(1, Math.floor(wanted.length / 3)));
  const scored = new Map<string, { edits: number; prefix: number }>();
  for (const name of names) {
    const lower = name.toLowerCase();
    const edits = editDistance(wanted, lower);
    if (edits > 0 && edits <= limit && !scored.has(name)) scored.set(name, { edits, prefix: commonPrefixLength(wanted, lower) });
  }
  return [...scored.entries()].sort(([, a], [, b]) => a.edits - b.edits || b.prefix - a.prefix).map(([name]) => name);
}

/** `word` in the case of the keyword the author wrote (`as` after `from`, `AS` after `FROM`). */
export function inCaseOf(written: string, word: string): string {
  return written === written.toLowerCase() ? word.toLowerCase() : word.toUpperCase();
}

export function lineEndingOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * The reference's value as written holds no variable: what BuildKit requires of `--from` and
 * `from=` (a `$` followed by anything), and what makes rewriting it safe.
 */
export function isLiteral(reference: StageReference): boolean {
  return !/\$./.test(reference.value.text);
}

export function isNumericReference(reference: StageReference): boolean {
  return reference.value.resolved !== undefined && parseStageIndex(reference.value.resolved) !== undefined;
}

function replace(range: Range, newText: string): TextEdit {
  return { range, newText };
}

/**
 * A stage name no stage has and no reference uses for something else (an image named in FROM
 * or `--from` would silently turn into this stage), nor reserved: the first free candidate.
 * References about to be rewritten to the new name do not count.
 */
export function freshStageName(stageModel: StageModel, candidates: readonly string[], rewritten: readonly StageReference[] = []): string {
  const taken = new Set<string>(reservedStageNames);
  for (const stage of stageModel.stages) if (stage.name) taken.add(stage.name.toLowerCase());
  for (const reference of stageModel.references) {
    if (reference.value.resolved !== undefined && !rewritten.includes(reference)) taken.add(reference.value.resolved.toLowerCase());
  }
  for (const candidate of candidates) if (!taken.has(candidate)) return candidate;
  for (let n = 2; ; n++) {
    const numbered = `${candidates[0]}-${n}`;
    if (!taken.has(numbered)) return numbered;
  }
}

/** A stage name that says what the image is: the last path component of its repository. */
export function stageNameForImage(image: string): string {
  const repository = image.split('@')[0].split('/').pop() ?? '';
  const withoutTag = repository.split(':')[0].toLowerCase().replace(/[^a-z0-9_.-]+/g, '-');
  const trimmed = withoutTrailing(withoutTag.replace(/^[^a-z]+/, ''), '-_.');
  return trimmed === '' ? 'image' : trimmed;
}

/**
 * Edits that rename a stage and every reference that reaches it by name. Undefined when a
 * reference reaches it through a variable: renaming would silently cut that reference.
 */
export function renameStageEdits(stageModel: StageModel, stage: Stage, newName: string): TextEdit[] | undefined {
  if (!stage.nameRange) return undefined;
  const edits: TextEdit[] = [replace(stage.nameRange, newName)];
  for (const reference of stageModel.references) {
    if (referencedStageIndex(reference) !== stage.index) continue;
    if (isNumericReference(reference)) continue;
    if (!isLiteral(reference)) return undefined;
    edits.push(replace(reference.value.range, newName));
  }
  return edits;
}

/**
 * Edits that give an unnamed stage a name (`AS <name>` after its image, in the case of its FROM
 * keyword) and point every numeric `COPY --from` at it to that name.
 */
export function nameStageEdits(stageModel: StageModel, stage: Stage, name: string): TextEdit[] {
  const edits: TextEdit[] = [];
  if (!stage.name) {
    const keyword = inCaseOf(stage.from.getInstruction(), 'AS');
    edits.push(replace({ start: stage.base.range.end, end: stage.base.range.end }, ` ${keyword} ${name}`));
  }
  for (const reference of stageModel.references) {
    if (reference.kind !== 'copy' || !isNumericReference(reference) || referencedStageIndex(reference) !== stage.index) continue;
    edits.push(replace(reference.value.range, name));
  }
  return edits;
}

/** The name a numeric reference should use instead: the stage's own, or a fresh one from its image. */
export function nameForStage(stageModel: StageModel, stage: Stage): string {
  return stage.name ?? freshStageName(stageModel, [stageNameForImage(stage.base.resolved ?? stage.base.text), `stage-${stage.index}`]);
}

/** Where text inserted before a stage goes: above the comments that introduce its FROM line. */
export function stageInsertionLine(model: DocumentModel, stage: Stage): number {
  const commentLines = new Set(model.dockerfile.getComments().map((comment) => comment.getRange().start.line));
  let line = stage.from.getRange().start.line;
  while (line > 0 && commentLines.has(line - 1)) line--;
  return line;
}

/**
 * Edits that declare `FROM <fromText> AS <name>` right before the first stage holding one of
 * `uses` (so every earlier stage keeps its index and FROM lines above it are unaffected), point
 * those references at the new stage, and shift numeric `COPY --from` indexes past it.
 */
export function aliasStageEdits(model: DocumentModel, stageModel: StageModel, fromText: string, name: string, uses: readonly StageReference[]): TextEdit[] {
  const firstIndex = uses.reduce((first, reference) => Math.min(first, reference.fromStageIndex), Infinity);
  const before = stageModel.stages[firstIndex];
  const fromKeyword = inCaseOf(before.from.getInstruction(), 'FROM');
  const asKeyword = inCaseOf(before.from.getInstruction(), 'AS');
  const eol = lineEndingOf(model.text);
  const line = stageInsertionLine(model, before);
  const edits: TextEdit[] = [replace({ start: { line, character: 0 }, end: { line, character: 0 } }, `${fromKeyword} ${fromText} ${asKeyword} ${name}${eol}${eol}`)];
  for (const reference of stageModel.references) {
    if (reference.kind !== 'copy' || !isNumericReference(reference) || !isLiteral(reference)) continue;
    const index = parseStageIndex(reference.value.resolved as string) as number;
    if (index >= firstIndex) edits.push(replace(reference.value.range, String(index + 1)));
  }
  for (const reference of uses) edits.push(replace(reference.value.range, name));
  return edits;
}
