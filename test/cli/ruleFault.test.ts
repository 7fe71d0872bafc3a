// A rule that throws costs only its own findings in the CLI, as in the editor: the real command
// line, started with a rule that always throws added (fixtures/faultyCli.ts, test-only).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { faultyRuleCode } from '../server/fixtures/faults';
import { lines, runCli, textLocations, workspace } from './helpers';

// tsx by its location: the CLI runs in a temporary folder, where `--import tsx` would not resolve.
const faultyCli = ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(__dirname, 'fixtures', 'faultyCli.ts')];

describe('lint with a rule that throws', () => {
  let files: ReturnType<typeof workspace>;
  before(() => {
    // A misspelt stage (UndefinedStage, line 4) and an instruction casing mix (line 5): other rules' findings.
    files = workspace({ Dockerfile: lines('FROM scratch AS build', 'COPY app /app', 'FROM scratch', 'COPY --from=bulid /app /app', 'user 65534') });
  });
  after(() => files.remove());

  test('keeps the other rules findings, names the rule and the file on stderr and exits 2', () => {
    const healthy = runCli(['lint', 'Dockerfile'], { cwd: files.root });
    const faulty = runCli(['lint', 'Dockerfile'], { cwd: files.root, entry: faultyCli });
    assert.equal(healthy.status, 1, healthy.stderr);
    assert.ok(textLocations(healthy.stdout).length >= 2, healthy.stdout);
    assert.deepEqual(textLocations(faulty.stdout), textLocations(healthy.stdout));
    assert.equal(faulty.status, 2);
    assert.equal(faulty.stderr, `dockerfile-stages: Dockerfile: rule ${faultyRuleCode} failed, so its findings are missing (the other rules' are reported): injected fault in rule ${faultyRuleCode}\n`);
  });

  test('in SARIF, the run is marked unsuccessful with the failure as a notification', () => {
    const faulty = runCli(['lint', '--format', 'sarif', 'Dockerfile'], { cwd: files.root, entry: faultyCli });
    const sarif = JSON.parse(faulty.stdout) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[]; results: unknown[] }[] };
    const [run] = sarif.runs;
    assert.equal(run.invocations[0].executionSuccessful, false);
    assert.match(run.invocations[0].toolExecutionNotifications[0].message.text, new RegExp(`rule ${faultyRuleCode} failed`));
    assert.ok(run.results.length >= 2);
  });

  test('a rule turned off is not run, so it cannot fail', () => {
    const faulty = runCli(['lint', '--rule', `${faultyRuleCode}=off`, 'Dockerfile'], { cwd: files.root, entry: faultyCli });
    assert.equal(faulty.status, 1, faulty.stderr);
    assert.equal(faulty.stderr, '');
  });
});
