import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleSeverity } from '../analysis/rules/rule';

/**
 * Who reported a finding, as the editor's diagnostics and the command line's reports both name it:
 * our rules and checks, or dockerfile-utils' validator, which names its diagnostics itself.
 */
export const ruleSource = 'dockerfile-stages';
export const librarySource = 'dockerfile-utils';
export type FindingSource = typeof ruleSource | typeof librarySource;

const diagnosticSeverities: Readonly<Record<RuleSeverity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A rule's severity as an LSP diagnostic's. */
export function diagnosticSeverity(severity: RuleSeverity): DiagnosticSeverity {
  return diagnosticSeverities[severity];
}

/** An LSP diagnostic's severity in the rules' words; one without a severity is reported as a warning. */
export function ruleSeverity(severity: DiagnosticSeverity | undefined): RuleSeverity {
  const severities: readonly RuleSeverity[] = ['error', 'warning', 'information', 'hint'];
  return severities.find((name) => diagnosticSeverities[name] === severity) ?? 'warning';
}
