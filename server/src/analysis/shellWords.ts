import type { ParseEntry } from 'shell-quote';
import { parseShellTokens } from './shellTokens';

/**
 * The shell reader's scan of one script: where its simple commands start and end, and the words
 * of each (shell.ts looks through wrappers and heredocs on top of these).
 */

export interface WordList {
  words: string[];
  /** Delimiters of heredocs this command reads as standard input, in order. */
  heredocs: string[];
}

interface Segment {
  readonly start: number;
  readonly end: number;
}

/**
 * Splits a script into the spans of its simple commands: at `;`, `&&`, `||`, `|`, `&`, newlines and
 * subshell parentheses outside quotes, command substitutions and comments. Positions are what the
 * token library cannot give, so this scan only finds boundaries; words come from shell-quote.
 */
export function splitCommands(text: string): Segment[] {
  const segments: Segment[] = [];
  let segmentStart = 0;
  let atWordStart = true;
  const close = (end: number, next: number) => {
    segments.push({ start: segmentStart, end });
    segmentStart = next;
    atWordStart = true;
  };
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') {
      index += 2;
      atWordStart = false;
    } else if (char === "'") {
      const end = text.indexOf("'", index + 1);
      index = end < 0 ? text.length : end + 1;
      atWordStart = false;
    } else if (char === '"') {
      index = skipDoubleQuoted(text, index + 1);
      atWordStart = false;
    } else if (char === '`') {
      index = skipBackticks(text, index + 1);
      atWordStart = false;
    } else if ('$<>'.includes(char) && (text[index + 1] === '(' || (char === '$' && text[index + 1] === '{'))) {
      index = skipBalanced(text, index + 2, text[index + 1], text[index + 1] === '(' ? ')' : '}');
      atWordStart = false;
    } else if (char === '#' && atWordStart) {
      const lineEnd = text.indexOf('\n', index);
      segments.push({ start: segmentStart, end: index });
      segmentStart = lineEnd < 0 ? text.length : lineEnd;
      index = segmentStart;
    } else if (char === '\n' || char === ';' || char === '(' || char === ')') {
      const width = char === ';' && text[index + 1] === ';' ? 2 : 1;
      close(index, index + width);
      index += width;
    } else if (char === '&') {
      if (text[index + 1] === '&') {
        close(index, index + 2);
        index += 2;
      } else if (text[index + 1] === '>' || text[index - 1] === '>' || text[index - 1] === '<') {
        index++; // &> and >& are redirections
      } else {
        close(index, index + 1);
        index++;
      }
    } else if (char === '|') {
      const width = text[index + 1] === '|' || text[index + 1] === '&' ? 2 : 1;
      close(index, index + width);
      index += width;
    } else {
      atWordStart = char === ' ' || char === '\t' || char === '\r' || char === '<' || char === '>';
      index++;
    }
  }
  segments.push({ start: segmentStart, end: text.length });
  return segments.map((segment) => trimSegment(text, segment)).filter((segment) => segment.end > segment.start);
}

function trimSegment(text: string, segment: Segment): Segment {
  let { start, end } = segment;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

function skipDoubleQuoted(text: string, from: number): number {
  let index = from;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') index += 2;
    else if (char === '"') return index + 1;
    else if (char === '`') index = skipBackticks(text, index + 1);
    else if (char === '$' && text[index + 1] === '(') index = skipBalanced(text, index + 2, '(', ')');
    else index++;
  }
  return text.length;
}

function skipBackticks(text: string, from: number): number {
  let index = from;
  while (index < text.length) {
    if (text[index] === '\\') index += 2;
    else if (text[index] === '`') return index + 1;
    else index++;
  }
  return text.length;
}

function skipBalanced(text: string, from: number, open: string, closeChar: string): number {
  let depth = 1;
  let index = from;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') index += 2;
    else if (char === "'") {
      const end = text.indexOf("'", index + 1);
      index = end < 0 ? text.length : end + 1;
    } else if (char === '"') index = skipDoubleQuoted(text, index + 1);
    else {
      if (char === open) depth++;
      else if (char === closeChar && --depth === 0) return index + 1;
      index++;
    }
  }
  return text.length;
}

type Token = ParseEntry;

/** Variables stay as written, so `$HOME/x` is still `$HOME/x` in argv. */
function keepVariable(name: string): string {
  if (name === '') return '$';
  return /^\w+$/.test(name) ? `$${name}` : `\${${name}}`;
}

/**
 * Plain characters (no operators, globs, comments or escapes), variables whose name is a word
 * (`$HOME`, `${APP_HOME}`; not `$_x`, where shell-quote drops the character after the `_`),
 * double-quoted strings of those and blanks, and single-quoted strings without a backslash: what
 * most RUN lines hold.
 */
