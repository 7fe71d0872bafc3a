/**
 * Markdown pieces for hovers. Stage names, image names and paths come from the user's file, so
 * they only ever appear inside code spans, never as markup.
 */

/** A code span that holds any text: the fence is longer than the longest backtick run inside. */
export function code(text: string): string {
  // A reduce, not Math.max(...runs): spreading hundreds of thousands of runs overflows the stack.
  const longestRun = (text.match(/`+/g) ?? []).reduce((longest, run) => Math.max(longest, run.length), 0);
  const fence = '`'.repeat(longestRun + 1);
  const padding = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${padding}${text.replace(/\r?\n|\r/g, ' ')}${padding}${fence}`;
}

/** A URI without its `#fragment`. */
function withoutFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash === -1 ? uri : uri.slice(0, hash);
}

/**
 * A link that reveals a line of the document: VS Code opens `file:///...#L12` at line 12 (its
 * opener reads `L<line>[,<column>]` fragments). `line` is 0-based, as in LSP.
 */
export function lineLink(documentUri: string, line: number, label = `line ${line + 1}`): string {
  return `[${label}](${linkTarget(`${withoutFragment(documentUri)}#L${line + 1}`)})`;
}

/**
 * Text from the data files as Markdown: placeholders such as `<same codename>` would otherwise
 * be read as HTML tags and vanish from the hover.
 */
export function prose(text: string): string {
  return text.replace(/</g, '\\<');
}

/** A link to a web page. */
export function webLink(label: string, url: string): string {
  return `[${label}](${linkTarget(url)})`;
}

/** Characters that would end or break a Markdown link destination are percent-encoded. */
function linkTarget(url: string): string {
  return url.replace(/[ ()<>]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Joins non-empty blocks with blank lines, so each renders as its own paragraph or list. */
export function blocks(...parts: readonly (string | undefined | false)[]): string {
  return parts.filter((part): part is string => typeof part === 'string' && part !== '').join('\n\n');
}

/** A Markdown list, or nothing when there are no items. */
export function list(items: readonly string[]): string | undefined {
  return items.length === 0 ? undefined : items.map((item) => `- ${item}`).join('\n');
}
