import type { CliFinding } from './findings';

/** One analysed input and what was found in it (after the severity filter). */
export interface LintedInput {
  /** As shown in every format: the path as given or found, or `<stdin>`. */
  readonly display: string;
  /** Absolute path on disk; absent for standard input without `--stdin-filename`. */
  readonly path?: string;
  readonly findings: readonly CliFinding[];
}

export interface LintReport {
  readonly inputs: readonly LintedInput[];
  /** Inputs that could not be read, as stderr messages; any of them makes the exit code 2. */
  readonly failures: readonly string[];
  /** Rules that threw on an input, as stderr messages: their findings are missing, so the exit code is 2. */
  readonly ruleFailures: readonly string[];
}

export function allFindings(report: LintReport): CliFinding[] {
  return report.inputs.flatMap((input) => input.findings);
}
