import type { Range } from 'vscode-languageserver-types';

export interface MountOption {
  /** Lowercased, as BuildKit compares keys. */
  readonly key: string;
  readonly value: string;
  /** Offsets of the value inside the flag value. */
  readonly valueStart: number;
  readonly valueEnd: number;
}

/**
 * Splits a `--mount` value the way BuildKit does: one CSV record (a field may be wrapped in
 * double quotes to hold commas, `""` inside is a quote), each field `key=value` cut at the
 * first `=`, so values may contain `=`. A value quoted as a whole (`--mount="a=b,c=d"`) has its
 * quotes removed first, as BuildKit's flag parser does.
 */
export function parseMountOptions(raw: string): MountOption[] {
  let text = raw;
  let base = 0;
  const quote = text[0];
  if ((quote === '"' || quote === "'") && text.length > 1 && text.endsWith(quote) && text.split(quote).length === 3) {
    text = text.slice(1, -1);
    base = 1;
  }
  const options: MountOption[] = [];
  let index = 0;
  while (index <= text.length) {
    let field: string;
    let fieldStart: number;
    let next: number;
    if (text[index] === '"') {
      let end = index + 1;
      field = '';
      while (end < text.length) {
        if (text[end] === '"' && text[end + 1] === '"') {
          field += '"';
          end += 2;
        } else if (text[end] === '"') {
          break;
        } else {
          field += text[end++];
        }
      }
      fieldStart = index + 1;
      const comma = text.indexOf(',', end);
      next = comma === -1 ? text.length + 1 : comma + 1;
    } else {
      const comma = text.indexOf(',', index);
      const end = comma === -1 ? text.length : comma;
      field = text.slice(index, end);
      fieldStart = index;
      next = end + 1;
    }
    const equals = field.indexOf('=');
    const key = (equals === -1 ? field : field.slice(0, equals)).trim().toLowerCase();
    if (key !== '') {
      const value = equals === -1 ? '' : field.slice(equals + 1);
      const valueStart = base + fieldStart + (equals === -1 ? field.length : equals + 1);
      options.push({ key, value, valueStart, valueEnd: valueStart + value.length });
    }
    index = next;
  }
  return options;
}

/** The range of a part of a flag value, from its offsets, where the value is written on one line. */
export function subRange(range: Range, rawLength: number, start: number, end: number): Range {
  // Offsets only map onto the document when the value sits on one line as written.
  if (range.start.line !== range.end.line || range.end.character - range.start.character !== rawLength) return range;
  return {
    start: { line: range.start.line, character: range.start.character + start },
    end: { line: range.start.line, character: range.start.character + end },
  };
}
