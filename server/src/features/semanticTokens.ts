import type { SemanticTokens, SemanticTokensParams } from 'vscode-languageserver';
import type { DocumentModel } from '../analysis/documentModel';
import { placedSemanticTokens, semanticTokenLegend } from '../analysis/semanticTokens';
import type { PlacedToken } from '../analysis/semanticTokenWriter';
import { lineEndOffset } from '../analysis/positions';
import { modelFor, type ServerContext } from './context';

/** Our own producer rather than the library's: same tokens, but linear in the file's size. */
export function semanticTokens(context: ServerContext, params: SemanticTokensParams): SemanticTokens {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return { data: [] };
  return { data: encodeForClient(model, placedSemanticTokens(model)) };
}

/**
 * Tokens as LSP encodes them for a client without multi-line tokens (VS Code among them): one
 * line each, in document order, none overlapping the one before. The library's tokens break
 * these rules only on odd text (a string continued over lines, an instruction continued into a
 * line with another keyword, a lone carriage return), where a token spanning lines is cut at
 * the line ends, a token is cut to its line's text, and a token that would step back is left out. Without that, a client would place every later token of
 * the file wrongly.
 */
export function encodeForClient(model: DocumentModel, tokens: readonly PlacedToken[]): number[] {
  const data: number[] = [];
  let line = 0;
  let start = 0;
  let end = 0;
  for (const token of tokens) {
    for (const piece of onePerLine(model, token)) {
      if (piece.line < line || (piece.line === line && piece.start < end) || piece.end <= piece.start) continue;
      data.push(piece.line - line, piece.line === line ? piece.start - start : piece.start, piece.end - piece.start, token.type, token.modifiers);
      line = piece.line;
      start = piece.start;
      end = piece.end;
    }
  }
  return data;
}

interface LinePiece {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

/** The token's part on each line it covers, cut to the line's text (never into its line break). */
function onePerLine(model: DocumentModel, token: PlacedToken): LinePiece[] {
  const { start, end } = token.range;
  const pieces: LinePiece[] = [];
  for (let line = start.line; line <= end.line && line < model.lineCount; line++) {
    const length = lineLength(model, line);
    pieces.push({ line, start: line === start.line ? start.character : 0, end: line === end.line ? Math.min(end.character, length) : length });
  }
  return pieces;
}

function lineLength(model: DocumentModel, line: number): number {
  return lineEndOffset(model, line) - model.lineStarts[line];
}

export { semanticTokenLegend };
