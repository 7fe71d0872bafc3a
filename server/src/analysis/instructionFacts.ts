import { Arg, Argument, type Flag, type Instruction, type Property, type PropertyInstruction } from 'dockerfile-ast';
import type { Position } from 'vscode-languageserver-types';

/**
 * Cached reads of an instruction. dockerfile-ast recomputes an instruction's arguments on every
 * call (it re-scans the instruction's text character by character and converts each offset to a
 * position), and `getArgumentsContent`, `getArgumentsRange` and `getFlags` start with that scan.
 * The analysis reads them from here, so each instruction of a parse is scanned at most once.
 * Callers must not modify the arrays returned.
 */

const argumentsCache = new WeakMap<Instruction, readonly Argument[]>();
const argumentsContentCache = new WeakMap<Instruction, string | null>();
const firstWordCache = new WeakMap<Instruction, FirstWord | null>();

/**
 * `instruction.getArguments()`, once per instruction. On one line and without the escape
 * character, dockerfile-ast's arguments are the words between blanks, after the flags, and are
 * read from the text without the scan.
 */
export function argumentsOf(instruction: Instruction, escapeChar: string): readonly Argument[] {
  let args = argumentsCache.get(instruction);
  if (!args) {
    args = plainArguments(instruction, escapeChar) ?? instruction.getArguments();
    argumentsCache.set(instruction, args);
  }
  return args;
}

function plainArguments(instruction: Instruction, escapeChar: string): Argument[] | undefined {
  const range = instruction.getRange();
  if (range.start.line !== range.end.line) return undefined;
  const keyword = instruction.getInstructionRange();
  const text = instruction.getTextContent();
  let index = keyword.end.character - keyword.start.character;
  if (text.indexOf(escapeChar, index) !== -1) return undefined;
  const { line, character } = range.start;
  const words: Argument[] = [];
  while (index < text.length) {
    while (index < text.length && isWhitespace(text[index])) index++;
    const start = index;
    while (index < text.length && !isWhitespace(text[index])) index++;
    if (index > start) {
      words.push(new Argument(text.slice(start, index), { start: { line, character: character + start }, end: { line, character: character + index } }));
    }
  }
  // As dockerfile-ast does, one leading argument is dropped per flag.
  const flagCount = flagsOf(instruction, escapeChar).length;
  return flagCount === 0 ? words : words.slice(flagCount);
}

/**
 * `instruction.getArgumentsContent()`, once per instruction. On one line, without flags and
 * without the escape character, the arguments are the blank-separated words after the keyword,
 * so their content is that text without the blanks around it, read without the scan.
 */
export function argumentsContentOf(instruction: Instruction, escapeChar: string): string | null {
  let content = argumentsContentCache.get(instruction);
  if (content === undefined) {
    content = plainArgumentsText(instruction, escapeChar) ?? instruction.getArgumentsContent();
    argumentsContentCache.set(instruction, content);
  }
  return content;
}

function plainArgumentsText(instruction: Instruction, escapeChar: string): string | null | undefined {
  const range = instruction.getRange();
  // The content leaves flags out.
  if (range.start.line !== range.end.line || flagsOf(instruction, escapeChar).length > 0) return undefined;
  const keyword = instruction.getInstructionRange();
  const rest = instruction.getTextContent().slice(keyword.end.character - keyword.start.character);
  if (rest.includes(escapeChar)) return undefined;
  let start = 0;
  let end = rest.length;
  while (start < end && isWhitespace(rest[start])) start++;
  while (end > start && isWhitespace(rest[end - 1])) end--;
  return start === end ? null : rest.slice(start, end);
}

/**
 * The properties of an ARG, ENV or LABEL. dockerfile-ast reads an ARG's single property while
 * parsing, and reads them all again (another scan) on `getProperties`.
 */
export function propertiesOf(instruction: Instruction): readonly Property[] {
  if (instruction instanceof Arg) {
    const property = instruction.getProperty();
    if (property) return [property];
  }
  return (instruction as PropertyInstruction).getProperties();
}

/**
 * `instruction.getFlags()`, or no flags for instructions without any. dockerfile-ast keeps the
 * flags once read, and reads them while parsing RUN, COPY and ADD; for FROM it stops looking at
 * the first argument without `--`, so when that is the first word, which the text shows without
 * the scan, there are none.
 */
export function flagsOf(instruction: Instruction, escapeChar: string): readonly Flag[] {
  const withFlags = instruction as Instruction & { getFlags?: () => Flag[] };
  if (!withFlags.getFlags) return [];
  if (instruction.getKeyword() === 'FROM') {
    const word = plainFirstWord(instruction, escapeChar);
    if (word && !word.text.includes('--')) return [];
  }
  return withFlags.getFlags();
}

/**
 * Where the first argument after the flags starts, or undefined when there are no arguments. For
 * FROM, RUN, COPY and ADD, a first word without `--` is that argument (dockerfile-ast takes
 * flags only from arguments with `--`).
 */
export function firstArgumentStart(instruction: Instruction, escapeChar: string): Position | undefined {
  const word = plainFirstWord(instruction, escapeChar);
  if (word && !word.text.includes('--')) {
    const start = instruction.getRange().start;
    return { line: start.line, character: start.character + word.start };
  }
  return argumentsOf(instruction, escapeChar)[0]?.getRange().start;
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
function plainFirstWord(instruction: Instruction, escapeChar: string): FirstWord | undefined {
  const cached = firstWordCache.get(instruction);
  if (cached !== undefined) return cached ?? undefined;
  const word = readPlainFirstWord(instruction, escapeChar);
  firstWordCache.set(instruction, word ?? null);
  return word;
}

function readPlainFirstWord(instruction: Instruction, escapeChar: string): FirstWord | undefined {
  const keyword = instruction.getInstructionRange();
  if (keyword.start.line !== keyword.end.line) return undefined;
  const text = instruction.getTextContent();
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