const SIMPLE_TEXT = /^(?:[\w\s./:=@%+,-]|\$(?=[A-Za-z0-9])|\$\{\w+\}|"(?:[\w\s./:=@%+,-]|\$(?=[A-Za-z0-9])|\$\{\w+\})*"|'[^'\\]*')*$/;
/** One word of such a text: blanks split it only outside quotes. */
const SIMPLE_WORD = /(?:[^\s'"]|"[^"]*"|'[^']*')+/g;
/** What a word loses or changes as shell-quote reads it: a single-quoted string keeps its inside as written, double quotes go, `${NAME}` is `$NAME`. */
const QUOTING = /'([^']*)'|"|(\$)\{(\w+)\}/g;
/** A word QUOTING can change holds one of these. */
const QUOTING_START = /['"{]/;

/**
 * The words of a command span of plain characters, word-named variables and simple quoted
 * strings, as shell-quote reads them with variables kept, without its cost (it builds a regular
 * expression per word); undefined for any other span.
 */
export function simpleWords(source: string): string[] | undefined {
  if (!SIMPLE_TEXT.test(source)) return undefined;
  // Most words hold no quote or braced variable, and a replace that finds nothing still costs more than a test.
  return source.match(SIMPLE_WORD)?.map((word) => (QUOTING_START.test(word) ? word.replace(QUOTING, '$1$2$3') : word)) ?? [];
}

/** The words of one command span, split again where shell-quote sees an operator this scan kept. */
export function wordLists(source: string): WordList[] {
  const simple = simpleWords(source);
  if (simple) return simple.length > 0 ? [{ words: simple, heredocs: [] }] : [];
  let tokens: Token[];
  const substitutions: string[] = [];
  try {
    tokens = parseShellTokens(prepareForTokenizer(source, substitutions), keepVariable);
  } catch {
    // shell-quote rejects some malformed substitutions (`${`); fall back to plain words.
    tokens = source.split(/\s+/).filter((word) => word !== '');
  }
  const restore = (text: string) => (substitutions.length === 0 ? text : text.replace(SUBSTITUTION_MARK, (mark, index: string) => substitutions[Number(index)] ?? mark));
  const lists: WordList[] = [{ words: [], heredocs: [] }];
  let current = lists[0];
  let pendingRedirect = false;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (typeof token === 'string' || ('op' in token && token.op === 'glob')) {
      const word = typeof token === 'string' ? token : token.pattern;
      if (pendingRedirect) pendingRedirect = false;
      else current.words.push(restore(word));
      continue;
    }
    if ('comment' in token) break;
    const op = token.op;
    if (op === '(' || op === '<(') {
      const { text, next } = substitutionText(tokens, index + 1);
      index = next;
      current.words.push(`${op === '<(' ? '<' : '$'}(${restore(text)})`);
    } else if (op === '<' && isOp(tokens[index + 1], '<')) {
      const delimiter = tokens[index + 2];
      if (typeof delimiter === 'string') current.heredocs.push(delimiter.replace(/^-/, ''));
      index += 2;
    } else if (op === '&' && isOp(tokens[index + 1], '>')) {
      index++;
      pendingRedirect = true;
    } else if (['<', '>', '>>', '>&', '<&', '<<<'].includes(op)) {
      const last = current.words.length - 1;
      if (last >= 1 && /^\d+$/.test(current.words[last])) current.words.pop();
      pendingRedirect = true;
    } else if (op !== ')') {
      current = { words: [], heredocs: [] };
      lists.push(current);
    }
  }
  return lists.filter((list) => list.words.length > 0 || list.heredocs.length > 0);
}

function isOp(token: Token | undefined, op: string): boolean {
  return token !== undefined && typeof token !== 'string' && 'op' in token && token.op === op;
}

/** The text of a `$( ... )` whose tokens start at `from`, and the index of its closing parenthesis. */
function substitutionText(tokens: Token[], from: number): { text: string; next: number } {
  const parts: string[] = [];
  let depth = 1;
  let index = from;
  for (; index < tokens.length; index++) {
    const token = tokens[index];
    if (typeof token === 'string') parts.push(token);
    else if ('op' in token) {
      if (token.op === '(' || token.op === '<(') depth++;
      if (token.op === ')' && --depth === 0) break;
      parts.push(token.op === 'glob' ? token.pattern : token.op);
    }
  }
  return { text: parts.join(' '), next: index };
}

/** Stands for the command substitution of that index while shell-quote splits a span: private-use characters. */
const SUBSTITUTION_MARK = /\uE000(\d+)\uE001/g;

/**
 * shell-quote starts a comment at any unquoted `#` and keeps an escaped newline as an empty word;
 * the shell does neither inside a word, and comments were already cut by the command scan.
 * shell-quote does not know command substitutions either: it splits `$(uname -s)-x` after the `)`
 * and a backtick substitution at its spaces. Each is set aside in `substitutions` and marked, so
 * it stays inside its word as written.
 */
function prepareForTokenizer(source: string, substitutions: string[]): string {
  let out = '';
  let quote: string | undefined;
  for (let index = 0; index < source.length; index++) {
    const char = source[index];
    if (quote !== "'" && ((char === '$' && source[index + 1] === '(') || char === '`')) {
      const end = char === '`' ? skipBackticks(source, index + 1) : skipBalanced(source, index + 2, '(', ')');
      out += `\uE000${substitutions.push(source.slice(index, end)) - 1}\uE001`;
      index = end - 1;
      continue;
    }
    if (quote) {
      if (char === '\\' && quote === '"') {
        out += char + (source[index + 1] ?? '');
        index++;
        continue;
      }
      if (char === quote) quote = undefined;
      out += char;
    } else if (char === '\\' && (source[index + 1] === '\n' || source[index + 1] === '\r')) {
      out += ' ';
      index += source[index + 1] === '\r' && source[index + 2] === '\n' ? 2 : 1;
    } else if (char === '\\') {
      out += char + (source[index + 1] ?? '');
      index++;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === '#') {
      out += '\\#';
    } else {
      out += char;
    }
  }
  return out;
}
