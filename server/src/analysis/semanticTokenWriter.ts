import type { Instruction } from 'dockerfile-ast';
import type { Position, Range } from 'vscode-languageserver-types';
import type { DocumentModel } from './documentModel';
import { PositionIndex, findVariables, firstEndingAtOrAfter, isBefore, isInsideRange, isLineBreak, startsBeforeEndOf, type InstructionVariables, type VariableSpan } from './semanticTokenVariables';

/**
 * How dockerfile-language-service 0.16.1 turns a range into semantic tokens, decision for decision
 * (see semanticTokens.ts for why we have our own copy): a range is cut around quoted strings,
 * escaped line breaks and the instruction's variable references, the lines skipped since the
 * previous token get their escape and comment tokens, and each piece is encoded as the library
 * encodes it. What walks the instructions and asks for the ranges is in semanticTokens.ts.
 */

export const TOKEN_TYPES = ['keyword', 'comment', 'parameter', 'property', 'namespace', 'class', 'macro', 'string', 'variable', 'operator', 'modifier'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'definition', 'deprecated'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const NO_MODIFIERS: readonly TokenModifier[] = [];

/** A token where the producer placed it; on broken lines the range may span lines or end before it starts. */
export interface PlacedToken {
  readonly range: Range;
  /** Indexes into the legend's types, and its modifiers as bits. */
  readonly type: number;
  readonly modifiers: number;
}

/** What a token request also checks, as in the library: variables, quotes, skipped lines. */
export interface TokenChecks {
  /** Split the range around the instruction's `$VAR` / `${VAR:-x}` references. */
  readonly variables?: boolean;
  /** Split the range around quoted strings; an unclosed quote carries over to the next argument. */
  readonly strings?: boolean;
  /** Before the token, mark escapes and comments on the lines skipped since the previous token. */
  readonly lineBreaks?: boolean;
}

export const PLAIN: TokenChecks = { variables: false };
const BARE: TokenChecks = { variables: false, strings: false, lineBreaks: false };
export const WITH_STRINGS: TokenChecks = { variables: true, strings: true };

/** Writes the tokens of the ranges it is given; a subclass decides which ranges an instruction has. */
export class TokenWriter {
  protected readonly text: string;
  protected readonly positions: PositionIndex;
  protected readonly escapeChar: string;
  protected readonly data: number[] = [];
  readonly placed: PlacedToken[] = [];
  private previous: Range | null = null;
  /** The quote character of a string still open at the end of the last argument. */
  protected openQuote: string | null = null;
  private readonly variablesByInstruction = new Map<Instruction, InstructionVariables>();
  private readonly splitsInProgress = new Set<string>();

  constructor(protected readonly model: DocumentModel) {
    this.text = model.text;
    this.positions = new PositionIndex(model.text, model.lineStarts);
    this.escapeChar = model.dockerfile.getEscapeCharacter();
  }

  /** Escape characters and comments between two positions of a continued instruction. */
  protected lineBreakTokens(instruction: Instruction | null, from: Position, to: Position): void {
    let commentStart = -1;
    const end = this.positions.offsetAt(to);
    for (let i = this.positions.offsetAt(from); i < end; i++) {
      const ch = this.text.charAt(i);
      if (ch === this.escapeChar) {
        if (commentStart === -1) this.escapeToken(instruction, i);
      } else if (ch === '\r' || ch === '\n') {
        if (commentStart !== -1) {
          this.token(null, this.rangeOf(commentStart, i), 'comment', NO_MODIFIERS, PLAIN);
          commentStart = -1;
        }
      } else if (ch === '#' && commentStart === -1) {
        commentStart = i;
      }
    }
  }

  private escapeToken(instruction: Instruction | null, offset: number): void {
    this.token(instruction, this.rangeOf(offset, offset + 1), 'macro', NO_MODIFIERS, BARE);
  }

  private variableToken(instruction: Instruction, variable: VariableSpan, range: Range): void {
    const modifierRange = variable.modifierRange;
    if (modifierRange === null) {
      this.token(instruction, range, 'variable', NO_MODIFIERS, PLAIN);
      return;
    }
    // The library builds this range with Range.create, which throws for a negative character
    // (a modifier at the start of a continuation line); here it is highlighted instead.
    const colon = { start: { line: modifierRange.start.line, character: modifierRange.start.character - 1 }, end: modifierRange.start };
    if (range.start.character < colon.start.character) {
      this.token(instruction, { start: range.start, end: colon.start }, 'variable', NO_MODIFIERS, PLAIN);
      this.token(instruction, colon, 'operator', NO_MODIFIERS, BARE);
    }
    if (range.end.character <= colon.end.character) return;
    if (modifierRange.end.character >= range.start.character) {
      // `${VAR:}` has an empty modifier, which gets no token.
      if (modifierRange.start.character !== modifierRange.end.character) this.token(instruction, modifierRange, 'modifier', NO_MODIFIERS, BARE);
      if (modifierRange.end.character !== range.end.character) {
        this.token(instruction, { start: modifierRange.end, end: range.end }, 'variable', NO_MODIFIERS, PLAIN);
      }
    } else {
      this.token(instruction, range, 'variable', NO_MODIFIERS, PLAIN);
    }
  }

  /** Adds the token for `range`, or the pieces the checks split it into. */
  protected token(
    instruction: Instruction | null,
    range: Range,
    type: TokenType,
    modifiers: readonly TokenModifier[] = NO_MODIFIERS,
    checks: TokenChecks = {},
  ): void {
    const { variables = true, strings = false, lineBreaks = true } = checks;
    if (lineBreaks && this.previous !== null && this.previous.end.line !== range.start.line) {
      this.lineBreakTokens(instruction, this.previous.end, range.start);
    }
    if (strings && this.splitAtQuotes(instruction, range, type, modifiers)) return;
    if (range.start.line !== range.end.line) {
      // Cutting a range at its escaped newlines can lead back to the same range: when lines end
      // in lone `\r`s (which the positions count but the cutting ignores), or when a variable
      // reference spans lines with comments in between. The library then recurses until the
      // stack overflows and has no tokens for the file; here each line's part becomes a token.
      const split = `${this.positions.offsetAt(range.start)}:${this.positions.offsetAt(range.end)}:${type}:${variables}:${strings}`;
      if (this.splitsInProgress.has(split)) {
        this.tokenPerLine(instruction, this.positions.offsetAt(range.start), this.positions.offsetAt(range.end), type, modifiers, variables);
        return;
      }
      this.splitsInProgress.add(split);
      this.splitAtLineBreaks(instruction, range, type, modifiers, variables, strings);
      this.splitsInProgress.delete(split);
      return;
    }
    if (variables && instruction !== null) {
      const rest = this.splitAtVariables(instruction, range, type, modifiers);
      if (rest === null) return;
      range = rest;
    }
    this.emit(range, type, modifiers);
  }

  /**
   * Gives quoted parts the string type. Returns true when that handled the whole range. Escaped
   * quotes count as quotes, as in the library.
   */
  private splitAtQuotes(instruction: Instruction | null, range: Range, type: TokenType, modifiers: readonly TokenModifier[]): boolean {
    let pieceStart = this.positions.offsetAt(range.start);
    let quoteStart = pieceStart;
    let afterClosingQuote = -1;
    let escaping = false;
    const end = this.positions.offsetAt(range.end);
    scan: for (let i = pieceStart; i < end; i++) {
      const ch = this.text.charAt(i);
      if (ch === this.escapeChar) {
        for (let j = i + 1; j < end; j++) {
          const next = this.text.charAt(j);
          if (next === ' ' || next === '\t') continue;
          if (next === '\r' || next === '\n') {
            escaping = true;
            // `\r` is taken to start `\r\n`, whatever follows it.
            i = next === '\r' ? j + 1 : j;
            continue scan;
          }
          break;
        }
        escaping = false;
        if (pieceStart === -1) pieceStart = i;
      } else if (ch === "'" || ch === '"') {
        escaping = false;
        if (this.openQuote === null) {
          this.openQuote = ch;
          quoteStart = i;
          if (pieceStart !== -1 && pieceStart !== quoteStart) this.token(instruction, this.rangeOf(pieceStart, quoteStart), type, modifiers);
        } else if (this.openQuote === ch) {
          this.token(instruction, this.rangeOf(quoteStart, i + 1), 'string', NO_MODIFIERS, { variables: true, strings: false });
          afterClosingQuote = i + 1;
          pieceStart = -1;
          this.openQuote = null;
        }
      } else if (ch === '#' && escaping) {
        // A comment line inside a continuation: skip to its end.
        for (let j = i + 1; j < end; j++) {
          const next = this.text.charAt(j);
          if (next === '\r' || next === '\n') {
            i = next === '\r' ? j + 1 : j;
            continue scan;
          }
        }
      } else if (escaping && (ch === '#' || ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n')) {
        continue;
      } else {
        escaping = false;
        if (pieceStart === -1) pieceStart = i;
      }
    }
    if (this.openQuote !== null) {
      this.token(instruction, this.rangeOf(quoteStart, end), 'string', NO_MODIFIERS, { variables: true, strings: false });
      return true;
    }
    if (afterClosingQuote !== -1) {
      if (afterClosingQuote !== end) this.token(instruction, this.rangeOf(afterClosingQuote, end), type, modifiers);
      return true;
    }
    return false;
  }

  /**
   * Tokens cover one line each: a range over continued lines is cut at each escaped newline,
   * the escape character becomes a macro token and comment lines in between become comments.
   *
   * Long because: it is the library's one scanning loop, kept branch for branch so that its
   * oddities stay the same; its four flags are shared by every branch, and cutting the loop into
   * functions would pass them all back and forth.
   */
  private splitAtLineBreaks(
    instruction: Instruction | null,
    range: Range,
    type: TokenType,
    modifiers: readonly TokenModifier[],
    variables: boolean,
    strings: boolean,
  ): void {
    let pieceStart = this.positions.offsetAt(range.start);
    const end = this.positions.offsetAt(range.end);
    let pieceAdded = false;
    let lineBreaksHandled = false;
    let escaping = false;
    for (let i = pieceStart; i < end; i++) {
      const ch = this.text.charAt(i);
      if (ch === '#') {
        if (!escaping) continue;
        let commenting = true;
        commentLines: for (let j = i + 1; j < end; j++) {
          const next = this.text.charAt(j);
          if (next === ' ' || next === '\t') continue;
          if (next === '\r' || next === '\n') {
            this.token(null, this.rangeOf(i, j), 'comment', NO_MODIFIERS, PLAIN);
            pieceStart = -1;
            commenting = false;
            if (next === '\r') {
              i = j + 1;
              j++;
            } else {
              i = j;
            }
          } else if (next === '#') {
            if (!commenting) i = j;
            commenting = true;
          } else if (!commenting) {
            i = j - 1;
            break commentLines;
          }
        }
      } else if (ch === this.escapeChar) {
        let escapeAdded = false;
        escapedNewline: for (let j = i + 1; j < end; j++) {
          const next = this.text.charAt(j);
          if (next === ' ' || next === '\t' || next === '\r') continue;
          if (next === '\n') {
            if (!escapeAdded) {
              if (!pieceAdded && pieceStart !== -1) {
                if (i !== pieceStart) this.token(instruction, this.rangeOf(pieceStart, i), type, modifiers);
                pieceAdded = true;
              }
              this.escapeToken(instruction, i);
            }
            lineBreaksHandled = true;
            escaping = true;
            escapeAdded = true;
            i = j;
            pieceStart = -1;
          } else if ((next === '#' && !escaping) || (next === '\\' && !escaping)) {
            pieceAdded = false;
            i = j;
            break escapedNewline;
          } else if (next === '#') {
            i = j - 1;
            break escapedNewline;
          } else if (next === '\\') {
            i = j;
            escapeAdded = false;
            pieceStart = j;
          } else {
            if (pieceStart === -1) {
              pieceAdded = false;
              escaping = false;
              pieceStart = j;
              i = j;
            }
            break escapedNewline;
          }
        }
      } else if (pieceStart === -1) {
        pieceAdded = false;
        escaping = false;
        pieceStart = i;
      }
    }
    if (pieceStart === -1) return;
    this.token(instruction, this.rangeOf(pieceStart, end), type, modifiers, { variables, strings, lineBreaks: !lineBreaksHandled });
  }

  private tokenPerLine(instruction: Instruction | null, start: number, end: number, type: TokenType, modifiers: readonly TokenModifier[], variables: boolean): void {
    const lineStarts = this.model.lineStarts;
    for (let line = this.positions.positionAt(start).line; line < lineStarts.length && lineStarts[line] < end; line++) {
      const pieceStart = Math.max(start, lineStarts[line]);
      let pieceEnd = Math.min(end, line + 1 < lineStarts.length ? lineStarts[line + 1] : this.text.length);
      while (pieceEnd > pieceStart && isLineBreak(this.text.charCodeAt(pieceEnd - 1))) pieceEnd--;
      if (pieceEnd > pieceStart) this.token(instruction, this.rangeOf(pieceStart, pieceEnd), type, modifiers, { variables, strings: false, lineBreaks: false });
    }
  }

  /**
   * Emits the parts of a one-line range that are variable references (and the text before
   * them); returns what is left after the last reference, or null when nothing is.
   */
  private splitAtVariables(instruction: Instruction, range: Range, type: TokenType, modifiers: readonly TokenModifier[]): Range | null {
    const { spans, inOrder } = this.variablesOf(instruction);
    let pieceStart = range.start;
    let lastVariable: Range | null = null;
    const line = range.start.line;
    const lastCharacter = Math.max(range.start.character, range.end.character);
    // A reference matters only if it contains the range or starts inside it, so references that
    // end before the range or start after it can be skipped when they are in document order.
    for (let index = inOrder ? firstEndingAtOrAfter(spans, range.start) : 0; index < spans.length; index++) {
      const span = spans[index];
      const start = span.range.start;
      if (inOrder && (start.line > line || (start.line === line && start.character > lastCharacter))) break;
      const variableRange = { start, end: span.range.end };
      if (isInsideRange(range.start, variableRange) && isInsideRange(range.end, variableRange)) {
        // A range inside a quoted string stays a string.
        if (type === 'string') break;
        this.variableToken(instruction, span, range);
        return null;
      }
      if (!isInsideRange(start, range)) continue;
      if (isBefore(pieceStart, start)) this.token(instruction, { start: pieceStart, end: start }, type, modifiers, PLAIN);
      if (variableRange.end.character > range.end.character) variableRange.end = range.end;
      this.variableToken(instruction, span, variableRange);
      lastVariable = variableRange;
      if (variableRange.end.line === range.end.line && variableRange.end.character === range.end.character) return null;
      pieceStart = variableRange.end;
    }
    return lastVariable === null ? range : { start: lastVariable.end, end: range.end };
  }

  private emit(range: Range, type: TokenType, modifiers: readonly TokenModifier[]): void {
    this.placed.push({ range: { start: { ...range.start }, end: { ...range.end } }, type: typeIndex(type), modifiers: modifierBits(modifiers) });
    const previous = this.previous;
    const length = range.end.character - range.start.character;
    if (previous === null) {
      this.data.push(range.start.line, range.start.character, length, typeIndex(type), modifierBits(modifiers));
    } else if (previous.end.line !== range.start.line) {
      this.data.push(range.start.line - previous.end.line, range.start.character, length, typeIndex(type), modifierBits(modifiers));
    } else {
      // Relative to the previous token's start line, as the library does, which matters only
      // for the rare token that starts on a line where the previous one ended but did not start.
      this.data.push(
        range.start.line - previous.start.line,
        range.start.character - previous.start.character,
        length,
        typeIndex(type),
        modifierBits(modifiers),
      );
    }
    this.previous = range;
  }

  protected variablesOf(instruction: Instruction): InstructionVariables {
    let variables = this.variablesByInstruction.get(instruction);
    if (variables === undefined) {
      const spans = findVariables(instruction, this.text, this.escapeChar, this.positions);
      variables = { spans, inOrder: spans.every((span, index) => index === 0 || !startsBeforeEndOf(span, spans[index - 1])) };
      this.variablesByInstruction.set(instruction, variables);
    }
    return variables;
  }

  private rangeOf(startOffset: number, endOffset: number): Range {
    return { start: this.positions.positionAt(startOffset), end: this.positions.positionAt(endOffset) };
  }
}

function typeIndex(type: TokenType): number {
  return TOKEN_TYPES.indexOf(type);
}

function modifierBits(modifiers: readonly TokenModifier[]): number {
  let bits = 0;
  for (const modifier of modifiers) bits |= 1 << TOKEN_MODIFIERS.indexOf(modifier);
  return bits;
}
