import { From, Instruction, type Argument } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { instructionMemo } from '../analysis/instructionMemo';

type ArgumentReader = (this: Instruction) => Argument[];

/**
 * Split arguments of recent versions, by what they are a function of: the instruction's text,
 * where it starts and the escape character. A keystroke changes one instruction; the others of
 * the new version find their arguments here instead of being split again. Two generations are
 * kept, so whatever the last parses split survives the next one. A generation is bounded by the
 * characters of its keys, not by their number: a key holds the instruction's whole text, and
 * typing in a large heredoc makes a new large key at every keystroke.
 */
export class ArgumentsOfRecentVersions {
  private current = new Map<string, Argument[]>();
  private previous = new Map<string, Argument[]>();
  private currentCharacters = 0;

  /** The default holds a few versions of the largest file we analyse (1 MB). */
  constructor(private readonly generationCharacters = 4_000_000) {}

  static keyOf(instruction: Instruction, escapeChar: string): string {
    const { line, character } = instruction.getRange().start;
    return `${escapeChar}${line}:${character}\n${instruction.getTextContent()}`;
  }

  get(key: string): Argument[] | undefined {
    const recent = this.current.get(key);
    if (recent) return recent;
    const older = this.previous.get(key);
    if (older) this.remember(key, older);
    return older;
  }

  remember(key: string, args: Argument[]): void {
    if (this.currentCharacters + key.length > this.generationCharacters && this.current.size > 0) {
      this.previous = this.current;
      this.current = new Map();
      this.currentCharacters = 0;
    }
    this.current.set(key, args);
    this.currentCharacters += key.length;
  }
}

let memoized = false;

/**
 * dockerfile-ast splits an instruction's text into arguments again on every call, and its parser,
 * the library's validation, completion and hovers, and our own features ask for them many times
 * per version: on a 3,500-line file the repeated splitting was a third of the server's work per
 * keystroke. Every parse is of one immutable version of a document, so an instruction's arguments
 * never change once split; each instruction now splits its text once, and an instruction that a
 * recent version had in the same place with the same text takes the arguments split then (the
 * split was half of parsing). Arguments are immutable values (a string and a range), so sharing
 * them between versions is safe. Callers get a copy of the array: dockerfile-ast itself shifts
 * the flags off the array it receives.
 */
export function memoizeInstructionArguments(): void {
  if (memoized) return;
  memoized = true;
  // A private method and field in the typings (dockerfile-ast 0.7.1, pinned); getArguments and
  // the flag and heredoc readers all go through it.
  const prototype = Instruction.prototype as unknown as { getRawArguments: ArgumentReader };
  const split = prototype.getRawArguments;
  const splitOnce = instructionMemo<Argument[]>('raw arguments');
  const recent = new ArgumentsOfRecentVersions();
  handOutImageRangeCopies();
  prototype.getRawArguments = function (this: Instruction): Argument[] {
    return splitOnce(this, () => {
      const key = ArgumentsOfRecentVersions.keyOf(this, (this as unknown as { escapeChar: string }).escapeChar);
      let args = recent.get(key);
      if (!args) {
        args = split.call(this);
        recent.remember(key, args);
      }
      return args;
    }).slice();
  };
}

/**
 * Shared arguments must not be modified, and dockerfile-ast's FROM hands out its first argument's
 * own range as the image's range, which its image name and registry readers then narrow in
 * place: after one of them, the argument would span only the image name, in this version and in
 * every later one that reuses it. The image's range is now a copy.
 */
function handOutImageRangeCopies(): void {
  const prototype = From.prototype as unknown as { getImageRange(this: From): Range | null };
  const imageRange = prototype.getImageRange;
  prototype.getImageRange = function (this: From): Range | null {
    const range = imageRange.call(this);
    return range && { start: { ...range.start }, end: { ...range.end } };
  };
}
