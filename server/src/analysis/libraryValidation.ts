import { validate, type ValidatorSettings } from 'dockerfile-utils';
import type { Diagnostic } from 'vscode-languageserver-types';

export interface LibraryValidation {
  readonly diagnostics: Diagnostic[];
  /** Why the library could not validate the text; its checks are then missing, ours are not. */
  readonly failure?: string;
}

/**
 * dockerfile-utils' checks, or none when it throws: 0.16.3 throws on a stage named like an Object
 * method (`FROM alpine AS constructor`), and the editor and the CLI must still report our findings.
 * The server passes its language service's validate, which caps work on heavy documents.
 */
export function validateWithLibrary(
  text: string,
  settings: ValidatorSettings,
  validator: (text: string, settings: ValidatorSettings) => Diagnostic[] = validate,
): LibraryValidation {
  try {
    return { diagnostics: validator(text, settings) };
  } catch (error) {
    return { diagnostics: [], failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
