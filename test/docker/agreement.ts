// Compares BuildKit's build checks (`docker build --check` on a real engine) with what
// dockerfile-stages reports for the same Dockerfiles, check by check and line by line.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { lint } from '../../server/src/analysis/lint';
import { readBuildContext } from '../../server/src/workspace/buildContext';
import { buildKitChecks } from '../../server/src/analysis/rules/buildkit/catalog';
import { allRules } from '../../server/src/analysis/rules/index';
import { allowedDisagreements, expectedStops, type Side } from './allowlist';
import { offlineDockerfileText, type BuildKitCheckReport, type DockerEngine } from './engine';

export const fixturesRoot = path.resolve(__dirname, '..', 'fixtures');

/** Every BuildKit check dockerfile-stages does offline (InvalidBaseImagePlatform needs a registry). */
export const comparedChecks: readonly string[] = buildKitChecks.filter((check) => check.notDone === undefined).map((check) => check.name);

/**
 * Checks BuildKit runs on the parsed file and stages before it resolves any image. They stay
 * complete when BuildKit stops with a build error; the others (run while it walks each stage's
 * instructions) are then missing, so they are not compared for that fixture.
 */
export const parseTimeChecks: ReadonlySet<string> = new Set([
  'StageNameCasing',
  'FromAsCasing',
  'DuplicateStageName',
  'ReservedStageName',
  'UndefinedArgInFrom',
  'InvalidDefaultArgInFrom',
  'NoEmptyContinuation',
  'ConsistentInstructionCasing',
  'MaintainerDeprecated',
  'LegacyKeyValueFormat',
  'InvalidDefinitionDescription',
]);

/** The compared checks a rule of ours reports today. */
export function implementedChecks(): Set<string> {
  const codes = new Set<string>(allRules.map((rule) => rule.code));
  return new Set(comparedChecks.filter((check) => codes.has(check)));
}

export interface Fixture {
  /** `corpus/<name>` or `apps/<name>`. */
  readonly name: string;
  readonly context: string;
  readonly dockerfile: string;
  readonly text: string;
  readonly dockerignore: string | undefined;
}

/** The corpus, the apps, and the BuildKit check cases with the real-world Dockerfiles (test/fixtures/buildkit-checks). */
export const fixtureGroups = ['corpus', 'apps', 'buildkit-checks'] as const;

/** Every fixture, with the ignore file BuildKit applies to it as the workspace reader picks it. */
export async function allFixtures(): Promise<Fixture[]> {
  const fixtures: Fixture[] = [];
  for (const group of fixtureGroups) {
    const folder = path.join(fixturesRoot, group);
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const dockerfile = path.join(folder, entry.name, 'Dockerfile');
      if (!entry.isDirectory() || !existsSync(dockerfile)) continue;
      const context = path.dirname(dockerfile);
      const { dockerignore } = await readBuildContext(context, dockerfile);
      fixtures.push({ name: `${group}/${entry.name}`, context, dockerfile, text: readFileSync(dockerfile, 'utf8'), dockerignore });
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

/**
 * Our findings on the text BuildKit checks (its `# syntax` pin swapped out), judged as the engine's
 * built-in frontend (`frontendMinor`) judges a file without a pin.
 */
export function ourFindings(fixture: Fixture, frontendMinor: number): CheckFinding[] {
  const model = new DocumentModel(`file://${fixture.dockerfile}`, 1, offlineDockerfileText(fixture.text));
  const compared = new Set<string>(comparedChecks);
  const findings: CheckFinding[] = [];
  for (const finding of lint(model, { dockerignore: fixture.dockerignore, unpinnedFrontendMinor: frontendMinor })) {
    if (!compared.has(finding.code)) continue;
    findings.push({ check: finding.code, line: instructionStartLine(model, finding.range.start.line), message: finding.message });
  }
  return sortFindings(findings);
}

/** BuildKit's findings, each at the first line of its instruction (it reports an empty continuation line on the instruction's last). */
export function buildKitFindings(fixture: Fixture, report: BuildKitCheckReport): CheckFinding[] {
  const model = new DocumentModel(`file://${fixture.dockerfile}`, 1, fixture.text);
  return sortFindings(
    report.warnings.map((warning) => ({ check: warning.rule, line: instructionStartLine(model, warning.line - 1), message: warning.detail || warning.description })),
  );
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
export function compareFixture(fixture: Fixture, report: BuildKitCheckReport, frontendMinor: number): FixtureComparison {
  const checks = new Set<string>(comparedChecks.filter((check) => !report.buildError || parseTimeChecks.has(check)));
  const buildKitAll = buildKitFindings(fixture, report);
  const buildKit = buildKitAll.filter((finding) => checks.has(finding.check));
  const ours = ourFindings(fixture, frontendMinor).filter((finding) => checks.has(finding.check));

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
  /** N of the engine's built-in `docker/dockerfile:1.N` frontend, whose checks both sides judge by. */
  readonly frontendMinor: number;
  readonly seconds: number;
}

/**
 * Runs `docker build --check` over every fixture and compares. The checks are CPU-bound in the
 * docker CLI and dockerd, so more runs at a time than cores gain nothing.
 */
export async function runAgreement(engine: DockerEngine, only?: readonly Fixture[], parallel = availableParallelism()): Promise<AgreementRun> {
  const started = Date.now();
  const fixtures = only ?? (await allFixtures());
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
  const frontendMinor = await engine.builtInFrontendMinor();
  const comparisons = fixtures.map((fixture, index) => compareFixture(fixture, reports[index], frontendMinor));
  return { comparisons, implemented, frontendMinor, seconds: (Date.now() - started) / 1000 };
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

/** How one check of ours matches BuildKit over a run: recall over BuildKit's findings, precision over ours. */
export interface CheckScore {
  readonly check: string;
  readonly fixtures: number;
  readonly buildKit: number;
  readonly ours: number;
  readonly agreeing: number;
  /** Of BuildKit's findings, the share we report too (1 when BuildKit has none). */
  readonly recall: number;
  /** Of our findings, the share BuildKit reports too (1 when we have none). */
  readonly precision: number;
}

export function checkScore(run: AgreementRun, check: string): CheckScore {
  const compared = run.comparisons.filter((comparison) => comparison.checks.has(check));
  const count = (select: (comparison: FixtureComparison) => readonly CheckFinding[]) =>
    compared.reduce((sum, comparison) => sum + select(comparison).filter((finding) => finding.check === check).length, 0);
  const buildKit = count((comparison) => comparison.buildKit);
  const ours = count((comparison) => comparison.ours);
  const agreeing = count((comparison) => comparison.agreeing);
  const share = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  return {
    check,
    fixtures: compared.length,
    buildKit,
    ours,
    agreeing,
    recall: share(agreeing, buildKit),
    precision: share(agreeing, ours),
  };
}
