import { Copy, DockerfileParser, Run, type Dockerfile, type Heredoc, type ImageTemplate } from 'dockerfile-ast';
import { DockerFormatter } from 'dockerfile-utils/lib/dockerFormatter';
import type { Position } from 'vscode-languageserver-types';
import type { LibraryFix } from './libraryFix';

/**
 * Repairs of two defects of dockerfile-ast that made every request on some files throw, and of
 * one of dockerfile-utils' formatter that made formatting a large heredoc quadratic. They change
 * the library's classes, so the parses dockerfile-utils and dockerfile-language-service make
 * themselves (the CLI's validation, for one) are repaired too. The first two were found by fuzzing
 * (test/fixtures/regressions/ keeps the inputs), the third by the hostile corpus
 * (test/fuzz/hostile.ts).
 */
export const parserRepairs: readonly LibraryFix[] = [
  {
    corrects: 'a variable on an indented first line, or on one after a byte order mark, resolves itself until the stack overflows',
    writtenFor: { 'dockerfile-ast': '0.7.1' },
    install: containWholeLines,
  },
  {
    corrects: 'reading the heredocs of a RUN or COPY whose body starts with a lone escape character throws a TypeError',
    writtenFor: { 'dockerfile-ast': '0.7.1' },
    install: readUnreadableHeredocsAsNone,
  },
  {
    corrects: 'formatting searches the list of every heredoc line for each line, quadratic in a large heredoc',
    writtenFor: { 'dockerfile-utils': '0.16.3' },
    install: findHeredocLinesBySet,
  },
];

/**
 * The library finds the part of the file holding a line (the instructions before the first
 * FROM, or a stage) by asking which part holds the line's first character. An instruction that
 * starts after that character (indented, or after a byte order mark) is in no part, so the
 * whole file is answered; resolving a variable or listing the variables on that line then asks
 * the whole file again, without end, and the stack overflows. A position on a line of a part
 * now gets that part, and one on a line of no part the part before it.
 */
function containWholeLines(): void {
  const prototype = Object.getPrototypeOf(DockerfileParser.parse('')) as Dockerfile;
  const findImage = prototype.getContainingImage;
  prototype.getContainingImage = function (this: Dockerfile, position: Position): ImageTemplate | null {
    const image = findImage.call(this, position);
    if (image !== this) return image;
    const { initialInstructions, buildStages } = this as unknown as { initialInstructions: ImageTemplate; buildStages: ImageTemplate[] };
    // A line in no part (a comment continued past its end by a trailing escape, a blank line
    // after a stage) belongs to the part before it, as BuildKit reads the file.
    let preceding = initialInstructions;
    for (const part of [initialInstructions, ...buildStages]) {
      if (part.getInstructions().length === 0) continue;
      const lines = part.getRange();
      if (!lines || lines.start.line > position.line) break;
      if (position.line <= lines.end.line) return part;
      preceding = part;
    }
    return preceding;
  };
}

/**
 * A heredoc whose first body line is a lone escape character followed by an indented delimiter
 * makes the library index past its list of heredoc markers and throw a TypeError. A RUN or COPY
 * whose heredocs cannot be read is taken to have none.
 */
function readUnreadableHeredocsAsNone(): void {
  for (const prototype of [Run.prototype, Copy.prototype]) {
    const readHeredocs = prototype.getHeredocs;
    prototype.getHeredocs = function (this: Run | Copy): Heredoc[] {
      try {
        return readHeredocs.call(this);
      } catch (error) {
        if (error instanceof TypeError) return [];
        throw error;
      }
    };
  }
}

type FormatLines = (this: DockerFormatter, document: unknown, content: string, lines: number[], indented: boolean[], skipped: boolean[], heredocLines: number[], options: unknown) => unknown;

/**
 * dockerfile-utils formats each line after searching the list of every heredoc
 * line for it, which is quadratic in the heredoc's lines, so a large heredoc stalls the server. The list is
 * handed over as a set that answers the one question the formatter asks of it, `indexOf`.
 */
function findHeredocLinesBySet(): void {
  const prototype = DockerFormatter.prototype as unknown as { formatLines: FormatLines };
  const formatLines = prototype.formatLines;
  prototype.formatLines = function (this: DockerFormatter, document, content, lines, indented, skipped, heredocLines, options) {
    const heredoc = new Set(heredocLines);
    const lookup = { indexOf: (line: number) => (heredoc.has(line) ? 0 : -1) } as unknown as number[];
    return formatLines.call(this, document, content, lines, indented, skipped, lookup, options);
  };
}
