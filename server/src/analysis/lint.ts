import type { DocumentModel } from './documentModel';
import { defaultPlatforms, formatPlatform, type Platform } from './platforms';
import { allRules } from './rules/index';
import { defaultRuleContext, type Finding, type Rule, type RuleContext, type RuleSeverity, type SeveritySetting } from './rules/rule';
import { namesRule, readSuppressions } from './suppression';

export interface LintOptions {
  /** Per-rule settings (`dockerfileStages.rules.<Code>`); `off` drops the rule's findings. */
  readonly severities?: Readonly<Record<string, SeveritySetting>>;
  /** Codes to skip for every file (ours or hadolint DL codes), e.g. `.hadolint.yaml`'s `ignored:`. */
  readonly ignored?: readonly string[];
  /** The rules to run; all of them by default. */
  readonly rules?: readonly Rule[];
  /**
   * Told of a rule that threw, whose findings are then left out while the other rules' stand.
   * Without it the error goes on to the caller. Called once per version, as findings are memoized.
   */
  readonly onRuleFailure?: (code: string, error: unknown) => void;
  /** The platforms the file is built for, the current one first; the common Linux platforms by default. */
  readonly platforms?: readonly Platform[];
}

/** A finding with the severity it is reported at once settings and directives are applied. */
export interface LintedFinding extends Finding {
  readonly severity: RuleSeverity;
}

const memo = new WeakMap<DocumentModel, { readonly options: LintOptions; readonly key: string; readonly findings: readonly LintedFinding[] }>();

function optionsKey(options: LintOptions): string {
  const severities = Object.entries(options.severities ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([severities, [...(options.ignored ?? [])].sort(), (options.platforms ?? defaultPlatforms).map(formatPlatform)]);
}

function sameOptions(a: LintOptions, b: LintOptions): boolean {
  return a.severities === b.severities && a.ignored === b.ignored && a.rules === b.rules && a.platforms === b.platforms;
}

function severityFor(rule: Rule, options: LintOptions, buildKitChecksAreErrors: boolean): SeveritySetting {
  const configured = options.severities?.[rule.code];
  if (configured) return configured;
  return rule.buildkit && buildKitChecksAreErrors ? 'error' : rule.defaultSeverity;
}

/**
 * Runs the rules over one document version and applies, in order: the per-rule settings, the
 * `ignored` option, the file's `# check=skip=` directive and global pragmas, then pragmas on
 * the comment block above the instruction a finding starts in. The same model and options
 * give the same (memoized) array.
 */
export function lint(model: DocumentModel, options: LintOptions = {}): readonly LintedFinding[] {
  const cached = memo.get(model);
  // Callers pass the same settings objects again for a version (diagnostics, then code actions at
  // every cursor move); comparing them is enough, and cheaper than the key.
  if (cached && sameOptions(cached.options, options)) return cached.findings;
  const key = optionsKey(options);
  if (cached && cached.key === key && cached.options.rules === options.rules) return cached.findings;

  const suppressions = readSuppressions(model);
  const ignored = options.ignored ?? [];
  const findings: LintedFinding[] = [];
  const context = options.platforms ? { platforms: options.platforms } : defaultRuleContext;
  for (const rule of options.rules ?? allRules) {
    const severity = severityFor(rule, options, suppressions.buildKitChecksAreErrors);
    if (severity === 'off') continue;
    if (namesRule(ignored, rule.code) || namesRule(suppressions.global, rule.code)) continue;
    if (rule.buildkit && suppressions.skipAllBuildKitChecks) continue;
    for (const finding of checkIsolated(rule, model, context, options.onRuleFailure)) {
      const start = suppressions.instructionStartOf(finding.range.start.line);
      const local = start === undefined ? undefined : suppressions.byInstructionLine.get(start);
      if (local && namesRule(local, rule.code)) continue;
      findings.push({ ...finding, severity });
    }
  }
  memo.set(model, { options, key, findings });
  return findings;
}

/** A rule's findings; none when it throws and the caller takes failures, so one rule's defect costs only its own findings. */
function checkIsolated(rule: Rule, model: DocumentModel, context: RuleContext, onFailure: LintOptions['onRuleFailure']): readonly Finding[] {
  if (!onFailure) return rule.check(model, context);
  try {
    return rule.check(model, context);
  } catch (error) {
    onFailure(rule.code, error);
    return [];
  }
}
