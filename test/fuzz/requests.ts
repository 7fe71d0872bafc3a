/**
 * Every request the server answers, as an editor sends them, for driving a real server process
 * with hostile documents (test/fuzz/server.test.ts, test/server/robustness.test.ts).
 */
import type { Position } from 'vscode-languageserver-types';

export interface LspRequest {
  readonly method: string;
  readonly params: unknown;
}

const formatting = { tabSize: 4, insertSpaces: true };

/** The requests that read a whole document. */
export function documentRequests(uri: string, lineCount: number): LspRequest[] {
  const textDocument = { uri };
  const everything = { start: { line: 0, character: 0 }, end: { line: lineCount, character: 0 } };
  return [
    { method: 'textDocument/documentSymbol', params: { textDocument } },
    { method: 'textDocument/foldingRange', params: { textDocument } },
    { method: 'textDocument/semanticTokens/full', params: { textDocument } },
    { method: 'textDocument/documentLink', params: { textDocument } },
    { method: 'textDocument/formatting', params: { textDocument, options: formatting } },
    { method: 'textDocument/rangeFormatting', params: { textDocument, range: everything, options: formatting } },
    { method: 'textDocument/codeAction', params: { textDocument, range: everything, context: { diagnostics: [] } } },
    { method: 'textDocument/diagnostic', params: { textDocument } },
    { method: 'dockerfileStages/stageGraph', params: { textDocument } },
    { method: 'dockerfileStages/stageGraphExport', params: { textDocument, format: 'mermaid' } },
    { method: 'dockerfileStages/convertToMultiStage', params: { textDocument } },
  ];
}

/** The requests that read one position of a document. */
export function positionRequests(uri: string, position: Position): LspRequest[] {
  const textDocument = { uri };
  const here = { start: position, end: position };
  return [
    { method: 'textDocument/hover', params: { textDocument, position } },
    { method: 'textDocument/completion', params: { textDocument, position } },
    { method: 'textDocument/definition', params: { textDocument, position } },
    { method: 'textDocument/documentHighlight', params: { textDocument, position } },
    { method: 'textDocument/prepareRename', params: { textDocument, position } },
    { method: 'textDocument/rename', params: { textDocument, position, newName: 'renamed' } },
    { method: 'textDocument/signatureHelp', params: { textDocument, position } },
    { method: 'textDocument/onTypeFormatting', params: { textDocument, position, ch: '\\', options: formatting } },
    { method: 'textDocument/codeAction', params: { textDocument, range: here, context: { diagnostics: [] } } },
  ];
}

/** Positions an editor may send: each line's start and a few past its end, and lines past the last. */
export function requestPositions(text: string, limit = 8): Position[] {
  const lines = text.split(/\r\n|\r|\n/);
  const step = Math.max(1, Math.ceil(lines.length / limit));
  const positions: Position[] = [];
  for (let line = 0; line < lines.length; line += step) {
    positions.push({ line, character: 0 }, { line, character: Math.min(lines[line].length, 12) }, { line, character: lines[line].length + 3 });
  }
  positions.push({ line: lines.length + 5, character: 0 }, { line: 2 ** 31 - 1, character: 2 ** 31 - 1 });
  return positions;
}

/** Every request for a document: the whole-document ones, then the position ones at each position. */
export function allRequests(uri: string, text: string, positionLimit?: number): LspRequest[] {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  return [...documentRequests(uri, lineCount), ...requestPositions(text, positionLimit).flatMap((position) => positionRequests(uri, position))];
}

/**
 * What VS Code asks by itself when a Dockerfile is opened, before the user does anything: the
 * outline and breadcrumbs, folding, semantic colouring, links, the light bulb and highlights at
 * the cursor (line 0), and the diagnostics.
 */
export function openRequests(uri: string): LspRequest[] {
  const textDocument = { uri };
  const cursor = { line: 0, character: 0 };
  return [
    { method: 'textDocument/documentSymbol', params: { textDocument } },
    { method: 'textDocument/foldingRange', params: { textDocument } },
    { method: 'textDocument/semanticTokens/full', params: { textDocument } },
    { method: 'textDocument/documentLink', params: { textDocument } },
    { method: 'textDocument/codeAction', params: { textDocument, range: { start: cursor, end: cursor }, context: { diagnostics: [], triggerKind: 2 } } },
    { method: 'textDocument/documentHighlight', params: { textDocument, position: cursor } },
    { method: 'textDocument/diagnostic', params: { textDocument } },
  ];
}
