// Regenerates docs/buildkit-agreement.md from a real run:
//   node --import tsx test/docker/buildkit-report.ts
// Starts the engine through setup.sh (and stops it again if it started it).
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkScore, comparedChecks, parseTimeChecks, runAgreement, staleAllowances, unexpectedStops, type AgreementRun, type FixtureComparison } from './agreement';
import { expectedStops } from './allowlist';
import { startEngine, type DockerEngine } from './engine';

const output = path.resolve(__dirname, '..', '..', 'docs', 'buildkit-agreement.md');

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function shortName(comparison: FixtureComparison): string {
  return comparison.fixture.name.replace(/^corpus\//, '');
}

async function versions(engine: DockerEngine): Promise<string> {
  const server = (await engine.docker(['version', '--format', '{{.Server.Version}}'])).stdout.trim();
  const buildx = (await engine.docker(['buildx', 'version'])).stdout.trim().split(/\s+/)[1] ?? 'unknown';
  return `Docker Engine ${server} with its built-in BuildKit, buildx ${buildx}`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

function summaryTable(run: AgreementRun): string[] {
  const lines = [
    '| check | fixtures compared | fixtures with a finding | BuildKit findings | ours | agreeing | recall | precision | disagreements (all explained?) |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const check of comparedChecks) {
    if (!run.implemented.has(check)) {
      const buildKit = run.comparisons.flatMap((c) => c.buildKitAll.filter((f) => f.check === check));
      lines.push(`| ${check} | not compared: no rule yet | — | ${buildKit.length} | — | — | — | — | — |`);
      continue;
    }
    const compared = run.comparisons.filter((c) => c.checks.has(check));
    const withFinding = compared.filter((c) => c.buildKit.some((f) => f.check === check) || c.ours.some((f) => f.check === check)).map(shortName);
    const score = checkScore(run, check);
    const disagreements = compared.flatMap((c) => c.disagreements.filter((d) => d.check === check));
    const unexplained = disagreements.filter((d) => d.reason === undefined).length;
    const verdict = disagreements.length === 0 ? '0' : `${disagreements.length} (${unexplained === 0 ? 'all explained' : `${unexplained} unexplained`})`;
    lines.push(
      `| ${check} | ${compared.length} | ${withFinding.length ? withFinding.join(', ') : '—'} | ${score.buildKit} | ${score.ours} | ${score.agreeing} | ${percent(score.recall)} | ${percent(score.precision)} | ${verdict} |`,
    );
  }
  return lines;
}

function disagreementSection(run: AgreementRun): string[] {
  const all = run.comparisons.flatMap((c) => c.disagreements).filter((d) => run.implemented.has(d.check));
  if (all.length === 0) return ['No disagreement: every finding of a compared check is reported by both sides on the same line.'];
  const lines = ['| check | fixture | line | reported only by | message | why |', '|---|---|---|---|---|---|'];
  for (const d of [...all].sort((a, b) => a.check.localeCompare(b.check) || a.fixture.localeCompare(b.fixture) || a.line - b.line)) {
    const who = d.side === 'buildkit' ? 'BuildKit' : 'dockerfile-stages';
    lines.push(`| ${d.check} | ${d.fixture} | ${d.line} | ${who} | ${cell(d.message)} | ${d.reason ? cell(d.reason) : '**unexplained**'} |`);
  }
  return lines;
}

function stopsSection(run: AgreementRun): string[] {
  const stopped = run.comparisons.filter((c) => c.report.buildError);
  const lines = ['| fixture | BuildKit\'s error | why | checks compared |', '|---|---|---|---|'];
  for (const c of stopped) {
    const reason = expectedStops[c.fixture.name]?.reason ?? '**not expected**';
    lines.push(`| ${c.fixture.name} | ${cell(c.report.buildError?.message ?? '')} | ${cell(reason)} | ${[...c.checks].join(', ') || 'none'} |`);
  }
  return lines;
}

function otherChecksSection(run: AgreementRun): string[] {
  const compared = new Set<string>(comparedChecks);
  const byCheck = new Map<string, { findings: number; fixtures: Set<string> }>();
  for (const c of run.comparisons) {
    for (const finding of c.buildKitAll) {
      if (compared.has(finding.check)) continue;
      const entry = byCheck.get(finding.check) ?? { findings: 0, fixtures: new Set<string>() };
      entry.findings++;
      entry.fixtures.add(shortName(c));
      byCheck.set(finding.check, entry);
    }
  }
  if (byCheck.size === 0) return ['None.'];
  const lines = ['| BuildKit check | findings | fixtures |', '|---|---|---|'];
  for (const [check, entry] of [...byCheck].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| ${check} | ${entry.findings} | ${[...entry.fixtures].sort().join(', ')} |`);
  }
  return lines;
}

/** Where we differ from the test cases BuildKit and hadolint wrote for their own rules (ported as unit tests). */
function ownTestCasesSection(): string[] {
  return [
    "## BuildKit's and hadolint's own test cases",
    '',
    "BuildKit's `frontend/dockerfile/dockerfile_lint_test.go` and `dockerfile2llb/validations_test.go`",
    'cases are unit tests (`test/unit/analysis/rules/buildkit/buildkitCases.test.ts`): every check, line and',
    "message agrees, except that two messages say more than BuildKit's. ReservedStageName says what the",
    "name takes over, where BuildKit says `Stage name should not use the same name as reserved stage \"scratch\"`;",
    'InvalidDefaultArgInFrom says what the default gives (`... results in \'busybox:\', not a valid image',
    "reference`), where BuildKit says `... results in empty or invalid base image name`. Every other message",
    "starts with BuildKit's, word for word.",
    '',
    "hadolint's DL3009, DL3019, DL3032, DL3040 and DL3042 cases and its pragma cases are unit tests",
    '(`test/unit/analysis/rules/image/packageManagerForms.test.ts`, `test/unit/analysis/rules/buildkit/directives.test.ts`).',
    'One differs on purpose: after `dnf install`, hadolint accepts `rm -rf /var/cache/yum/*` as the',
    "clean-up; dnf keeps its metadata in `/var/cache/dnf` (dnf5: `/var/cache/libdnf5`), so PackageCacheInFinalStage",
    'still reports it (microdnf and yum do use `/var/cache/yum`, and there it counts).',
    '',
  ];
}

async function main(): Promise<void> {
  const start = await startEngine();
  if (!start.available) {
    process.stderr.write(`${start.reason}\n`);
    process.exit(1);
  }
  const { engine } = start;
  try {
    const run = await runAgreement(engine);
    const stale = staleAllowances(run);
    const unexpected = unexpectedStops(run);
    const notYet = comparedChecks.filter((check) => !run.implemented.has(check));
    const text = [
      '# BuildKit build checks and dockerfile-stages',
      '',
      `Generated by \`node --import tsx test/docker/buildkit-report.ts\` (do not edit by hand) with`,
      `${await versions(engine)}, over the ${run.comparisons.length} Dockerfiles of \`test/fixtures/corpus\`,`,
      '`test/fixtures/apps` and `test/fixtures/buildkit-checks` (a case per check, and real-world Dockerfiles',
      'copied unchanged from public repositories, each with its repository, path and commit in `source.json`).',
      'The test `test/docker/buildkitAgreement.test.ts` runs the same comparison and fails on any',
      'disagreement that `test/docker/allowlist.ts` does not explain, and on a check whose recall or',
      'precision is under 95 %.',
      '',
      '## How the comparison works',
      '',
      '- BuildKit side: `docker buildx build --call=check,format=json` on a real dockerd, offline, with',
      '  local stand-ins for every base image (`test/docker/setup.sh`, `test/docker/images.conf`).',
      '  BuildKit resolves every base image even for checks, and a missing one ends the run early.',
      '  A `# syntax=` line is swapped for a directive with no effect (`# escape=\\` or',
      '  `# check=error=false`) so BuildKit uses its built-in frontend instead of pulling one; line',
      '  numbers do not change.',
      '- Our side: `lint()` of the analysis core with default settings and the fixture\'s `.dockerignore`',
      '  (for CopyIgnoredFile). dockerfile-utils\' checks that BuildKit also has are reported by our rules',
      '  under BuildKit\'s names (see `server/src/analysis/libraryValidation.ts`).',
      '- A finding is its check and the first line of its instruction, on both sides (BuildKit reports a',
      '  secret on the third line of a continued ENV at the ENV line, and an empty continuation line on',
      '  the instruction\'s last line). Findings are matched one to one.',
      `- Our side judges each file as the engine's built-in frontend (\`docker/dockerfile:1.${run.frontendMinor}\`) does a`,
      '  file without a pin: its checks and, for SecretsUsedInArgOrEnv, its word lists (the lint option',
      '  `unpinnedFrontendMinor`; see docs/rules/SecretsUsedInArgOrEnv.md for how they changed).',
      '- Recall is the share of BuildKit\'s findings we report, precision the share of ours BuildKit',
      '  reports.',
      '- Where BuildKit stops with a build error (fixtures about exactly such a mistake), only the checks',
      `  it runs while parsing, before resolving images, are compared: ${[...parseTimeChecks].join(', ')}.`,
      '  The others are reported while BuildKit walks each stage and are missing after a stop.',
      '- InvalidBaseImagePlatform is not compared and not done: it compares the platform of the image a',
      '  registry returns with the build\'s, which needs the registry.',
      '- Not measurable here: a `# syntax=` line is swapped out (above), so the `docker/dockerfile:1.N` pin',
      '  and the per-instruction `# check=skip=` comment (newer than this engine\'s built-in frontend) are',
      '  covered by unit tests (`test/unit/analysis/rules/buildkit/`), not by this comparison.',
      '- BuildKit lints every stage up to the target, reachable or not (the target here is the last stage).',
      '',
      '## Summary',
      '',
      ...summaryTable(run),
      '',
      ...(notYet.length
        ? [`Not compared yet because no rule of ours has the code: ${notYet.join(', ')}. BuildKit's findings for them are counted above; the test marks these checks TODO until the rules land.`, '']
        : []),
      '## Disagreements',
      '',
      ...disagreementSection(run),
      '',
      '## Fixtures where BuildKit stops',
      '',
      ...stopsSection(run),
      '',
      ...ownTestCasesSection(),
      '## Other BuildKit checks seen on the corpus (not compared)',
      '',
      'Checks BuildKit reported that no rule of ours has (InvalidBaseImagePlatform, the one not done).',
      '',
      ...otherChecksSection(run),
      '',
      '## Timing',
      '',
      `In this run: engine setup (setup.sh) ${start.seconds.toFixed(1)} s, \`docker build --check\` over ${run.comparisons.length} fixtures ${run.seconds.toFixed(1)} s.`,
      'setup.sh takes about 1 s when everything is in place (dockerd running, images made) and a few',
      'seconds to start dockerd; a cold run (apt, Debian sid .debs, debootstrap, toolchain rootfs) takes',
      'minutes, see `test/docker/README.md`.',
      '',
    ];
    writeFileSync(output, text.join('\n'));
    process.stderr.write(`wrote ${path.relative(process.cwd(), output)}\n`);
    for (const problem of [...unexpected, ...stale]) process.stderr.write(`warning: ${problem}\n`);
  } finally {
    await engine.stop();
  }
}

void main();
