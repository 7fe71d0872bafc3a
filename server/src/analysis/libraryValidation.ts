import { validate, ValidationCode, type ValidatorSettings } from 'dockerfile-utils';
import type { Diagnostic } from 'vscode-languageserver-types';

export interface LibraryValidation {
  readonly diagnostics: Diagnostic[];
  /** Why the library could not validate the text; its checks are then missing, ours are not. */
  readonly failure?: string;
}

/** A check of dockerfile-utils that one of our BuildKit rules reports instead, under BuildKit's name. */
interface ReplacedCheck {
  readonly rule: string;
  /** The library's severity settings (`dockerfileStages.diagnostics.*`) for it. */
  readonly settings: readonly (keyof ValidatorSettings)[];
  /** False where BuildKit's meaning differs from the library's; `keepValidatorChecks` keeps the library's there. */
  readonly sameMeaning: boolean;
}

/**
 * The library's checks that BuildKit also has. Where the meaning is the same, ours reports it once
 * under BuildKit's name. Where it differs (the library wants upper-case keywords and flags every
 * relative WORKDIR; BuildKit wants one casing throughout and checks a stage's first WORKDIR after
 * expansion), BuildKit's wins unless the user keeps the library's.
 */
export const replacedLibraryChecks: ReadonlyMap<ValidationCode, ReplacedCheck> = new Map([
  [ValidationCode.DEPRECATED_MAINTAINER, { rule: 'MaintainerDeprecated', settings: ['deprecatedMaintainer'], sameMeaning: true }],
  [ValidationCode.EMPTY_CONTINUATION_LINE, { rule: 'NoEmptyContinuation', settings: ['emptyContinuationLine'], sameMeaning: true }],
  [
    ValidationCode.MULTIPLE_INSTRUCTIONS,
    { rule: 'MultipleInstructionsDisallowed', settings: ['instructionCmdMultiple', 'instructionEntrypointMultiple', 'instructionHealthcheckMultiple'], sameMeaning: true },
  ],
  [ValidationCode.DUPLICATE_BUILD_STAGE_NAME, { rule: 'DuplicateStageName', settings: [], sameMeaning: true }],
  [ValidationCode.CASING_INSTRUCTION, { rule: 'ConsistentInstructionCasing', settings: ['instructionCasing'], sameMeaning: false }],
  [ValidationCode.WORKDIR_IS_NOT_ABSOLUTE, { rule: 'WorkdirRelativePath', settings: ['instructionWorkdirRelative'], sameMeaning: false }],
]);

/** The rules that stand down when the user keeps the library's meaning of a check. */
export const rulesReplacedByKeptLibraryChecks: readonly string[] = [...replacedLibraryChecks.values()].filter((check) => !check.sameMeaning).map((check) => check.rule);

/** Whether a library diagnostic is one a rule of ours reports instead. */
function replacedByRule(diagnostic: Diagnostic, keepValidatorChecks: boolean): boolean {
  const replaced = typeof diagnostic.code === 'number' ? replacedLibraryChecks.get(diagnostic.code as ValidationCode) : undefined;
  return replaced !== undefined && (replaced.sameMeaning || !keepValidatorChecks);
}

/**
 * dockerfile-utils' checks, less those our BuildKit rules report, or none when it throws: 0.16.3
 * throws on a stage named like an Object method (`FROM alpine AS constructor`), and the editor and
 * the CLI must still report our findings. The server passes its language service's validate,
 * which caps work on heavy documents.
 */
export function validateWithLibrary(
  text: string,
  settings: ValidatorSettings,
  validator: (text: string, settings: ValidatorSettings) => Diagnostic[] = validate,
  keepValidatorChecks = false,
): LibraryValidation {
  try {
    return { diagnostics: validator(text, settings).filter((diagnostic) => !replacedByRule(diagnostic, keepValidatorChecks)) };
  } catch (error) {
    return { diagnostics: [], failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
