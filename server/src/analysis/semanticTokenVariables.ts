import { Instruction, Label } from 'dockerfile-ast';
import type { Position, Range } from 'vscode-languageserver-types';
import { lineOf, offsetAt as offsetInText } from './positions';

/**
 * The variable references and image parts the semantic-token producer (semanticTokens.ts) splits
 * its tokens around, found once per instruction, and its position lookups.
 */

/**
 * An instruction's variable references. They are in document order unless the parser gave the
 * instruction overlapping arguments (possible after an escape character followed by a space),
 * in which case some are found twice, and lookups must visit them all in the parser's order.
 */
export interface InstructionVariables {
  readonly spans: readonly VariableSpan[];
  readonly inOrder: boolean;
}

/** A variable reference as dockerfile-ast reports it, reduced to what highlighting needs. */
export interface VariableSpan {
  readonly range: Range;
  /** Offsets of the range as dockerfile-ast converts it back. */
  readonly startOffset: number;
  readonly endOffset: number;
  /** The character after `:` in `${VAR:-x}`, empty for `${VAR:}`, null without a modifier. */
  readonly modifierRange: Range | null;
}

interface ImageParts {
  readonly name: Range;
  readonly tag: Range | null;
  readonly digest: Range | null;
}

/**
 * dockerfile-ast's `From.getImageNameRange()`, `getImageTagRange()` and `getImageDigestRange()`,
 * computed once from the variables already found: those methods find the instruction's
 * variables again, resolving each against the whole file, several times per call. A `@`, `:`,
 * `/` or `.` inside a variable reference does not split the image name.
 */
export function imageParts(imageRange: Range, spans: InstructionVariables, text: string, positions: PositionIndex): ImageParts {
  const start = positions.parserOffsetAt(imageRange.start);
  const content = text.substring(start, positions.parserOffsetAt(imageRange.end));
  const at = (index: number) => positions.parserPositionAt(start + index);

  const tag = ((): Range | null => {
    const atSign = firstOutsideVariables(spans, start, content, '@');
    const slash = content.indexOf('/');
    if (atSign === -1) {
      const colon = lastOutsideVariables(spans, start, content, ':');
      if (colon > slash) return { start: at(colon + 1), end: imageRange.end };
    }
    const beforeAtSign = content.substring(0, atSign);
    const colon = beforeAtSign.indexOf(':');
    if (colon === -1) return null;
    if (slash === -1) return { start: at(colon + 1), end: at(atSign) };
    // A colon before the first slash belongs to a registry's port.
    if (colon < slash) return null;
    return { start: at(colon + 1), end: at(beforeAtSign.length) };
  })();

  const atSign = lastOutsideVariables(spans, start, content, '@');
  const digest: Range | null =
    atSign === -1
      ? null
      : {
          start: { line: imageRange.start.line, character: imageRange.start.character + atSign + 1 },
          end: { line: imageRange.end.line, character: imageRange.end.character },
        };

  let withoutTagOrDigest = imageRange.end;
  if (tag !== null) withoutTagOrDigest = positions.parserPositionAt(positions.parserOffsetAt(tag.start) - 1);
  else if (digest !== null) withoutTagOrDigest = positions.parserPositionAt(positions.parserOffsetAt(digest.start) - 1);

  const registryEnd = ((): Position | null => {
    const repository = text.substring(start, positions.parserOffsetAt(withoutTagOrDigest));
    const slash = firstOutsideVariables(spans, start, repository, '/');
    if (slash === -1) return null;
    const isHost =
      firstOutsideVariables(spans, start, repository, ':') !== -1 ||
      firstOutsideVariables(spans, start, repository, '.') !== -1 ||
      repository.substring(0, slash) === 'localhost';
    return isHost ? at(slash) : null;
  })();

  const nameStart = registryEnd === null ? imageRange.start : positions.parserPositionAt(positions.parserOffsetAt(registryEnd) + 1);
  return { name: { start: nameStart, end: withoutTagOrDigest }, tag, digest };
}

function firstOutsideVariables(spans: InstructionVariables, documentOffset: number, content: string, search: string): number {
  let index = content.indexOf(search);
  while (index !== -1) {
    const enclosing = spanStrictlyContaining(spans, documentOffset + index);
    if (enclosing === null) return index;
    const afterVariable = enclosing.endOffset - documentOffset;
    const next = content.substring(afterVariable).indexOf(search);
    index = next === -1 ? -1 : next + afterVariable;
  }
  return -1;
}

