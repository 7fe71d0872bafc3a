import type { Instruction } from 'dockerfile-ast';
import { derivedKey, type DocumentModel } from '../documentModel';

/**
 * The original text cut into pieces the converter can move between stages without retyping
 * anything: each instruction with the comment lines above it, exactly as written (continuations,
 * heredoc bodies, escape characters and inline comments included).
 */
export interface SourceBlock {
  /** Comment lines (and blank lines between them) right above the instruction. */
  readonly leading: readonly string[];
  /** True when blank lines separate the block from what comes before it. */
  readonly blankBefore: boolean;
  /** The instruction's own lines. */
  readonly lines: readonly string[];
}

export interface SourceLayout {
  readonly lines: readonly string[];
  /** `\r\n` when the file uses it, so generated lines match. */
  readonly eol: string;
  /** Comment and blank lines after the last instruction. */
  readonly trailing: readonly string[];
  /** For each instruction, the last line of the instruction (or parser directive) before it. */
  readonly previousEnd: ReadonlyMap<Instruction, number>;
}

const sourceLayoutKey = derivedKey<SourceLayout>('source layout');

/** The layout of a document version, computed once. */
export function sourceLayout(model: DocumentModel): SourceLayout {
  return model.derive(sourceLayoutKey, () => {
    const lines = model.text.split(/\r\n|\n|\r/);
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    const instructions = model.dockerfile.getInstructions();
    const previousEnd = new Map<Instruction, number>();
    let previous = directiveEnd(model) - 1;
    for (const instruction of instructions) {
      previousEnd.set(instruction, previous);
      previous = instruction.getRange().end.line;
    }
    return { lines, eol: model.text.includes('\r\n') ? '\r\n' : '\n', trailing: trimBlankEdges(lines.slice(previous + 1)), previousEnd };
  });
}

/** Where the instruction's block starts: at its leading comments, after the blank lines above them. */
export function blockStartLine(layout: SourceLayout, instruction: Instruction): number {
  let line = (layout.previousEnd.get(instruction) ?? -1) + 1;
  while (line < instruction.getRange().start.line && isBlank(layout.lines[line])) line++;
  return line;
}

export function blockOf(layout: SourceLayout, instruction: Instruction): SourceBlock {
  const range = instruction.getRange();
  const floor = (layout.previousEnd.get(instruction) ?? -1) + 1;
  const start = blockStartLine(layout, instruction);
  return {
    leading: layout.lines.slice(start, range.start.line),
    blankBefore: start > floor,
    lines: layout.lines.slice(range.start.line, range.end.line + 1),
  };
}

/** The line after the parser directives. */
export function directiveEnd(model: DocumentModel): number {
  const directives = model.dockerfile.getDirectives();
  return directives.length === 0 ? 0 : directives[directives.length - 1].getRange().end.line + 1;
}

/**
 * Whether a line holds only blanks as dockerfile-ast reads them (spaces and tabs): `trim` also
 * takes other Unicode spaces away, and a line of one such character, a stray byte order mark
 * say, is an instruction to the parser that the conversion must keep.
 */
export function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

function trimBlankEdges(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start])) start++;
  while (end > start && isBlank(lines[end - 1])) end--;
  return lines.slice(start, end);
}
