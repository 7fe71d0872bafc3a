import { Instruction, type Argument } from 'dockerfile-ast';

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
  const splitOnce = new WeakMap<Instruction, Argument[]>();
  prototype.getRawArguments = function (this: Instruction): Argument[] {
    let args = splitOnce.get(this);
    if (!args) {
      args = split.call(this);
      splitOnce.set(this, args);
    }
    return args.slice();
  };
}
