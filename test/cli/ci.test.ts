// What CI users run: the GitHub Action's lint script (action/lint.sh, as action.yml calls it) and
// the pre-commit hook's entry (.pre-commit-hooks.yaml), both on the built CLI under the name the
// installed package puts on the PATH.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import packageJson from '../../package.json';
import { cliBin, repoRoot } from './helpers';

interface ActionStep {
  readonly id?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
}
interface Action {
  readonly inputs: Record<string, { default?: string }>;
  readonly runs: { using: string; steps: ActionStep[] };
}
interface Hook {
  readonly id: string;
  readonly entry: string;
  readonly language: string;
  readonly files: string;
}

let work: string;
/** PATH with `dockerfile-stages` on it, as the package's `bin` installs it. */
let pathWithCli: string;

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'dockerfile-stages-ci-'));
  const bin = path.join(work, 'bin');
  const binName = Object.keys(packageJson.bin)[0];
  mkdirSync(bin);
  writeFileSync(path.join(bin, binName), `#!/bin/sh\nexec "${process.execPath}" "${cliBin}" "$@"\n`);
  chmodSync(path.join(bin, binName), 0o755);
  pathWithCli = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('the GitHub Action', () => {
  const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as Action;
  const lintStep = action.runs.steps.find((step) => step.id === 'lint');

  test('is a composite action with inputs for paths, format and severity, whose lint step runs action/lint.sh and uploads SARIF', () => {
    assert.equal(action.runs.using, 'composite');
    for (const input of ['paths', 'format', 'severity', 'output', 'config', 'upload-sarif', 'fail-on-findings', 'version']) assert.ok(input in action.inputs, input);
    assert.equal(action.inputs.format.default, 'sarif');
    assert.equal(action.inputs.severity.default, 'warning');
    assert.match(lintStep?.run ?? '', /action\/lint\.sh/);
    for (const input of ['paths', 'format', 'severity', 'output', 'config']) {
      assert.equal(lintStep?.env?.[`INPUT_${input.toUpperCase()}`], `\${{ inputs.${input} }}`, `the lint step gets ${input}`);
    }
    assert.ok(action.runs.steps.some((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@')));
  });

  /** Runs the lint step's script as the runner would: inputs in INPUT_*, step outputs to $GITHUB_OUTPUT. */
  function runLintStep(inputs: Record<string, string>): { status: number | null; stdout: string; stderr: string; outputs: Record<string, string> } {
    const githubOutput = path.join(work, `output-${Math.random().toString(36).slice(2)}`);
    writeFileSync(githubOutput, '');
    const env: Record<string, string | undefined> = { ...process.env, PATH: pathWithCli, GITHUB_OUTPUT: githubOutput, NO_COLOR: '1' };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    const result = spawnSync('bash', [path.join(repoRoot, 'action', 'lint.sh')], { cwd: repoRoot, env, encoding: 'utf8' });
    const outputs = Object.fromEntries(
      readFileSync(githubOutput, 'utf8')
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, outputs };
  }

  test('writes SARIF for the listed paths, logs the findings, and leaves failing to the last step', () => {
    const report = path.join(work, 'report.sarif');
    const result = runLintStep({ paths: 'examples/typos\nexamples/go-service', format: 'sarif', severity: 'warning', output: report });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.outputs, { 'exit-code': '1', report });
    const sarif = JSON.parse(readFileSync(report, 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    const rules = new Set(sarif.runs[0].results.map((result) => result.ruleId));
    assert.ok(rules.has('UndefinedStage') && rules.has('SingleStageBuild'), [...rules].join(', '));
    assert.match(result.stdout, /examples\/typos\/Dockerfile:8:13: warning UndefinedStage/, 'the findings are in the log too');
  });

  test('severity and config reach the CLI: a clean run reports exit code 0', () => {
    const config = path.join(work, 'quiet.json');
    writeFileSync(config, JSON.stringify({ rules: { UndefinedStage: 'off' } }));
    const result = runLintStep({ paths: 'examples/typos', format: 'json', severity: 'error', output: path.join(work, 'report.json'), config });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.outputs['exit-code'], '0');
    assert.deepEqual(JSON.parse(readFileSync(path.join(work, 'report.json'), 'utf8')), []);
  });

  test('a bad format or an unreadable path fails the step with exit 2 and the CLI\'s error prefix', () => {
    const format = runLintStep({ paths: '.', format: 'xml' });
    assert.equal(format.status, 2);
    assert.match(format.stderr, /^dockerfile-stages: format must be sarif, json or text/);
    const missing = runLintStep({ paths: 'no/such/Dockerfile', format: 'sarif', output: path.join(work, 'missing.sarif') });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^dockerfile-stages: no\/such\/Dockerfile: no such file or directory/);
  });
});

describe('the pre-commit hook', () => {
  const hooks = parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const hook = hooks.find((candidate) => candidate.id === 'dockerfile-stages');
  // pre-commit's `files` is a Python pattern; its leading (?i) is JavaScript's i flag.
  const files = new RegExp((hook?.files ?? '').replace(/^\(\?i\)/, ''), hook?.files.startsWith('(?i)') ? 'i' : '');

  test('installs this package with node and runs its binary', () => {
    assert.equal(hook?.language, 'node');
    assert.equal(hook?.entry.split(' ')[0], Object.keys(packageJson.bin)[0]);
  });

  test('selects Dockerfiles by name as VS Code does, in any case', () => {
    const selected = ['Dockerfile', 'app/Dockerfile.dev', 'api.Dockerfile', 'CONTAINERFILE', 'deploy/Containerfile.prod', 'web.dockerfile'];
    const skipped = ['Dockerfile-old', 'notes.txt', 'docker/compose.yaml', '.dockerfile', 'dockerfiles/README.md'];
    for (const name of selected) assert.ok(files.test(name), name);
    for (const name of skipped) assert.ok(!files.test(name), name);
  });

  /** The hook as pre-commit runs it: its entry, then the selected files. */
  function runHook(candidates: readonly string[]): { status: number | null; stdout: string } {
    const chosen = candidates.filter((file) => files.test(file));
    const [command, ...args] = (hook?.entry ?? '').split(' ');
    const result = spawnSync(command, [...args, ...chosen], { cwd: repoRoot, env: { ...process.env, PATH: pathWithCli, NO_COLOR: '1' }, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout };
  }

  test('fails a commit of the examples with findings, passes a clean one', () => {
    const examples = readdirSync(path.join(repoRoot, 'examples'), { recursive: true }).map((file) => path.join('examples', String(file)));
    const failing = runHook(examples);
    assert.equal(failing.status, 1);
    assert.match(failing.stdout, /examples\/go-service\/Dockerfile:1:1: warning SingleStageBuild/);
    assert.doesNotMatch(failing.stdout, /README\.md/, 'only Dockerfiles are passed');
    assert.equal(runHook(['examples/README.md', 'examples/rust-cli/Containerfile']).status, 0);
  });
});
