import assert from 'node:assert/strict';
import type { Position } from 'vscode-languageserver-types';
import { DocumentModel } from '../../../../server/src/analysis/documentModel';
import { buildHover, type HoverPiece } from '../../../../server/src/analysis/hover/index';

export const uri = 'file:///work/app/Dockerfile';

export function modelOf(text: string): DocumentModel {
  return new DocumentModel(uri, 1, text);
}

/** The position `offset` characters into the `occurrence`-th match of `needle`. */
export function positionOf(text: string, needle: string, offset = 0, occurrence = 0): Position {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `${needle} occurs ${occurrence + 1} time(s)`);
  }
  const before = text.slice(0, index + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

/** A fixed day, so end-of-life wording does not depend on when the tests run. */
export const today = new Date('2026-11-27T12:00:00Z');

export function hoverAt(text: string, needle: string, offset = 0, occurrence = 0): HoverPiece | undefined {
  return buildHover(modelOf(text), positionOf(text, needle, offset, occurrence), { now: today });
}

export function hoverTextAt(text: string, needle: string, offset = 0, occurrence = 0): string {
  const hover = hoverAt(text, needle, offset, occurrence);
  assert.ok(hover, `a hover at ${needle}+${offset}`);
  return hover.markdown;
}

/** The text a range covers. */
export function textIn(text: string, range: { start: Position; end: Position }): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return [lines[range.start.line].slice(range.start.character), ...lines.slice(range.start.line + 1, range.end.line), lines[range.end.line].slice(0, range.end.character)].join('\n');
}
