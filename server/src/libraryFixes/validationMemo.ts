import type { Instruction } from 'dockerfile-ast';
import { Validator } from 'dockerfile-utils/lib/dockerValidator';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { instructionKey, recentKind, type RecentVersions } from '../analysis/recentVersions';
import type { LibraryFix } from './libraryFix';

/** The private parts of dockerfile-utils' Validator that the memo wraps. */
interface ValidatorInternals {
  settings: object;
  validateInstruction(document: TextDocument, escapeChar: string, instruction: Instruction, keyword: string, isTrigger: boolean, problems: Diagnostic[]): void;
  checkVariables(instruction: Instruction, problems: Diagnostic[]): void;
}

/** The instructions whose checks resolve their variables against the rest of the file. */
const resolvingVariables = new Set(['FROM', 'EXPOSE', 'STOPSIGNAL']);

/**
 * dockerfile-utils checks every instruction of the file on every version, and a keystroke changes
 * one of them. Two of its checks look at an instruction alone:
 *
 * - `checkVariables`, which finds unsupported `${name<modifier>...}` forms: only the text matters,
 *   yet the library resolves every variable against the file to get there, the largest part
 *   of its validation of a version;
 * - `validateInstruction`, except where it asks whether a variable is defined elsewhere in the
 *   file: for FROM, EXPOSE and STOPSIGNAL with variables.
 *
 * An instruction that a recent version had in the same place, with the same text and escape
 * character, under the same settings, takes the problems these found then instead of being checked
 * again. Each caller gets copies, as a consumer of the diagnostics may change them.
 */
function memoizeInstructionValidation(store: RecentVersions): void {
  const prototype = Validator.prototype as unknown as ValidatorInternals;
  const { validateInstruction, checkVariables } = prototype;
  const recent = new ProblemsOfRecentVersions(store);
  prototype.validateInstruction = function (this: ValidatorInternals, document, escapeChar, instruction, keyword, isTrigger, problems) {
    const check = (found: Diagnostic[]) => validateInstruction.call(this, document, escapeChar, instruction, keyword, isTrigger, found);
    if (resolvingVariables.has(keyword) && instruction.getTextContent().includes('$')) check(problems);
    else recent.reuse(this.settings, `${isTrigger ? 'trigger' : 'instruction'}${instructionKey(instruction)}`, check, problems);
  };
  prototype.checkVariables = function (this: ValidatorInternals, instruction, problems) {
    if (!instruction.getTextContent().includes('$')) return;
    recent.reuse(this.settings, `variables${instructionKey(instruction)}`, (found) => checkVariables.call(this, instruction, found), problems);
  };
}

export const validationMemo: LibraryFix = {
  corrects: 'validation checks every instruction of the file again on every version, and resolves every variable to find unsupported modifiers',
  writtenFor: { 'dockerfile-utils': '0.16.3' },
  install: memoizeInstructionValidation,
};

/** The problems that checks found in recent versions, under the settings of the last validation. */
class ProblemsOfRecentVersions {
  private readonly kind = recentKind<Diagnostic[]>('validation problems');
  private settings = '';
  /** Counts changes of settings; a key holds it, so the problems found under other settings are never read again (they age out of the store). */
  private settingsChanges = 0;
  /**
   * The settings object of the validation under way and its contents as a key: the library
   * copies the settings into a fresh object for each validation, and one validation asks for
   * the key once per instruction.
   */
  private current: { readonly settings: object; readonly key: string } | undefined;

  constructor(private readonly recent: RecentVersions) {}

  /** Appends to `problems` copies of what `check` found for `key`, checking only if no recent version did. */
  reuse(settings: object, key: string, check: (found: Diagnostic[]) => void, problems: Diagnostic[]): void {
    const settingsKey = this.keyOf(settings);
    if (settingsKey !== this.settings) {
      this.settingsChanges++;
      this.settings = settingsKey;
    }
    const found = this.recent.reuse(this.kind, `${this.settingsChanges}:${key}`, () => {
      const checked: Diagnostic[] = [];
      check(checked);
      return checked;
    });
    for (const problem of found) problems.push(copyOf(problem));
  }

  private keyOf(settings: object): string {
    if (this.current?.settings !== settings) this.current = { settings, key: JSON.stringify(settings) };
    return this.current.key;
  }
}

function copyOf(problem: Diagnostic): Diagnostic {
  const { start, end } = problem.range;
  return { ...problem, range: { start: { ...start }, end: { ...end } }, tags: problem.tags && [...problem.tags] };
}
