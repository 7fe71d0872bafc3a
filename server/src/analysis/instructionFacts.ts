import { Arg, Argument, From, type Flag, type Instruction, type Onbuild, type Property, type PropertyInstruction } from 'dockerfile-ast';
import type { Position, Range } from 'vscode-languageserver-types';
import { mapValue } from './mapValue';

/**
 * Reads of the instructions of one parse, each worked out at most once. dockerfile-ast recomputes
 * an instruction's arguments on every call (it re-scans the instruction's text character by
 * character and converts each offset to a position), and `getArgumentsContent`,
 * `getArgumentsRange` and `getFlags` start with that scan. The analysis reads them from here. The
 * model derives one per version (`DocumentModel.instructionReads`), so the values go with it;
 * callers must not modify the arrays returned.
 */
export class InstructionReads {
  readonly text = new PerInstruction<string>();
  readonly arguments = new PerInstruction<readonly Argument[]>();
  readonly argumentsContent = new PerInstruction<string | null>();
  readonly firstWord = new PerInstruction<FirstWord | undefined>();
  readonly properties = new PerInstruction<readonly Property[]>();
  readonly squeezed = new PerInstruction<string>();
  readonly wordCharacters = new PerInstruction<string | null>();
  readonly triggers = new PerInstruction<Instruction | null>();

  constructor(readonly escapeChar: string) {}
}

/**
 * One read's values by instruction. A plain Map, not a WeakMap: it lives as long as the parse it
 * reads, and the garbage collector's extra work on WeakMap entries would cost every version.
 */
class PerInstruction<T> {
  private readonly values = new Map<Instruction, T>();

  get(instruction: Instruction, compute: () => T): T {
    return mapValue(this.values, instruction, compute);
  }
}

/**
 * An instruction's keyword in upper case, as dockerfile-ast's `getKeyword` gives it: how the
 * analysis tells instructions apart where it does not need a class's own methods (for those it
 * tests the class with instanceof). Keywords are nearly always written in upper case, and then
 * the written one is handed back instead of a new upper-cased copy on every read.
 */
export function keywordOf(instruction: Instruction): string {
  const written = instruction.getInstruction();
  for (let index = 0; index < written.length; index++) {
    const code = written.charCodeAt(index);
    if ((code >= 97 && code <= 122) || code > 127) return written.toUpperCase();
  }
  return written;
}

/** `instruction.getTextContent()`, once per instruction: dockerfile-ast works out both ends' offsets and copies the text on every call, and several rules read it. */
export function instructionTextOf(instruction: Instruction, reads: InstructionReads): string {
  return reads.text.get(instruction, () => instruction.getTextContent());
}

/**
 * `instruction.getArguments()`, once per instruction. On one line and without the escape
 * character, dockerfile-ast's arguments are the words between blanks, after the flags, and are
 * read from the text without the scan.
 */
export function argumentsOf(instruction: Instruction, reads: InstructionReads): readonly Argument[] {
  return reads.arguments.get(instruction, () => plainArguments(instruction, reads) ?? instruction.getArguments());
}

function plainArguments(instruction: Instruction, reads: InstructionReads): Argument[] | undefined {
  const words = plainWords(instruction, reads);
  if (!words) return undefined;
  const { line } = instruction.getRange().start;
  const args = words.map((word) => new Argument(word.text, wordRange(line, word)));
  // As dockerfile-ast does, one leading argument is dropped per flag.
  const flagCount = instruction instanceof From ? plainFlags(words).length : flagsOf(instruction, reads).length;
  return flagCount === 0 ? args : args.slice(flagCount);
}

