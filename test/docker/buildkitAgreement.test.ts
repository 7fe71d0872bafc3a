// BuildKit's build checks, run by a real Docker engine over the fixture corpus, must agree with
// dockerfile-stages finding by finding (same check, same instruction line), except for the
// explained entries of allowlist.ts. Skipped, with the reason, only when no engine can start.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { checkScore, comparedChecks, runAgreement, staleAllowances, unexpectedStops, type AgreementRun, type Disagreement } from './agreement';
import { engineForSuite } from './engine';

function describeDisagreement(d: Disagreement): string {
  const who = d.side === 'buildkit' ? 'only BuildKit reports' : 'only dockerfile-stages reports';
  return `${d.fixture}:${d.line} ${d.check}: ${who} "${d.message}"`;
}

describe('BuildKit build checks agree with dockerfile-stages', () => {
  let run: AgreementRun | undefined;
  const requireEngine = engineForSuite(async (engine, startSeconds) => {
    process.stderr.write(`docker engine ready in ${startSeconds.toFixed(1)} s\n`);
    run = await runAgreement(engine);
    process.stderr.write(`docker build --check over ${run.comparisons.length} fixtures in ${run.seconds.toFixed(1)} s\n`);
  });

  /** The run, or undefined after marking the test skipped with why there is no engine. */
  function agreementRun(t: TestContext): AgreementRun | undefined {
    return requireEngine(t) && run;
  }

  for (const check of comparedChecks) {
    test(check, (t) => {
      const current = agreementRun(t);
      if (!current) return;
      if (!current.implemented.has(check)) t.todo(`no rule with code ${check} in server/src/analysis/rules yet`);
      const comparisons = current.comparisons.filter((comparison) => comparison.checks.has(check));
      const buildKitCount = comparisons.reduce((sum, comparison) => sum + comparison.buildKit.filter((f) => f.check === check).length, 0);
      assert.ok(comparisons.length > 0, `${check} was compared on no fixture`);
      assert.ok(buildKitCount > 0, `BuildKit reported ${check} on no fixture: the corpus no longer exercises it`);
      const unexplained = comparisons
        .flatMap((comparison) => comparison.disagreements)
        .filter((d) => d.check === check && d.reason === undefined)
        .map(describeDisagreement);
      const score = checkScore(current, check);
      assert.ok(score.recall >= 0.95, `${check}: recall ${score.agreeing}/${score.buildKit} is under 95%`);
      assert.ok(score.precision >= 0.95, `${check}: precision ${score.agreeing}/${score.ours} is under 95%`);
      assert.deepEqual(unexplained, [], `unexplained disagreements (fix the rule, or explain them in test/docker/allowlist.ts):\n${unexplained.join('\n')}`);
    });
  }

  test('BuildKit stops with a build error only on the fixtures that expect it', (t) => {
    const current = agreementRun(t);
    if (!current) return;
    const problems = unexpectedStops(current);
    assert.deepEqual(problems, [], `a base image missing from test/docker/images.conf, or a fixture changed:\n${problems.join('\n')}`);
  });

  test('every allow-list entry still describes a real disagreement', (t) => {
    const current = agreementRun(t);
    if (!current) return;
    const stale = staleAllowances(current);
    assert.deepEqual(stale, [], `remove these from test/docker/allowlist.ts:\n${stale.join('\n')}`);
  });
});
