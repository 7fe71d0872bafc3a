import { readFile, stat } from 'node:fs/promises';
import { maxAnalysedCharacters, sizeOverLimit } from '../analysis/sizeLimit';
import type { CliInput } from './discovery';
import { ioProblem } from './discovery';
import type { CliIo } from './io';

export interface ReadOptions {
  /** Read and analyse files over the server's size cap too (`--no-size-limit`). */
  readonly sizeLimit: boolean;
}

export interface InputText {
  /** The text, without the UTF-8 byte order mark editors drop before the language server sees it. */
  readonly text: string;
  /** Whether the file began with a byte order mark, which writing it back keeps. */
  readonly byteOrderMark: boolean;
}

/** A UTF-16 character takes at most three bytes of UTF-8, so a file this large is over the cap unread. */
const surelyOverLimitBytes = 3 * maxAnalysedCharacters;

/** The input's text, or the stderr message saying why it could not be read or is not analysed. */
export async function readInput(input: CliInput, io: CliIo, options: ReadOptions): Promise<InputText | { problem: string }> {
  try {
    if (options.sizeLimit && input.kind === 'file') {
      const { size } = await stat(input.path);
      if (size > surelyOverLimitBytes) return { problem: tooLarge(input.display, size) };
    }
    const raw = input.kind === 'stdin' ? await io.readStdin() : await readFile(input.path, 'utf8');
    const byteOrderMark = raw.charCodeAt(0) === 0xfeff;
    const text = byteOrderMark ? raw.slice(1) : raw;
    if (options.sizeLimit && text.length > maxAnalysedCharacters) return { problem: tooLarge(input.display, text.length) };
    return { text, byteOrderMark };
  } catch (error) {
    return { problem: ioProblem(input.display, error) };
  }
}

function tooLarge(display: string, characters: number): string {
  return `${sizeOverLimit(display, characters)}, as the editor does; --no-size-limit analyses it anyway`;
}
