// Compares BuildKit's build checks (`docker build --check` on a real engine) with what
// dockerfile-stages reports for the same Dockerfiles, check by check and line by line.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { validate, ValidationCode } from 'dockerfile-utils';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { lint } from '../../server/src/analysis/lint';
import { allRules } from '../../server/src/analysis/rules/index';
import { allowedDisagreements, expectedStops, type Side } from './allowlist';
import type { BuildKitCheckReport, DockerEngine } from './engine';

export const fixturesRoot = path.resolve(__dirname, '..', 'fixtures');

/** The BuildKit checks dockerfile-stages also has (same name, same meaning). */
export const comparedChecks = [
  'StageNameCasing',
  'FromAsCasing',
  'DuplicateStageName',
  'ReservedStageName',
  'UndefinedArgInFrom',
  'InvalidDefaultArgInFrom',
  'JSONArgsRecommended',
  'SecretsUsedInArgOrEnv',
] as const;
export type ComparedCheck = (typeof comparedChecks)[number];

/**
 * Checks BuildKit runs on the parsed stages before it resolves any image. They stay complete
 * when BuildKit stops with a build error; the others (run while it walks each stage's
 * instructions) are then missing, so they are not compared for that fixture.
 */
export const parseTimeChecks: ReadonlySet<string> = new Set([
  'StageNameCasing',
  'FromAsCasing',
  'DuplicateStageName',
  'ReservedStageName',
  'UndefinedArgInFrom',
  'InvalidDefaultArgInFrom',
]);

/** Duplicate stage names are dockerfile-utils' finding (code 10), not a rule of ours. */
const libraryReportedChecks: Readonly<Record<string, ValidationCode>> = {
  DuplicateStageName: ValidationCode.DUPLICATE_BUILD_STAGE_NAME,
};

/** The compared checks something on our side reports today. */
export function implementedChecks(): Set<string> {
  const codes = new Set<string>(Object.keys(libraryReportedChecks));
  for (const rule of allRules) codes.add(rule.code);
  return new Set(comparedChecks.filter((check) => codes.has(check)));
}

export interface Fixture {
  /** `corpus/<name>` or `apps/<name>`. */
  readonly name: string;
  readonly context: string;
  readonly dockerfile: string;
  readonly text: string;
}

export function allFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const group of ['corpus', 'apps']) {
    const folder = path.join(fixturesRoot, group);
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const dockerfile = path.join(folder, entry.name, 'Dockerfile');
      if (!entry.isDirectory() || !existsSync(dockerfile)) continue;
      fixtures.push({ name: `${group}/${entry.name}`, context: path.dirname(dockerfile), dockerfile, text: readFileSync(dockerfile, 'utf8') });
    }
  }
  return fixtures.sort((a, b) => a.name.localeCompare(b.name));
}

/** A finding reduced to what both sides share: the check and the instruction's first line (1-based). */
export interface CheckFinding {
  readonly check: string;
  readonly line: number;
  readonly message: string;
}

/**
 * BuildKit anchors a finding at the first line of its instruction (a secret in the third line of
 * a continued ENV is reported on the ENV line); ours point at the exact word. Both are compared
 * by the instruction's first line.
 */
function instructionStartLine(model: DocumentModel, line: number): number {
  for (const instruction of model.dockerfile.getInstructions()) {
    const range = instruction.getRange();
    if (range.start.line <= line && line <= range.end.line) return range.start.line + 1;
  }
  return line + 1;
}

export function ourFindings(fixture: Fixture): CheckFinding[] {
  const model = new DocumentModel(`file://${fixture.dockerfile}`, 1, fixture.text);
  const compared = new Set<string>(comparedChecks);
  const findings: CheckFinding[] = [];
  for (const finding of lint(model)) {
    if (!compared.has(finding.code)) continue;
    findings.push({ check: finding.code, line: instructionStartLine(model, finding.range.start.line), message: finding.message });
  }
  for (const diagnostic of validate(fixture.text)) {
    for (const [check, code] of Object.entries(libraryReportedChecks)) {
      if (diagnostic.code !== code) continue;
      const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
      findings.push({ check, line: instructionStartLine(model, diagnostic.range.start.line), message });
    }
  }
  return sortFindings(findings);
}

export function buildKitFindings(report: BuildKitCheckReport): CheckFinding[] {
  return sortFindings(report.warnings.map((warning) => ({ check: warning.rule, line: warning.line, message: warning.detail || warning.description })));
}

function sortFindings(findings: CheckFinding[]): CheckFinding[] {
  return findings.sort((a, b) => a.line - b.line || a.check.localeCompare(b.check) || a.message.localeCompare(b.message));
}

export interface Disagreement {
  readonly fixture: string;
  readonly check: string;
  readonly line: number;
  /** Who reported it: BuildKit alone or dockerfile-stages alone. */
  readonly side: Side;
  readonly message: string;
  /** The allow-list's explanation, when the disagreement is a known, explained one. */
  readonly reason?: string;
}

