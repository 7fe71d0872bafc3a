import { From, Instruction, ModifiableInstruction, type Argument, type Flag } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { instructionKey, recentKind, type RecentVersions } from '../analysis/recentVersions';
import type { LibraryFix } from './libraryFix';

type ArgumentReader = (this: Instruction) => Argument[];

/**
 * dockerfile-ast splits an instruction's text into arguments again on every call, and its parser,
 * the library's validation, completion and hovers, and our own features ask for them many times
 * per version, so on a large file the repeated splitting was a large share of the server's work per
 * keystroke. Every parse is of one immutable version of a document, so an instruction's arguments
 * never change once split. The split goes to the document cache's store of values kept across
 * versions, by the instruction's text, place and escape character, so each instruction splits its
 * text once, and one that a recent version had in the same place with the same text takes the
 * arguments split then (the split is much of what parsing costs). Arguments are immutable values (a string and a range), so sharing
 * them between versions is safe. Callers get a copy of the array: dockerfile-ast itself shifts
 * the flags off the array it receives.
 */
function memoizeInstructionArguments(recent: RecentVersions): void {
  // A private method and field in the typings; getArguments and
  // the flag and heredoc readers all go through it.
  const prototype = Instruction.prototype as unknown as { getRawArguments: ArgumentReader };
  const split = prototype.getRawArguments;
  const argumentsKind = recentKind<Argument[]>('arguments');
  handOutImageRangeCopies();
  reuseRecentFlags(recent);
  prototype.getRawArguments = function (this: Instruction): Argument[] {
    return recent.reuse(argumentsKind, instructionKey(this), () => split.call(this)).slice();
  };
}

export const argumentMemo: LibraryFix = {
  corrects: 'every read of an instruction\'s arguments or flags splits its text again',
  writtenFor: { 'dockerfile-ast': '0.7.1' },
  install: memoizeInstructionArguments,
};

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

/**
 * An instruction's flags (`--mount=type=cache,target=...`) are read from its arguments once per
 * parse, with every option's position worked out, and parsing makes every RUN, COPY and CMD read
 * them: a large share of parsing a version. Like arguments, they are values of the instruction's text
 * and place, so an instruction that a recent version had takes that version's flags.
 */
function reuseRecentFlags(recent: RecentVersions): void {
  // `flags`, where dockerfile-ast keeps them once read, is private in the typings.
  const prototype = ModifiableInstruction.prototype as unknown as { getFlags(this: ModifiableInstruction): Flag[] };
  const readFlags = prototype.getFlags;
  const flagsKind = recentKind<Flag[]>('flags');
  prototype.getFlags = function (this: ModifiableInstruction): Flag[] {
    const holder = this as unknown as { flags?: Flag[] };
    // Reading sets `flags` first, so the reads of arguments it makes meanwhile find them.
    holder.flags ??= recent.reuse(flagsKind, instructionKey(this), () => readFlags.call(this));
    return holder.flags;
  };
}
