// `dockerfile-stages lint FOLDER` with the folder's builds: the fixture workspace's Compose, Bake,
// dev container, workflow, Makefile and script, in every output format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Log } from 'sarif';
import type { CliFinding } from '../../server/src/cli/findings';
import { repoRoot, runCli } from './helpers';

const fixtures = path.join(repoRoot, 'test', 'fixtures');
const lint = (...args: string[]) => runCli(['lint', ...args, 'workspace-builds'], { cwd: fixtures });

/** The findings of the build-file checks and UnreachableStage, as `file:line code`. */
function summary(findings: readonly CliFinding[]): string[] {
  return findings.filter((finding) => ['UndefinedTarget', 'MissingDockerfile', 'UnreachableStage'].includes(finding.code)).map((finding) => `${finding.file}:${finding.line} ${finding.code}`);
}

test('lint FOLDER reports the build files\' findings with their own file, and judges reachability with their targets', () => {
  const run = lint('--format', 'json', '--severity', 'hint');
  assert.equal(run.status, 1, run.stderr);
  const findings = JSON.parse(run.stdout) as CliFinding[];
  assert.deepEqual(summary(findings), [
    'workspace-builds/Dockerfile:21 UnreachableStage',
    'workspace-builds/compose.yaml:9 UndefinedTarget',
    'workspace-builds/compose.yaml:13 MissingDockerfile',
    'workspace-builds/scripts/build.sh:5 UndefinedTarget',
  ]);
  const unreachable = findings.find((finding) => finding.code === 'UnreachableStage');
  assert.match(unreachable?.message ?? '', /^Stage 'lint' is not used by the target stage 'runtime' nor by the targets the workspace builds/);
  const typo = findings.find((finding) => finding.file.endsWith('compose.yaml') && finding.code === 'UndefinedTarget');
  assert.deepEqual([typo?.column, typo?.endColumn], [15, 19], 'on the target value');
});

test('the text and SARIF formats name the build file too, and --rule turns a check off', () => {
  const text = lint();
  assert.match(text.stdout, /^workspace-builds\/compose\.yaml:9:15: error UndefinedTarget tests targets 'tset'/m);
  assert.match(text.stdout, /^workspace-builds\/scripts\/build\.sh:5:44: error UndefinedTarget docker build targets 'depz'.*Did you mean 'deps'\?/m);

  const sarif = JSON.parse(lint('--format', 'sarif').stdout) as Log;
  const run = sarif.runs[0];
  const results = (run.results ?? []).filter((result) => result.ruleId === 'MissingDockerfile');
  assert.equal(results.length, 1);
  const location = results[0].locations?.[0].physicalLocation;
  assert.equal(run.artifacts?.[location?.artifactLocation?.index ?? -1].location?.uri, 'workspace-builds/compose.yaml');
  assert.ok(run.tool.driver.rules?.some((rule) => rule.id === 'UndefinedTarget' && rule.helpUri?.endsWith('UndefinedTarget.md')));

  const off = JSON.parse(lint('--format', 'json', '--rule', 'UndefinedTarget=off').stdout) as CliFinding[];
  assert.deepEqual(summary(off), ['workspace-builds/compose.yaml:13 MissingDockerfile']);
});

test('a Dockerfile linted on its own has no folder to scan: every stage but the target\'s is judged alone', () => {
  const run = runCli(['lint', '--format', 'json', '--severity', 'hint', 'workspace-builds/Dockerfile'], { cwd: fixtures });
  const unreachable = (JSON.parse(run.stdout) as CliFinding[]).filter((finding) => finding.code === 'UnreachableStage');
  assert.deepEqual(unreachable.map((finding) => finding.line), [12, 15, 18, 21]);
});
