import { ValidationCode } from 'dockerfile-utils';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { DocumentModel } from '../analysis/documentModel';
import { validateWithLibrary } from '../analysis/libraryValidation';
import type { BuiltTarget } from '../analysis/builds/types';
import { lint, type LintedFinding } from '../analysis/lint';
import { libraryResolvesVariablesQuickly, variableLimitReason } from '../analysis/variableWork';
import type { RuleSeverity } from '../analysis/rules/rule';
import { librarySource, ruleSeverity, ruleSource, type FindingSource } from '../infra/findingSources';
import { toValidatorSettings, type Settings } from '../infra/settings';

/** One line of `lint --format json`: the contract in docs/cli.md. Lines and columns are 1-based. */
export interface CliFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  /** The column just past the last character, as SARIF's `endColumn`. */
  readonly endColumn: number;
  readonly severity: RuleSeverity;
  readonly code: string;
  readonly message: string;
  readonly source: FindingSource;
}

export const severityOrder: readonly RuleSeverity[] = ['hint', 'information', 'warning', 'error'];

export function atLeast(severity: RuleSeverity, threshold: RuleSeverity): boolean {
  return severityOrder.indexOf(severity) >= severityOrder.indexOf(threshold);
}

/**
 * dockerfile-utils numbers its checks; the number is an implementation detail of the enum, so the
 * CLI reports the enum member's name (`DUPLICATE_BUILD_STAGE_NAME`), which reads and stays put.
 */
export function libraryCode(code: Diagnostic['code']): string {
  if (typeof code === 'number') return ValidationCode[code] ?? String(code);
  return code === undefined ? 'UNKNOWN' : String(code);
}

function position(file: string, range: Range): Pick<CliFinding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'> {
  return { file, line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** One of our findings (a rule's or a build-file check's) as the CLI reports it. */
export function toCliFinding(file: string, finding: LintedFinding): CliFinding {
  return { ...position(file, finding.range), severity: finding.severity, code: finding.code, message: finding.message, source: ruleSource };
}

export interface LintTextOptions {
  /** Shown as the finding's `file`. */
  readonly file: string;
  /** The document's URI for the model; rules do not read the disk. */
  readonly uri: string;
  readonly settings: Settings;
  /** `.hadolint.yaml`'s `ignored:` list that applies to the file. */
  readonly ignored: readonly string[];
  /** The build context's `.dockerignore`, for CopyIgnoredFile. */
  readonly dockerignore?: string;
  /** The stages builds elsewhere in the linted folder target, for UnreachableStage. */
  readonly builtElsewhere?: readonly BuiltTarget[];
  /** Told of a rule that threw: its findings are left out and the other rules' are kept, as in the editor. */
  readonly onRuleFailure: (code: string, error: unknown) => void;
  /** Told why the library's syntax checks were left out: the file has more variable work than the editor's cap allows. */
  readonly onLibraryLimit: (reason: string) => void;
}

/**
 * The editor's diagnostics for one text, as CLI findings in file order: the library's validation
 * under the `diagnostics.*` settings (within the editor's cap on variable work), then our rules under the `rules.*` settings, `.hadolint.yaml`
 * and the file's suppression comments, exactly as the language server computes them.
 */
export function lintText(text: string, options: LintTextOptions): CliFinding[] {
  const model = new DocumentModel(options.uri, 0, text);
  // The editor's cap on the library's variable resolution, which would otherwise take minutes on such a file.
  const resolvesQuickly = libraryResolvesVariablesQuickly(model);
  if (!resolvesQuickly) options.onLibraryLimit(`${variableLimitReason(model, "the Dockerfile syntax checks of dockerfile-utils are")} The stage rules still ran.`);
  const validation = resolvesQuickly ? validateWithLibrary(text, toValidatorSettings(options.settings), undefined, options.settings.keepValidatorChecks).diagnostics : [];
  const library: CliFinding[] = validation.map((diagnostic) => ({
    ...position(options.file, diagnostic.range),
    severity: ruleSeverity(diagnostic.severity),
    code: libraryCode(diagnostic.code),
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
    source: librarySource,
  }));
  const ours: CliFinding[] = lint(model, { severities: options.settings.rules, ignored: options.ignored, platforms: options.settings.platforms, dockerignore: options.dockerignore, builtElsewhere: options.builtElsewhere, onRuleFailure: options.onRuleFailure }).map((finding) =>
    toCliFinding(options.file, finding),
  );
  return [...library, ...ours].sort((a, b) => a.line - b.line || a.column - b.column);
}
