import { Instruction, type Argument } from 'dockerfile-ast';
import { instructionMemo } from '../analysis/instructionMemo';

type ArgumentReader = (this: Instruction) => Argument[];

let memoized = false;

/**
 * dockerfile-ast splits an instruction's text into arguments again on every call, and its parser,
 * the library's validation, completion and hovers, and our own features ask for them many times
 * per version: on a 3,500-line file the repeated splitting was a third of the server's work per
 * keystroke. Every parse is of one immutable version of a document, so an instruction's arguments
 * never change once split; each instruction now splits its text once. Callers get a copy of the
 * array: dockerfile-ast itself shifts the flags off the array it receives.
 */
export function memoizeInstructionArguments(): void {
  if (memoized) return;
  memoized = true;
  // A private method in the typings (dockerfile-ast 0.7.1, pinned); getArguments and the flag and
  // heredoc readers all go through it.
  const prototype = Instruction.prototype as unknown as { getRawArguments: ArgumentReader };
  const split = prototype.getRawArguments;
  const splitOnce = instructionMemo<Argument[]>('raw arguments');
  prototype.getRawArguments = function (this: Instruction): Argument[] {
    return splitOnce(this, () => split.call(this)).slice();
  };
}
