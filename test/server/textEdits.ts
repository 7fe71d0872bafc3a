import type { TextEdit } from 'vscode-languageserver';

/** Applies LSP text edits (non-overlapping, any order) to a text, the way an editor would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (line: number, character: number) =>
    line >= lineStarts.length ? text.length : Math.min(lineStarts[line] + character, line + 1 < lineStarts.length ? lineStarts[line + 1] - 1 : text.length);
  const sorted = [...edits].sort(
    (a, b) => offset(b.range.start.line, b.range.start.character) - offset(a.range.start.line, a.range.start.character),
  );
  let result = text;
  for (const edit of sorted) {
    const start = offset(edit.range.start.line, edit.range.start.character);
    const end = offset(edit.range.end.line, edit.range.end.character);
    result = result.slice(0, start) + edit.newText + result.slice(end);
  }
  return result;
}
