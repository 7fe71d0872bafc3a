import {
  Arg,
  Comment,
  Env,
  From,
  Healthcheck,
  Instruction,
  Keyword,
  ModifiableInstruction,
  Onbuild,
  type Argument,
} from 'dockerfile-ast';
import type { Position, Range, SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-types';
import type { DocumentModel } from './documentModel';
import { PositionIndex, findVariables, firstEndingAtOrAfter, imageParts, isBefore, isInsideRange, isLineBreak, startsBeforeEndOf, type InstructionVariables, type VariableSpan } from './semanticTokenVariables';

/**
 * Semantic tokens with exactly the data dockerfile-language-service 0.16.1 produces
 * (`computeSemanticTokens`, lib/dockerSemanticTokens.js, MIT, Remy Suen), in linear time.
 *
 * The library's rules are reproduced decision for decision, oddities included, because editors
 * and tests compare against it. What made it quadratic is gone:
 * - it appended every token with `Array.prototype.concat`, copying all earlier tokens;
 * - for every token it re-read the instruction's variables through dockerfile-ast's
 *   `getVariables()`, which resolves each variable against the whole file, and FROM's image
 *   name, tag and digest ranges do the same several times over;
 * - it searched all comments for each multi-line instruction.
 * Here tokens are pushed, each instruction's variables are scanned once for their ranges only
 * and looked up by binary search, and comments are matched to instructions in one sweep. The
 * parse is only read: the library deletes comments from the one it is given, which would
 * corrupt the parse the model shares with every other feature.
 */

const TOKEN_TYPES = ['keyword', 'comment', 'parameter', 'property', 'namespace', 'class', 'macro', 'string', 'variable', 'operator', 'modifier'] as const;
const TOKEN_MODIFIERS = ['declaration', 'definition', 'deprecated'] as const;
type TokenType = (typeof TOKEN_TYPES)[number];
type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

/** The library's legend, in its order: type and modifier indexes in the data refer to it. */
export const semanticTokenLegend: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const NO_MODIFIERS: readonly TokenModifier[] = [];

export function computeSemanticTokens(model: DocumentModel): SemanticTokens {
  return { data: new TokenProducer(model).produce() };
}

/** A token where the producer placed it; on broken lines the range may span lines or end before it starts. */
export interface PlacedToken {
  readonly range: Range;
  /** Indexes into the legend's types, and its modifiers as bits. */
  readonly type: number;
  readonly modifiers: number;
}

/**
 * The same tokens with their ranges, for encoding as LSP prescribes: the library's own encoding
 * counts lines from where a token spanning lines ended, which a client reading LSP's encoding
 * places on the wrong lines, and on broken text it steps backwards.
 */
export function placedSemanticTokens(model: DocumentModel): PlacedToken[] {
  const producer = new TokenProducer(model);
  producer.produce();
  return producer.placed;
}

/** What a token request also checks, as in the library: variables, quotes, skipped lines. */
interface TokenChecks {
  /** Split the range around the instruction's `$VAR` / `${VAR:-x}` references. */
  readonly variables?: boolean;
  /** Split the range around quoted strings; an unclosed quote carries over to the next argument. */
  readonly strings?: boolean;
  /** Before the token, mark escapes and comments on the lines skipped since the previous token. */
  readonly lineBreaks?: boolean;
}

const PLAIN: TokenChecks = { variables: false };
const BARE: TokenChecks = { variables: false, strings: false, lineBreaks: false };
const WITH_STRINGS: TokenChecks = { variables: true, strings: true };

class TokenProducer {
  private readonly text: string;
  private readonly positions: PositionIndex;
  private readonly escapeChar: string;
  private readonly data: number[] = [];
  readonly placed: PlacedToken[] = [];
  private previous: Range | null = null;
  /** The quote character of a string still open at the end of the last argument. */
  private openQuote: string | null = null;
  private readonly variablesByInstruction = new Map<Instruction, InstructionVariables>();
  private readonly splitsInProgress = new Set<string>();

  constructor(private readonly model: DocumentModel) {
    this.text = model.text;
    this.positions = new PositionIndex(model.text, model.lineStarts);
    this.escapeChar = model.dockerfile.getEscapeCharacter();
  }

  produce(): number[] {
    const dockerfile = this.model.dockerfile;
    for (const directive of dockerfile.getDirectives()) {
      const range = directive.getRange();
      const nameRange = directive.getNameRange();
      const valueRange = directive.getValueRange();
      this.token(null, { start: range.start, end: nameRange.start }, 'comment', NO_MODIFIERS, PLAIN);
      this.token(null, nameRange, 'property', NO_MODIFIERS, PLAIN);
      const operatorStart = { line: valueRange.start.line, character: valueRange.start.character - 1 };
      this.token(null, { start: operatorStart, end: valueRange.start }, 'operator', NO_MODIFIERS, PLAIN);
      if (valueRange.start.character !== valueRange.end.character) {
        this.token(null, valueRange, 'parameter', NO_MODIFIERS, PLAIN);
      }
    }
    for (const line of linesInOrder(dockerfile.getComments(), dockerfile.getInstructions())) {
      if (line instanceof Comment) {
        this.token(null, line.getRange(), 'comment', NO_MODIFIERS, PLAIN);
      } else {
        this.openQuote = null;
        this.instructionTokens(line);
      }
    }
    return this.data;
  }

  private instructionTokens(instruction: Instruction): void {
    const instructionRange = instruction.getInstructionRange();
    const keywordModifiers: readonly TokenModifier[] = instruction.getKeyword() === Keyword.MAINTAINER ? ['deprecated'] : NO_MODIFIERS;
    this.token(instruction, instructionRange, 'keyword', keywordModifiers);
    if (instruction instanceof ModifiableInstruction) this.flagTokens(instruction);

    const args = instruction.getArguments();
    if (args.length === 0) {
      const range = instruction.getRange();
      // Only escaped newlines and comments follow the keyword.
      if (range.start.line !== range.end.line) this.lineBreakTokens(instruction, instructionRange.end, range.end);
      return;
    }
    if (instruction instanceof Arg || instruction instanceof Env) {
      for (const property of instruction.getProperties()) {
        const nameRange = property.getNameRange();
        this.token(instruction, nameRange, 'variable', ['declaration'], PLAIN);
        const valueRange = property.getValueRange();
        if (valueRange === null) continue;
        // `substring`, like the library's getText, swaps reversed bounds.
        const between = this.text.substring(this.positions.offsetAt(nameRange.end), this.positions.offsetAt(valueRange.start));
        if (between.startsWith('=')) {
          const operatorEnd = this.positions.positionAt(this.positions.offsetAt(nameRange.end) + 1);
          this.token(instruction, { start: nameRange.end, end: operatorEnd }, 'operator', NO_MODIFIERS, { variables: false, strings: false });
        }
        this.token(instruction, valueRange, 'parameter', NO_MODIFIERS, WITH_STRINGS);
      }
      return;
    }
    if (instruction instanceof From) {
      this.fromTokens(instruction, args);
      return;
    }
    if (instruction instanceof Healthcheck) {
      const subcommand = instruction.getSubcommand();
      if (subcommand !== null) this.token(instruction, subcommand.getRange(), 'keyword');
      if (args.length > 1) this.argumentTokens(instruction, args.slice(1));
      return;
    }
    if (instruction instanceof Onbuild) {
      const trigger = instruction.getTriggerInstruction();
      if (trigger !== null) this.instructionTokens(trigger);
      return;
    }
    this.argumentTokens(instruction, args);
  }

  private flagTokens(instruction: ModifiableInstruction): void {
    for (const flag of instruction.getFlags()) {
      const nameEnd = flag.getNameRange().end;
      const dashesAndName = { start: flag.getRange().start, end: nameEnd };
      this.token(instruction, dashesAndName, 'parameter');
      const value = flag.getValue();
      if (value === null) continue;
      if (flag.hasOptions()) {
        const equalsSign = { start: nameEnd, end: { line: nameEnd.line, character: nameEnd.character + 1 } };
        this.token(instruction, equalsSign, 'operator', NO_MODIFIERS, { variables: false, strings: false });
        for (const option of flag.getOptions()) {
          const optionNameRange = option.getNameRange();
          this.token(instruction, optionNameRange, 'parameter');
          const optionValueRange = option.getValueRange();
          if (optionValueRange === null) continue;
          this.token(instruction, { start: optionNameRange.end, end: optionValueRange.start }, 'operator', NO_MODIFIERS, { variables: false, strings: false });
          if (option.getValue() !== '') this.token(instruction, optionValueRange, 'property');
        }
      } else {
        const valueRange = flag.getValueRange();
        if (valueRange === null) continue;
        this.token(instruction, { start: nameEnd, end: valueRange.start }, 'operator', NO_MODIFIERS, { variables: false, strings: false });
        if (value !== '') this.token(instruction, valueRange, 'property');
      }
    }
  }

  private fromTokens(from: From, args: Argument[]): void {
    const image = imageParts(args[0].getRange(), this.variablesOf(from), this.text, this.positions);
    this.token(from, image.name, 'class');
    if (image.tag !== null) this.token(from, image.tag, 'property');
    if (image.digest !== null) this.token(from, image.digest, 'property');
    if (args.length <= 1) return;
    if (args[1].getValue().toUpperCase() !== 'AS') {
      this.argumentTokens(from, args.slice(1));
      return;
    }
    this.token(from, args[1].getRange(), 'keyword');
    if (args.length > 2) this.token(from, args[2].getRange(), 'namespace');
    if (args.length > 3) this.argumentTokens(from, args.slice(3));
  }

  private argumentTokens(instruction: Instruction, args: Argument[]): void {
    for (const arg of args) this.token(instruction, arg.getRange(), 'parameter', NO_MODIFIERS, WITH_STRINGS);
    const lastEnd = args[args.length - 1].getRange().end;
    const instructionEnd = instruction.getRange().end;
    if (lastEnd.line !== instructionEnd.line || lastEnd.character !== instructionEnd.character) {
      this.lineBreakTokens(instruction, lastEnd, instructionEnd);
    }
  }

  /** Escape characters and comments between two positions of a continued instruction. */
  private lineBreakTokens(instruction: Instruction | null, from: Position, to: Position): void {
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
  private token(
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

  private variablesOf(instruction: Instruction): InstructionVariables {
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

/**
 * Comments and instructions by start line, comments first on a tie, leaving out comments
 * between the first and last line of a continued instruction (its line breaks cover them).
 */
function linesInOrder(comments: readonly Comment[], instructions: readonly Instruction[]): (Comment | Instruction)[] {
  const kept: Comment[] = [];
  let next = 0;
  for (const comment of comments) {
    const line = comment.getRange().start.line;
    while (next < instructions.length && instructions[next].getRange().end.line <= line) next++;
    const enclosing = next < instructions.length ? instructions[next].getRange() : null;
    if (enclosing === null || !(enclosing.start.line < line && line < enclosing.end.line)) kept.push(comment);
  }
  const lines: (Comment | Instruction)[] = [];
  let c = 0;
  let i = 0;
  while (c < kept.length || i < instructions.length) {
    const takeComment =
      i === instructions.length || (c < kept.length && kept[c].getRange().start.line <= instructions[i].getRange().start.line);
    lines.push(takeComment ? kept[c++] : instructions[i++]);
  }
  return lines;
}

function typeIndex(type: TokenType): number {
  return TOKEN_TYPES.indexOf(type);
}

function modifierBits(modifiers: readonly TokenModifier[]): number {
  let bits = 0;
  for (const modifier of modifiers) bits |= 1 << TOKEN_MODIFIERS.indexOf(modifier);
  return bits;
}
