/**
 * String scanning for the project file parsers, in linear time: hostile project files must not
 * make a backtracking regular expression retry a long run from each of its characters.
 */

/** The lines of a text, split where a multiline `^` would start one. */
export function textLines(text: string): string[] {
  return text.split(/\r\n|[\n\r\u2028\u2029]/);
}

/** The text between `open` and `close` when the line is exactly `open…close`, trimmed, with no `]` inside: `[[ bin ]]` → `bin`. */
export function bracketed(line: string, open: string, close: string): string | undefined {
  if (line.length < open.length + close.length || !line.startsWith(open) || !line.endsWith(close)) return undefined;
  const inner = line.slice(open.length, line.length - close.length);
  if (inner === '' || inner.includes(']')) return undefined;
  // A name of white space alone is its last character, as `\s*([^\]]+?)\s*` made it.
  return inner.trim() || inner.slice(-1);
}

/** The text with each `open…close` span removed, the first `close` ending it; `pairs` are tried in order at each position. */
export function withoutSpans(text: string, pairs: readonly (readonly [string, string])[]): string {
  const unclosed = new Set<string>();
  let out = '';
  let kept = 0;
  for (let at = text.indexOf('<'); at >= 0; at = text.indexOf('<', at + 1)) {
    for (const [open, close] of pairs) {
      if (unclosed.has(close) || !text.startsWith(open, at)) continue;
      const end = text.indexOf(close, at + open.length);
      if (end < 0) {
        unclosed.add(close);
        continue;
      }
      out += text.slice(kept, at);
      kept = end + close.length;
      at = kept - 1;
      break;
    }
  }
  return out + text.slice(kept);
}

/** The text with each `<name>…</name>` element removed, for any of the names. */
export function withoutElements(text: string, names: readonly string[]): string {
  return withoutSpans(
    text,
    names.map((name) => [`<${name}>`, `</${name}>`]),
  );
}

/** The contents of each `<name>…</name>` element, the first `</name>` closing it. */
export function elementBodies(text: string, name: string): string[] {
  const open = `<${name}>`;
  const close = `</${name}>`;
  const bodies: string[] = [];
  for (let at = text.indexOf(open); at >= 0; ) {
    const end = text.indexOf(close, at + open.length);
    if (end < 0) break;
    bodies.push(text.slice(at + open.length, end));
    at = text.indexOf(open, end + close.length);
  }
  return bodies;
}

/** The single word of the first `<name> word </name>` element: `<version>1.0</version>` → `1.0`. */
export function elementWord(text: string, name: string): string | undefined {
  const open = `<${name}>`;
  const close = `</${name}>`;
  for (let at = text.indexOf(open); at >= 0; ) {
    const start = at + open.length;
    const end = text.indexOf('<', start);
    if (end < 0) return undefined;
    const word = text.slice(start, end).trim();
    if (word !== '' && !/\s/.test(word) && text.startsWith(close, end)) return word;
    at = text.indexOf(open, end);
  }
  return undefined;
}

/** The single word of the first `<name>` element after the first `<after>` tag. */
export function elementWordAfter(text: string, after: string, name: string): string | undefined {
  const at = text.indexOf(`<${after}>`);
  return at < 0 ? undefined : elementWord(text.slice(at + after.length + 2), name);
}

/** What follows `word` and at least one white space character at the start of a trimmed line, trimmed; `gem "rails"` → `"rails"`. */
export function afterKeyword(line: string, word: string): string | undefined {
  if (!line.startsWith(word)) return undefined;
  const rest = line.slice(word.length);
  const value = rest.trimStart();
  return value.length < rest.length ? value : undefined;
}

/** The value of `key = value` (spaces around `=` optional) once `key` is cut off the start. */
export function afterEquals(rest: string): string | undefined {
  const trimmed = rest.trimStart();
  return trimmed.startsWith('=') ? trimmed.slice(1).trimStart() : undefined;
}
