import type { Position, Range } from 'vscode-languageserver-types';

/**
 * The one place where offsets into a text and LSP positions are turned into each other. Every
 * conversion clamps: an offset outside the text, a line past the last or a character past the end
 * of its line lands on the nearest place in the text, so a stale or hand-made position never reads
 * outside it.
 */

/** A text with the offsets at which its lines start (a `DocumentModel` is one). */
export interface LinedText {
  readonly text: string;
  readonly lineStarts: readonly number[];
}

/** Offsets at which each line starts; `\r\n`, `\n` and lone `\r` all end a line, as in LSP. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  // Without a \r only \n ends a line, and indexOf finds each one without a step per character.
  if (!text.includes('\r')) {
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
    return starts;
  }
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 13 /* \r */) {
      if (text.charCodeAt(index + 1) === 10) index++;
      starts.push(index + 1);
    } else if (code === 10 /* \n */) starts.push(index + 1);
  }
  return starts;
}

/** The line holding an offset already inside the text. */
export function lineOf(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The position of an offset, clamped to the text. */
export function positionAt({ text, lineStarts }: LinedText, offset: number): Position {
  const clamped = Math.max(Math.min(offset, text.length), 0);
  const line = lineOf(lineStarts, clamped);
  return { line, character: clamped - lineStarts[line] };
}

/** The offset of a position, clamped to the text and to its line (a character past the line's end stops at the next line's start). */
export function offsetAt({ text, lineStarts }: LinedText, position: Position): number {
  if (position.line < 0) return 0;
  if (position.line >= lineStarts.length) return text.length;
  const lineStart = lineStarts[position.line];
  const nextLineStart = lineStarts[position.line + 1] ?? text.length;
  return Math.max(Math.min(lineStart + position.character, nextLineStart), lineStart);
}

/** The offset where a line's text ends, before its line break; the text's end for a line past the last. */
export function lineEndOffset({ text, lineStarts }: LinedText, line: number): number {
  if (line < 0) return 0;
  if (line + 1 >= lineStarts.length) return text.length;
  let end = lineStarts[line + 1];
  while (end > lineStarts[line] && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return end;
}

/** Turns offsets into a text into positions, for parsers that count offsets (YAML, HCL, the shell reader). */
export class LinePositions implements LinedText {
  readonly lineStarts: readonly number[];

  constructor(readonly text: string) {
    this.lineStarts = lineStartsOf(text);
  }

  position(offset: number): Position {
    return positionAt(this, offset);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}
