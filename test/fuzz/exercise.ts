/**
 * Runs every entry point of the analysis core on one text and checks what must hold for any
 * input: nothing throws, every range lies inside the document, semantic tokens are well formed,
 * and a conversion (when offered) parses and keeps everything the user wrote.
 */
import assert from 'node:assert/strict';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import type { Position, Range } from 'vscode-languageserver-types';
import type { BuildContext } from '../../server/src/analysis/convert/context';
import { convertToMultiStage } from '../../server/src/analysis/convert/index';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { toDot, toMermaid } from '../../server/src/analysis/graphExport';
import { buildHover } from '../../server/src/analysis/hover/index';
import { lint } from '../../server/src/analysis/lint';
import { stageFoldingRanges, stageSymbols } from '../../server/src/analysis/outline';
import { stageRefactors } from '../../server/src/analysis/refactors/index';
import { computeSemanticTokens, placedSemanticTokens } from '../../server/src/analysis/semanticTokens';
import { buildStageGraph } from '../../server/src/analysis/stageGraph';
import { encodeForClient } from '../../server/src/features/semanticTokens';
import { installLibraryFixes } from '../../server/src/libraryFixes/index';

// As in the server: the libraries repaired, and tag completion asking no registry.
installLibraryFixes();

export const fuzzUri = 'file:///fuzz/Dockerfile';
const now = new Date('2026-01-15T00:00:00Z');

export function modelOf(text: string): DocumentModel {
  return new DocumentModel(fuzzUri, 1, text);
}

function lineLength(model: DocumentModel, line: number): number {
  const start = model.lineStarts[line];
  const next = model.lineStarts[line + 1];
  const end = next === undefined ? model.text.length : next;
  let length = end - start;
  // The line break is not part of the line.
  while (length > 0 && (model.text[start + length - 1] === '\n' || model.text[start + length - 1] === '\r') && next !== undefined) length--;
  return length;
}

function assertPosition(position: Position, model: DocumentModel, what: string): void {
  assert.ok(Number.isInteger(position.line) && position.line >= 0 && position.line < model.lineCount, `${what}: line ${position.line} of ${model.lineCount}`);
  const length = lineLength(model, position.line);
  assert.ok(Number.isInteger(position.character) && position.character >= 0 && position.character <= length, `${what}: character ${position.character} on a line of ${length}`);
}

export function assertRange(range: Range, model: DocumentModel, what: string): void {
  assertPosition(range.start, model, `${what} start`);
  assertPosition(range.end, model, `${what} end`);
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  assert.ok(ordered, `${what}: starts after it ends`);
}

/** Positions worth probing: each line's start, middle and end, past the end of a line, past the last line. */
export function probePositions(model: DocumentModel, limit = 40): Position[] {
  const positions: Position[] = [];
  const step = Math.max(1, Math.ceil(model.lineCount / limit));
  for (let line = 0; line < model.lineCount; line += step) {
    const length = lineLength(model, line);
    positions.push({ line, character: 0 }, { line, character: Math.floor(length / 2) }, { line, character: length }, { line, character: length + 5 });
  }
  positions.push({ line: model.lineCount, character: 0 }, { line: model.lineCount + 100, character: 3 });
  return positions;
}

/** Runs every analysis feature on `text`; throws (an assertion) when an invariant breaks. */
export function exerciseAnalysis(text: string, options: { readonly probes?: number } = {}): void {
  const model = modelOf(text);
  const stageModel = model.stageModel;
  for (const stage of stageModel.stages) assertRange(stage.range, model, `stage ${stage.index}`);
  for (const reference of stageModel.references) assertRange(reference.value.range, model, `reference ${reference.value.text}`);

  for (const finding of lint(model)) {
    assertRange(finding.range, model, finding.code);
    for (const fix of finding.fixes ?? []) for (const edit of fix.edits) assertRange(edit.range, model, `${finding.code} fix`);
  }

  // What the server sends: the producer's tokens, encoded as LSP prescribes.
  computeSemanticTokens(model);
  const tokens = encodeForClient(model, placedSemanticTokens(model));
  assert.equal(tokens.length % 5, 0, 'semantic tokens come in fives');
  let tokenLine = 0;
  let tokenStart = 0;
  for (let i = 0; i < tokens.length; i += 5) {
    const [deltaLine, deltaStart, length] = tokens.slice(i, i + 5);
    assert.ok(tokens.slice(i, i + 5).every((value) => Number.isInteger(value) && value >= 0), 'semantic token fields are unsigned integers');
    tokenLine += deltaLine;
    tokenStart = deltaLine === 0 ? tokenStart + deltaStart : deltaStart;
    assert.ok(tokenLine < model.lineCount && tokenStart + length <= lineLength(model, tokenLine), `semantic token ${tokenLine}:${tokenStart}+${length} inside its line`);
  }

  const walk = (symbols: ReturnType<typeof stageSymbols>): void => {
    for (const symbol of symbols) {
      assertRange(symbol.range, model, `symbol ${symbol.name}`);
      assertRange(symbol.selectionRange, model, `symbol ${symbol.name} selection`);
      walk(symbol.children ?? []);
    }
  };
  walk(stageSymbols(model));
  for (const range of stageFoldingRanges(model)) assert.ok(range.startLine <= range.endLine && range.endLine < model.lineCount, 'folding range inside the document');

  const graph = buildStageGraph(model);
  const ids = new Set([...graph.stages.map((stage) => stage.id), ...graph.images.map((image) => image.id)]);
  for (const edge of graph.edges) assert.ok(ids.has(edge.from) && ids.has(edge.to), `edge ${edge.from} -> ${edge.to} joins known nodes`);
  toDot(graph);
  toMermaid(graph, { direction: 'LR' });
  for (const stage of stageModel.stages.slice(0, 3)) buildStageGraph(model, { target: stage.name ?? String(stage.index) });

  for (const position of probePositions(model, options.probes)) {
    const hover = buildHover(model, position, { now });
    if (hover?.range) assertRange(hover.range, model, 'hover');
    for (const refactor of stageRefactors(model, { start: position, end: position })) {
      for (const edit of refactor.edits) assertRange(edit.range, model, refactor.title);
    }
  }
}

