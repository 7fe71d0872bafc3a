import { parse as parseShellWords, type ParseEntry } from 'shell-quote';

/**
 * shell-quote's `parse`, in linear time. The library gathers its tokens with `Array.concat`, one
 * token at a time, so one call costs the square of its token count, and a RUN of many `$a` words
 * stalls the server. The source is therefore cut where the library's tokens cannot span
 * (unquoted whitespace, the edge between a word and an operator, between two operators, an
 * unclosed quote, which the library skips), and the pieces are parsed in groups of a bounded size,
 * which gives the tokens of one whole parse.
 */
export function parseShellTokens(source: string, env: (name: string) => string): ParseEntry[] {
  const tokens: ParseEntry[] = [];
  let groupStart = 0;
  for (const cut of tokenCuts(source)) {
    if (cut - groupStart < groupLength && cut < source.length) continue;
    const group = source.slice(groupStart, cut);
    for (const token of parseShellWords(group, env)) {
      if (typeof token === 'object' && 'comment' in token) {
        // A comment runs to the end of the whole source, and the library reads nothing after it.
        tokens.push({ comment: source.slice(groupStart + group.length - token.comment.length) });
        return tokens;
      }
      tokens.push(token);
    }
    groupStart = cut;
  }
  return tokens;
}

/** About this many characters are parsed in one call: few tokens, so the library's square stays small. */
const groupLength = 256;

/** shell-quote's operators, tried in its order, at one position. */
const operator = /\|\||&&|;;|\|&|<\(|<<<|>>|>&|<&|[&;()|<>]/y;
const operatorCharacters = '|&;()<>';
/** The characters shell-quote reads a backslash before as escaped, outside quotes. */
const escapable = `'"|&;()<> \t`;

/** Offsets where a token of shell-quote's can neither start before and end after, in order; the source's length last. */
function* tokenCuts(source: string): Generator<number> {
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r' || operatorCharacters.includes(char)) {
      yield index;
      operator.lastIndex = index;
      index = operator.exec(source) ? operator.lastIndex : index + 1;
      continue;
    }
    const wordEnd = endOfWord(source, index);
    yield index;
    index = wordEnd;
  }
  yield source.length;
}

/** Where the word at `start` ends: at whitespace, an operator or a quote that never closes. */
function endOfWord(source: string, start: number): number {
  let index = start;
  while (index < source.length) {
    const char = source[index];
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r' || operatorCharacters.includes(char)) return index;
    if (char === '"' || char === "'") {
      const closing = closingQuote(source, index);
      if (closing === undefined) return index === start ? index + 1 : index;
      index = closing + 1;
    } else if (char === '\\' && index + 1 < source.length && escapable.includes(source[index + 1])) {
      // Only these pairs are one unit to shell-quote; any other backslash stands alone.
      index += 2;
    } else {
      index++;
    }
  }
  return index;
}

/**
 * The quote closing the one at `open` as shell-quote's pattern finds it: the first quote not
 * escaped by a backslash or, when there is none, the last escaped one; undefined when none.
 */
function closingQuote(source: string, open: number): number | undefined {
  const quote = source[open];
  let lastEscaped: number | undefined;
  for (let index = open + 1; index < source.length; index++) {
    if (source[index] === '\\' && source[index + 1] === quote) {
      lastEscaped = index + 1;
      index++;
    } else if (source[index] === quote) {
      return index;
    }
  }
  return lastEscaped;
}