/** A word of an instruction's arguments, with the columns it spans. */
interface PlainWord {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The words after the keyword of an instruction on one line without the escape character, split
 * at blanks: there, they are exactly what dockerfile-ast's scan reads as arguments. Undefined for
 * any other instruction.
 */
function plainWords(instruction: Instruction, reads: InstructionReads): PlainWord[] | undefined {
  const range = instruction.getRange();
  if (range.start.line !== range.end.line) return undefined;
  const keyword = instruction.getInstructionRange();
  const text = instructionTextOf(instruction, reads);
  let index = keyword.end.character - keyword.start.character;
  if (text.indexOf(reads.escapeChar, index) !== -1) return undefined;
  const column = range.start.character;
  const words: PlainWord[] = [];
  while (index < text.length) {
    while (index < text.length && isWhitespace(text[index])) index++;
    const start = index;
    while (index < text.length && !isWhitespace(text[index])) index++;
    if (index > start) words.push({ text: text.slice(start, index), start: column + start, end: column + index });
  }
  return words;
}

function wordRange(line: number, word: PlainWord): Range {
  return { start: { line, character: word.start }, end: { line, character: word.end } };
}

/** dockerfile-ast's flags of FROM, RUN, COPY or ADD: up to the first word without `--`, the words that start with it. */
function plainFlags(words: readonly PlainWord[]): PlainWord[] {
  const flags: PlainWord[] = [];
  for (const word of words) {
    if (!word.text.includes('--')) break;
    if (word.text.startsWith('--')) flags.push(word);
  }
  return flags;
}

/** A flag's value (null when it has no `=`) and where the flag and the value are. */
export interface FlagValue {
  readonly value: string | null;
  readonly range: Range;
  readonly valueRange: Range | null;
}

/**
 * The first flag named `name` (dockerfile-ast's name: what follows `--`, up to `=`). A FROM on one
 * line without the escape character is read from its words: dockerfile-ast reads a FROM's flags
 * with a scan of its own, while it reads those of RUN, COPY and ADD when it parses them.
 */
export function flagValueOf(instruction: Instruction, reads: InstructionReads, name: string): FlagValue | undefined {
  const words = instruction instanceof From ? plainWords(instruction, reads) : undefined;
  if (!words) {
    const flag = flagsOf(instruction, reads).find((candidate) => candidate.getName() === name);
    return flag && { value: flag.getValue(), range: flag.getRange(), valueRange: flag.getValueRange() };
  }
  const { line } = instruction.getRange().start;
  for (const word of plainFlags(words)) {
    const equals = word.text.indexOf('=');
    if ((equals === -1 ? word.text.substring(2) : word.text.substring(2, equals)) !== name) continue;
    const range = wordRange(line, word);
    if (equals === -1) return { value: null, range, valueRange: null };
    return { value: word.text.substring(equals + 1), range, valueRange: { start: { line, character: word.start + equals + 1 }, end: range.end } };
  }
  return undefined;
}

/**
 * `instruction.getArgumentsContent()`, once per instruction. On one line, without flags and
 * without the escape character, the arguments are the blank-separated words after the keyword,
 * so their content is that text without the blanks around it, read without the scan.
 */
export function argumentsContentOf(instruction: Instruction, reads: InstructionReads): string | null {
  return reads.argumentsContent.get(instruction, () => plainArgumentsText(instruction, reads) ?? instruction.getArgumentsContent());
}

function plainArgumentsText(instruction: Instruction, reads: InstructionReads): string | null | undefined {
  const range = instruction.getRange();
  // The content leaves flags out.
  if (range.start.line !== range.end.line || flagsOf(instruction, reads).length > 0) return undefined;
  const keyword = instruction.getInstructionRange();
  const rest = instructionTextOf(instruction, reads).slice(keyword.end.character - keyword.start.character);
  if (rest.includes(reads.escapeChar)) return undefined;
  let start = 0;
  let end = rest.length;
  while (start < end && isWhitespace(rest[start])) start++;
  while (end > start && isWhitespace(rest[end - 1])) end--;
  return start === end ? null : rest.slice(start, end);
}

/**
 * The instruction's text with what can split a word in two taken out (see `squeezeText`), once
 * per instruction.
 */
export function squeezedTextOf(instruction: Instruction, reads: InstructionReads): string {
  return reads.squeezed.get(instruction, () => squeezeText(instructionTextOf(instruction, reads), reads.escapeChar));
}

/**
 * An instruction's text without quotes, backslashes, the escape character, whitespace and line
 * breaks. What parsers read as one word from it (a command name, a variable name) is made of its
 * characters in order with only those between them, or with comment lines between continued
 * lines, which a parser usually drops (and sometimes reads as words): where there are such
 * lines, the text squeezed with them and without them, on two lines. A word is then in one piece
 * in it, which makes `includes` a cheap test of whether the word can be there.
 */
export function squeezeText(text: string, escapeChar: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  const squeeze = (kept: readonly string[]) => kept.join('').replace(/[\s'"\\]/g, '').split(escapeChar).join('');
  const withoutComments = lines.filter((line, index) => index === 0 || !/^[ \t]*#/.test(line));
  if (withoutComments.length === lines.length) return squeeze(lines);
  return `${squeeze(withoutComments)}\n${squeeze(lines)}`;
}

/**
 * False when the instruction cannot hold `word` (letters, digits and underscores, or a pattern
 * of them) inside one of the names dockerfile-ast reads from it (property names). The library builds a name from the
 * instruction's characters in order, leaving out escapes, quotes and the like, so the word is in
 * the instruction's letters, digits and underscores in one piece; between continued lines it
 * reads comment lines in ways that can join pieces from anywhere, so an instruction with such a
 * line may hold any word.
 */
export function mayHoldWord(instruction: Instruction, reads: InstructionReads, word: string | RegExp): boolean {
  const letters = reads.wordCharacters.get(instruction, () => {
    const text = instructionTextOf(instruction, reads);
    return /[\r\n][ \t]*#/.test(text) ? null : text.replace(/[^A-Za-z0-9_]+/g, '');
  });
  if (letters === null) return true;
  return typeof word === 'string' ? letters.includes(word) : word.test(letters);
}

/**
 * The properties of an ARG, ENV or LABEL, once per instruction. dockerfile-ast reads an ARG's
 * single property while parsing, and reads them all again (another scan) on every `getProperties`.
 */
export function propertiesOf(instruction: Instruction, reads: InstructionReads): readonly Property[] {
  if (instruction instanceof Arg) {
    const property = instruction.getProperty();
    if (property) return [property];
  }
  return reads.properties.get(instruction, () => (instruction as PropertyInstruction).getProperties());
}

/**
 * The instruction an ONBUILD holds, once per ONBUILD: dockerfile-ast parses it into a new object
 * on every `getTriggerInstruction`, and every read keyed by the trigger would start over.
 */
export function triggerOf(onbuild: Onbuild, reads: InstructionReads): Instruction | null {
  return reads.triggers.get(onbuild, () => onbuild.getTriggerInstruction());
}

/**
 * `instruction.getFlags()`, or no flags for instructions without any. dockerfile-ast keeps the
 * flags once read, and reads them while parsing RUN, COPY and ADD; for FROM it stops looking at
 * the first argument without `--`, so when that is the first word, which the text shows without
 * the scan, there are none.
 */
export function flagsOf(instruction: Instruction, reads: InstructionReads): readonly Flag[] {
  const withFlags = instruction as Instruction & { getFlags?: () => Flag[] };
  if (!withFlags.getFlags) return [];
  // The parser makes a From for every FROM; the class tells without the upper-case copy getKeyword makes.
  if (instruction instanceof From) {
    const word = plainFirstWord(instruction, reads);
    if (word && !word.text.includes('--')) return [];
  }
  return withFlags.getFlags();
}

/**
 * Where the first argument after the flags starts, or undefined when there are no arguments. A
 * first word without `--` is that argument: dockerfile-ast takes the flags of FROM, RUN, COPY
 * and ADD only from arguments with `--`, and other instructions but HEALTHCHECK have none.
 */
export function firstArgumentStart(instruction: Instruction, reads: InstructionReads): Position | undefined {
  const word = plainFirstWord(instruction, reads);
  // HEALTHCHECK's flags run up to its CMD or NONE, whatever comes before.
  if (word && !word.text.includes('--') && keywordOf(instruction) !== 'HEALTHCHECK') {
    const start = instruction.getRange().start;
    return { line: start.line, character: start.character + word.start };
  }
  return argumentsOf(instruction, reads)[0]?.getRange().start;
}

interface FirstWord {
  /** Offset in the instruction's text. */
  readonly start: number;
  readonly text: string;
}

function isWhitespace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n';
}

function isBlank(char: string): boolean {
  return char === ' ' || char === '\t';
}

/**
 * The first argument when it is a word as written on the keyword's line, with no escape
 * character in or before it: dockerfile-ast's scan reads exactly these characters as the first
 * argument. Undefined otherwise, and callers fall back to the scan.
 */
function plainFirstWord(instruction: Instruction, reads: InstructionReads): FirstWord | undefined {
  return reads.firstWord.get(instruction, () => readPlainFirstWord(instruction, reads));
}

function readPlainFirstWord(instruction: Instruction, reads: InstructionReads): FirstWord | undefined {
  const { escapeChar } = reads;
  const keyword = instruction.getInstructionRange();
  if (keyword.start.line !== keyword.end.line) return undefined;
  const text = instructionTextOf(instruction, reads);
  let index = keyword.end.character - keyword.start.character;
  // Only blanks before the word, so it starts on the keyword's line.
  while (index < text.length && isBlank(text[index])) index++;
  const start = index;
  while (index < text.length && !isWhitespace(text[index])) {
    if (text[index] === escapeChar) return undefined;
    index++;
  }
  return index === start ? undefined : { start, text: text.slice(start, index) };
}