const library = DockerfileLanguageServiceFactory.createLanguageService();
const formatting = { insertSpaces: true, tabSize: 4 };

/**
 * Library defects the server can only answer with an empty result (its guard catches the throw
 * and logs it). Anything else the library throws fails the property.
 */
const knownLibraryDefects: readonly { readonly call: string; readonly error: new () => Error; readonly when: string; readonly logged: RegExp }[] = [
  // dockerHighlight.js reads the value of every COPY --from flag, null when the `=` is not typed
  // yet; renaming a stage goes through it.
  { call: 'computeHighlightRanges', error: TypeError, when: 'a stage name is highlighted while a COPY has a bare --from', logged: /^(documentHighlight|rename) failed: TypeError[^\n]*\n\s+at [^\n]*computeHighlightRanges/ },
  { call: 'computeRename', error: TypeError, when: 'a stage is renamed while a COPY has a bare --from', logged: /^rename failed: TypeError[^\n]*\n\s+at [^\n]*computeHighlightRanges/ },
  // dockerValidator.js counts stage names in a plain object; features/diagnostics.ts keeps our findings.
  { call: 'validate', error: TypeError, when: 'a stage is named like an Object method (constructor, __proto__)', logged: /^dockerfile-utils validation of \S+ failed: TypeError[^\n]*\n\s+at [^\n]*createDuplicateBuildStageNameDiagnostics/ },
];

/** Whether an error the server logged is one of the library defects above (and nothing of ours). */
export function isKnownLibraryDefect(logged: string): boolean {
  return knownLibraryDefects.some((defect) => defect.logged.test(logged));
}

function call<T>(name: string, work: () => T): T | undefined {
  try {
    return work();
  } catch (error) {
    if (knownLibraryDefects.some((defect) => defect.call === name && error instanceof defect.error)) return undefined;
    throw error;
  }
}

/**
 * Every call the server makes into dockerfile-language-service, on the same text. A throw there
 * would be an error in the server's log and an empty answer in the editor.
 */
export async function exerciseLibrary(text: string, options: { readonly probes?: number } = {}): Promise<void> {
  const model = modelOf(text);
  const document = { uri: fuzzUri };
  // Its ranges are not held to the document: some end a line past the last one, which editors clamp.
  const diagnostics = call('validate', () => library.validate(text)) ?? [];
  library.computeFoldingRanges(text);
  library.computeSymbols(document, text);
  for (const link of library.computeLinks(text)) library.resolveLink(link);
  library.format(text, formatting);
  const everything = { start: { line: 0, character: 0 }, end: { line: model.lineCount, character: 0 } };
  library.formatRange(text, everything, formatting);
  for (const command of library.computeCodeActions(document, everything, { diagnostics })) library.computeCommandEdits(text, command.command, command.arguments ?? []);
  for (const position of probePositions(model, options.probes ?? 10)) {
    library.computeHover(text, position);
    for (const item of await library.computeCompletionItems(text, position)) library.resolveCompletionItem(item);
    call('computeHighlightRanges', () => library.computeHighlightRanges(text, position));
    library.computeDefinition(document, text, position);
    library.computeSignatureHelp(text, position);
    library.prepareRename(text, position);
    call('computeRename', () => library.computeRename(document, text, position, 'renamed'));
    library.formatOnType(text, position, '\\', formatting);
  }
}

function instructionTexts(model: DocumentModel): string[] {
  const stage = model.stageModel.stages.at(-1);
  if (!stage) return [];
  return stage.instructions.map((instruction) => {
    const { start, end } = instruction.getRange();
    return model.text.slice(model.lineStarts[start.line] + start.character, model.lineStarts[end.line] + end.character);
  });
}

/**
 * The converter's promise for any input: it answers (converts or declines with a reason); a
 * conversion parses into one more stage, keeps every instruction and comment as written, only
 * refers to earlier stages, and is not offered again.
 */
export function checkConversion(text: string, context?: BuildContext): void {
  const model = modelOf(text);
  const result = convertToMultiStage(model, context);
  if (result.kind === 'declined') {
    assert.ok(result.reason.length > 0, 'a declined conversion says why');
    return;
  }
  const output = modelOf(result.text);
  const swap = result.change === 'runtime-swap';
  assert.equal(output.stageModel.stages.length, model.stageModel.stages.length + (swap ? 0 : 1), swap ? 'a runtime swap adds no stage' : 'the converted stage becomes two');
  const normalized = result.text.replace(/\r\n?/g, '\n');
  for (const written of instructionTexts(model)) assert.ok(normalized.includes(written.replace(/\r\n?/g, '\n')), `kept as written: ${written}`);
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (/^\s*#/.test(line)) assert.ok(normalized.includes(line), `comment kept: ${line}`);
  }
  for (const reference of output.stageModel.references) {
    if (reference.kind === 'from' || reference.target.type !== 'stage') continue;
    assert.ok(reference.target.index < reference.fromStageIndex, `--from=${reference.value.text} names an earlier stage`);
  }
  assert.equal(convertToMultiStage(output).kind, 'declined', 'the conversion is not offered again');
}
