import { readFile } from 'node:fs/promises';
import type { CliInput } from './discovery';
import { ioProblem } from './discovery';
import type { CliIo } from './io';

/** Editors drop a UTF-8 byte order mark before the language server sees the text; so does the CLI. */
function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The input's text, or the stderr message saying why it could not be read. */
export async function readInput(input: CliInput, io: CliIo): Promise<{ text: string } | { problem: string }> {
  try {
    const text = input.kind === 'stdin' ? await io.readStdin() : await readFile(input.path, 'utf8');
    return { text: withoutByteOrderMark(text) };
  } catch (error) {
    return { problem: ioProblem(input.display, error) };
  }
}