function lastOutsideVariables(spans: InstructionVariables, documentOffset: number, content: string, search: string): number {
  let index = content.lastIndexOf(search);
  while (index !== -1 && spanStrictlyContaining(spans, documentOffset + index) !== null) {
    index = content.substring(0, index).lastIndexOf(search);
  }
  return index;
}

/** The first reference, in dockerfile-ast's order, with the offset strictly inside. */
function spanStrictlyContaining({ spans, inOrder }: InstructionVariables, offset: number): VariableSpan | null {
  if (!inOrder) return spans.find((span) => span.startOffset < offset && offset < span.endOffset) ?? null;
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (spans[middle].startOffset < offset) low = middle + 1;
    else high = middle;
  }
  // Spans do not overlap, so only the last one starting before the offset can contain it.
  const candidate = low > 0 ? spans[low - 1] : null;
  return candidate !== null && offset < candidate.endOffset ? candidate : null;
}

/**
 * The variable references dockerfile-ast's `Instruction.getVariables()` reports, with the same
 * ranges, without resolving each name against the whole file as that method does.
 */
export function findVariables(instruction: Instruction, text: string, escapeChar: string, positions: PositionIndex): VariableSpan[] {
  const spans: VariableSpan[] = [];
  // The base class's arguments still include the flags, whose references count too.
  for (const arg of Instruction.prototype.getArguments.call(instruction)) {
    const range = arg.getRange();
    const offset = positions.parserOffsetAt(range.start);
    const raw = text.substring(offset, positions.parserOffsetAt(range.end));
    scanVariables(raw, escapeChar, (start, end, modifier) => {
      const variableRange = { start: positions.parserPositionAt(offset + start), end: positions.parserPositionAt(offset + end) };
      spans.push({
        range: variableRange,
        startOffset: positions.parserOffsetAt(variableRange.start),
        endOffset: positions.parserOffsetAt(variableRange.end),
        modifierRange: modifier === null ? null : { start: positions.parserPositionAt(offset + modifier.start), end: positions.parserPositionAt(offset + modifier.end) },
      });
    });
  }
  if (instruction instanceof Label) return withoutSingleQuotedLabelValues(instruction, spans);
  return spans;
}

/** A LABEL value in single quotes is literal, so dockerfile-ast drops the references in it. */
function withoutSingleQuotedLabelValues(label: Label, spans: VariableSpan[]): VariableSpan[] {
  let kept = spans;
  for (const property of label.getProperties()) {
    const value = property.getUnescapedValue();
    const valueRange = property.getValueRange();
    if (value === null || valueRange === null || value.length <= 2 || !value.startsWith("'") || !value.endsWith("'")) continue;
    kept = kept.filter((span) => !isInsideRange(span.range.start, valueRange));
  }
  return kept;
}

type VariableFound = (start: number, end: number, modifier: { start: number; end: number } | null) => void;

/**
 * dockerfile-ast's reading of `$NAME` and `${NAME[:modifier...]}` in one raw argument, offsets
 * relative to it. Scanning stops at the first `${` without `}` and after a reference that runs
 * to the end of the argument. An escaped newline inside a reference is skipped, as is
 * everything from an escape character to the next newline.
 */