export interface FixtureComparison {
  readonly fixture: Fixture;
  readonly report: BuildKitCheckReport;
  /** Every BuildKit finding, compared checks or not. */
  readonly buildKitAll: readonly CheckFinding[];
  readonly buildKit: readonly CheckFinding[];
  readonly ours: readonly CheckFinding[];
  /**
   * Checks compared for this fixture: those complete on BuildKit's side. A check no rule of ours
   * implements yet is compared too, so its disagreements list what the rule has to report.
   */
  readonly checks: ReadonlySet<string>;
  readonly agreeing: readonly CheckFinding[];
  readonly disagreements: readonly Disagreement[];
}

function key(finding: { check: string; line: number }): string {
  return `${finding.check}@${finding.line}`;
}

/** Matches findings one to one by check and line; what is left on either side disagrees. */
export function compareFixture(fixture: Fixture, report: BuildKitCheckReport): FixtureComparison {
  const checks = new Set<string>(comparedChecks.filter((check) => !report.buildError || parseTimeChecks.has(check)));
  const buildKitAll = buildKitFindings(report);
  const buildKit = buildKitAll.filter((finding) => checks.has(finding.check));
  const ours = ourFindings(fixture).filter((finding) => checks.has(finding.check));

  const unmatchedOurs = new Map<string, CheckFinding[]>();
  for (const finding of ours) unmatchedOurs.set(key(finding), [...(unmatchedOurs.get(key(finding)) ?? []), finding]);
  const agreeing: CheckFinding[] = [];
  const disagreements: Disagreement[] = [];
  for (const finding of buildKit) {
    const candidates = unmatchedOurs.get(key(finding));
    if (candidates && candidates.length > 0) {
      candidates.shift();
      agreeing.push(finding);
    } else {
      disagreements.push(explain({ fixture: fixture.name, check: finding.check, line: finding.line, side: 'buildkit', message: finding.message }));
    }
  }
  for (const finding of [...unmatchedOurs.values()].flat()) {
    disagreements.push(explain({ fixture: fixture.name, check: finding.check, line: finding.line, side: 'ours', message: finding.message }));
  }
  return { fixture, report, buildKitAll, buildKit, ours, checks, agreeing, disagreements: disagreements.sort((a, b) => a.line - b.line || a.check.localeCompare(b.check)) };
}

function explain(disagreement: Disagreement): Disagreement {
  const entry = allowedDisagreements.find(
    (allowed) =>
      allowed.fixture === disagreement.fixture &&
      allowed.check === disagreement.check &&
      allowed.line === disagreement.line &&
      allowed.side === disagreement.side,
  );
  return entry ? { ...disagreement, reason: entry.reason } : disagreement;
}

export interface AgreementRun {
  readonly comparisons: readonly FixtureComparison[];
  readonly implemented: ReadonlySet<string>;
  readonly seconds: number;
}

/**
 * Runs `docker build --check` over every fixture and compares. The checks are CPU-bound in the
 * docker CLI and dockerd, so more runs at a time than cores gain nothing.
 */
export async function runAgreement(engine: DockerEngine, fixtures: readonly Fixture[] = allFixtures(), parallel = availableParallelism()): Promise<AgreementRun> {
  const started = Date.now();
  const implemented = implementedChecks();
  const reports = new Array<BuildKitCheckReport>(fixtures.length);
  let next = 0;
  const worker = async () => {
    while (next < fixtures.length) {
      const index = next++;
      const fixture = fixtures[index];
      reports[index] = await engine.check({ context: fixture.context, dockerfile: fixture.dockerfile });
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, fixtures.length) }, worker));
  const comparisons = fixtures.map((fixture, index) => compareFixture(fixture, reports[index]));
  return { comparisons, implemented, seconds: (Date.now() - started) / 1000 };
}

/** Fixtures where BuildKit stopped with a build error that no expectedStops entry predicts. */
export function unexpectedStops(run: AgreementRun): string[] {
  const problems: string[] = [];
  for (const { fixture, report } of run.comparisons) {
    const expected = expectedStops[fixture.name];
    const message = report.buildError?.message;
    const expectedErrors = expected?.errors.map((error) => `"${error}"`).join(' or ');
    if (message === undefined && expected) problems.push(`${fixture.name}: BuildKit was expected to stop with ${expectedErrors} but finished`);
    if (message !== undefined && !expected) problems.push(`${fixture.name}: BuildKit stopped: ${message}`);
    if (message !== undefined && expected && !expected.errors.some((error) => message.includes(error))) {
      problems.push(`${fixture.name}: BuildKit stopped with "${message}", expected ${expectedErrors}`);
    }
  }
  return problems;
}

/** Allow-list entries that no longer match a disagreement (fixed, or the fixture changed). */
export function staleAllowances(run: AgreementRun): string[] {
  const seen = new Set(run.comparisons.flatMap((comparison) => comparison.disagreements.map((d) => `${d.fixture}|${d.check}|${d.line}|${d.side}`)));
  const checked = new Map(run.comparisons.map((comparison) => [comparison.fixture.name, comparison.checks]));
  return allowedDisagreements
    .filter((allowed) => run.implemented.has(allowed.check) && (checked.get(allowed.fixture)?.has(allowed.check) ?? true))
    .filter((allowed) => !seen.has(`${allowed.fixture}|${allowed.check}|${allowed.line}|${allowed.side}`))
    .map((allowed) => `${allowed.fixture}:${allowed.line} ${allowed.check} (${allowed.side} only): ${allowed.reason}`);
}
