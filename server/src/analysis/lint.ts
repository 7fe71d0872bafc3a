import type { BuiltTarget } from './builds/types';
import { derivedKey, type DocumentModel } from './documentModel';
import { defaultPlatforms, formatPlatform, type Platform } from './platforms';
import { allRules } from './rules/index';
import { buildKitCheck, EXPERIMENTAL_DIRECTIVE_SINCE } from './rules/buildkit/catalog';
import type { Finding, Rule, RuleContext, RuleSeverity, SeveritySetting } from './rules/rule';
import { namesRule, readSuppressions, type Suppressions } from './suppression';

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
  /** The text of the build context's `.dockerignore`, which CopyIgnoredFile reads. */
  readonly dockerignore?: string;
  /**
   * N of the `docker/dockerfile:1.N` frontend a build runs when the file has no `# syntax` pin:
   * the engine's built-in one. Undefined for the newest frontend.
   */
  readonly unpinnedFrontendMinor?: number;
  /** The stages builds elsewhere in the workspace target (Compose, Bake, CI...), which count as built. */
  readonly builtElsewhere?: readonly BuiltTarget[];
}

/** A finding with the severity it is reported at once settings and directives are applied. */
export interface LintedFinding extends Finding {
  readonly severity: RuleSeverity;
}

/** A version's findings under the options last asked for, kept on the version's model. */
const lastLintKey = derivedKey<{ last?: { readonly options: LintOptions; readonly key: string; readonly findings: readonly LintedFinding[] } }>('last lint');

function optionsKey(options: LintOptions): string {
  const severities = Object.entries(options.severities ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([severities, [...(options.ignored ?? [])].sort(), (options.platforms ?? defaultPlatforms).map(formatPlatform), options.dockerignore ?? null, options.unpinnedFrontendMinor ?? null, (options.builtElsewhere ?? []).map((build) => [build.target ?? null, build.file])]);
}

function sameOptions(a: LintOptions, b: LintOptions): boolean {
  return a.severities === b.severities && a.ignored === b.ignored && a.rules === b.rules && a.platforms === b.platforms && a.dockerignore === b.dockerignore && a.unpinnedFrontendMinor === b.unpinnedFrontendMinor && a.builtElsewhere === b.builtElsewhere;
}

function severityFor(rule: Rule, options: LintOptions, buildKitChecksAreErrors: boolean): SeveritySetting {
  const configured = options.severities?.[rule.code];
  if (configured) return configured;
  return rule.buildkit && buildKitChecksAreErrors ? 'error' : rule.defaultSeverity;
}

/** N of the frontend that builds the file: its `# syntax` pin, else the one a build without a pin runs. */
function frontendMinorOf(suppressions: Suppressions, options: LintOptions): number | undefined {
  return suppressions.frontendMinorVersion ?? options.unpinnedFrontendMinor;
}

/**
 * Whether the file's directives let a BuildKit check run: the check exists in the frontend a
 * `# syntax=docker/dockerfile:1.N` line pins, an experimental one is turned on by
 * `# check=experimental=` (or by the user's own setting for it), and `# check=skip=all` skips
 * every other one, as BuildKit's linter does.
 */
function buildKitCheckRuns(rule: Rule, suppressions: Suppressions, options: LintOptions): boolean {
  const check = rule.buildkit ? buildKitCheck(rule.code) : undefined;
  if (!check) return true;
  const pinned = frontendMinorOf(suppressions, options);
  if (pinned !== undefined && check.since > pinned) return false;
  if (!check.experimental) return !suppressions.skipAllBuildKitChecks;
  if (options.severities?.[rule.code] !== undefined) return true;
  if (pinned !== undefined && pinned < EXPERIMENTAL_DIRECTIVE_SINCE) return false;
  const enabled = suppressions.experimentalChecks;
  return enabled === 'all' || enabled.has(rule.code);
}

/** Whether a comment block above the finding's instruction silences it there. */
function silencedOnInstruction(rule: Rule, finding: Finding, suppressions: Suppressions): boolean {
  // Most files have no such block: then no finding's instruction needs looking up.
  if (suppressions.byInstructionLine.size === 0 && suppressions.checkSkipsByInstructionLine.size === 0) return false;
  const start = suppressions.instructionStartOf(finding.range.start.line);
  if (start === undefined) return false;
  const local = suppressions.byInstructionLine.get(start);
  if (local && namesRule(local, rule.code)) return true;
  const skipped = rule.buildkit ? suppressions.checkSkipsByInstructionLine.get(start) : undefined;
  return skipped !== undefined && (skipped.has('all') || skipped.has(rule.code));
}

/**
 * Runs the rules over one document version and applies, in order: the per-rule settings, the
 * `ignored` option, the file's `# check=skip=` directive and global pragmas, then pragmas on
 * the comment block above the instruction a finding starts in. The same model and options
 * give the same (memoized) array.
 */
export function lint(model: DocumentModel, options: LintOptions = {}): readonly LintedFinding[] {
  const memo = model.derive(lastLintKey, () => ({}));
  const cached = memo.last;
  // Callers pass the same settings objects again for a version (diagnostics, then code actions at
  // every cursor move); comparing them is enough, and cheaper than the key.
  if (cached && sameOptions(cached.options, options)) return cached.findings;
  const key = optionsKey(options);
  if (cached && cached.key === key && cached.options.rules === options.rules) return cached.findings;

  const suppressions = readSuppressions(model);
  const ignored = options.ignored ?? [];
  const findings: LintedFinding[] = [];
  const context: RuleContext = {
    platforms: options.platforms ?? defaultPlatforms,
    dockerignore: options.dockerignore,
    frontendMinorVersion: frontendMinorOf(suppressions, options),
    builtElsewhere: options.builtElsewhere,
  };
  for (const rule of options.rules ?? allRules) {
    const severity = severityFor(rule, options, suppressions.buildKitChecksAreErrors);
    if (severity === 'off') continue;
    if (namesRule(ignored, rule.code) || namesRule(suppressions.global, rule.code)) continue;
    if (!buildKitCheckRuns(rule, suppressions, options)) continue;
    for (const finding of checkIsolated(rule, model, context, options.onRuleFailure)) {
      if (!silencedOnInstruction(rule, finding, suppressions)) findings.push({ ...finding, severity });
    }
  }
  memo.last = { options, key, findings };
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