function scanVariables(arg: string, escapeChar: string, found: VariableFound): void {
  references: for (let i = 0; i < arg.length; i++) {
    const ch = arg.charAt(i);
    if (ch === escapeChar) {
      if (arg.charAt(i + 1) === '$') i++;
      continue;
    }
    if (ch !== '$') continue;
    if (arg.charAt(i + 1) === '{') {
      let nameEnd = -1;
      let modifierAt = -1;
      for (let j = i + 2; j < arg.length; j++) {
        const next = arg.charAt(j);
        if (next === escapeChar) {
          const newline = arg.indexOf('\n', j + 1);
          if (newline !== -1) j = newline;
        } else if (next === '}') {
          let modifier: { start: number; end: number } | null = null;
          if (nameEnd !== -1 && nameEnd + 1 === j) {
            modifier = { start: nameEnd + 1, end: nameEnd + 1 };
          } else if (nameEnd !== -1) {
            // With only whitespace after the colon the position is -1, as in dockerfile-ast.
            modifier = { start: modifierAt, end: modifierAt + 1 };
          }
          found(i, j + 1, modifier);
          i = j;
          continue references;
        } else if (next === ':') {
          if (nameEnd === -1) nameEnd = j;
          else if (modifierAt === -1) modifierAt = j;
        } else if (!isWhitespace(next) && nameEnd !== -1 && modifierAt === -1) {
          modifierAt = j;
        }
      }
      return;
    }
    if (isWhitespace(arg.charAt(i + 1)) || i === arg.length - 1) continue;
    for (let j = i + 1; j < arg.length; j++) {
      const next = arg.charAt(j);
      if (isWhitespace(next)) continue;
      if (next === '$' || next === "'" || next === '"') {
        found(i, j, null);
        i = j - 1;
        continue references;
      }
      if (next === escapeChar) {
        const newline = arg.indexOf('\n', j + 1);
        if (newline !== -1) {
          j = newline;
          continue;
        }
        found(i, j, null);
        return;
      }
      if (!/^[a-z0-9_]$/i.test(next)) {
        found(i, j, null);
        i = j - 1;
        continue references;
      }
    }
    found(i, arg.length, null);
    return;
  }
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

export function startsBeforeEndOf(span: VariableSpan, previous: VariableSpan): boolean {
  return isBefore(span.range.start, previous.range.end) || span.startOffset < previous.endOffset;
}

/** Index of the first span ending at or after `position`; spans are in document order. */
export function firstEndingAtOrAfter(spans: readonly VariableSpan[], position: Position): number {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isBefore(spans[middle].range.end, position)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Inclusive at both ends; the shape of the library's test, kept for reversed ranges. */
export function isInsideRange(position: Position, range: Range): boolean {
  if (range.start.line === range.end.line) {
    return range.start.line === position.line && range.start.character <= position.character && position.character <= range.end.character;
  }
  if (range.start.line === position.line) return range.start.character <= position.character;
  if (range.end.line === position.line) return position.character <= range.end.character;
  return range.start.line < position.line && position.line < range.end.line;
}

export function isBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/**
 * Offset and position conversion over the model's line starts. Two flavours, because the two
 * libraries disagree inside a `\r\n`: dockerfile-language-service (vscode-languageserver-textdocument
 * 1.0.8) counts the `\r` as a character of the line, dockerfile-ast (1.0.16) moves such a
 * position back before the `\r`. Lookups mostly move forward a line at a time, so the last line
 * found is tried before a binary search.
 */
export class PositionIndex {
  private lastLine = 0;

  constructor(
    readonly text: string,
    readonly lineStarts: readonly number[],
  ) {}

  positionAt(offset: number): Position {
    const clamped = Math.max(Math.min(offset, this.text.length), 0);
    const line = this.lineOf(clamped);
    return { line, character: clamped - this.lineStarts[line] };
  }

  offsetAt(position: Position): number {
    return offsetInText(this, position);
  }

  parserPositionAt(offset: number): Position {
    const clamped = Math.max(Math.min(offset, this.text.length), 0);
    const line = this.lineOf(clamped);
    return { line, character: this.beforeLineEnd(clamped, this.lineStarts[line]) - this.lineStarts[line] };
  }

  parserOffsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const lineStart = this.lineStarts[position.line];
    if (position.character <= 0) return lineStart;
    const nextLineStart = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return this.beforeLineEnd(Math.min(lineStart + position.character, nextLineStart), lineStart);
  }

  private beforeLineEnd(offset: number, lineStart: number): number {
    let result = offset;
    while (result > lineStart && isLineBreak(this.text.charCodeAt(result - 1))) result--;
    return result;
  }

  private lineOf(offset: number): number {
    const starts = this.lineStarts;
    for (let line = this.lastLine; line <= this.lastLine + 1 && line < starts.length; line++) {
      if (starts[line] <= offset && (line + 1 === starts.length || offset < starts[line + 1])) {
        this.lastLine = line;
        return line;
      }
    }
    this.lastLine = lineOf(starts, offset);
    return this.lastLine;
  }
}

export function isLineBreak(code: number): boolean {
  return code === 13 || code === 10;
}
