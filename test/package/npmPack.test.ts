// The command line as users of other linters get it: `npm pack` makes the package, which is
// installed from the tarball into an empty prefix with no network (so it must need nothing from
// the registry), and its `dockerfile-stages` binary lints, draws and converts real files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import packageJson from '../../package.json';

const root = path.resolve(__dirname, '..', '..');

function run(command: string, args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm pack, then install the tarball offline into an empty prefix', () => {
  let work: string;
  let binary: string;
  let packed: { files: { path: string }[]; filename: string }[];

  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'dockerfile-stages-pack-'));
    const pack = run('npm', ['pack', '--json', '--pack-destination', work], root);
    assert.equal(pack.status, 0, pack.stderr);
    packed = JSON.parse(pack.stdout) as typeof packed;
    const prefix = path.join(work, 'prefix');
    const install = run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', path.join(work, packed[0].filename)], work);
    assert.equal(install.status, 0, install.stderr);
    binary = path.join(prefix, 'bin', 'dockerfile-stages');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('the package is the bundle and the top-level texts, with no dependency to fetch', () => {
    assert.deepEqual(packed[0].files.map((file) => file.path).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'package.json']);
    const manifest = packageJson as { dependencies?: Record<string, string> };
    assert.deepEqual(manifest.dependencies ?? {}, {}, 'everything the CLI needs is in its bundle');
  });

  test('--version and lint: findings, exit 1, and SARIF', () => {
    assert.equal(run(binary, ['--version'], work).stdout.trim(), packageJson.version);
    const lint = run(binary, ['lint', path.join(root, 'examples', 'typos')], work);
    assert.equal(lint.status, 1, lint.stderr);
    assert.match(lint.stdout, /UndefinedStage COPY --from=biuld: .*Did you mean 'build'\?/);
    const sarif = run(binary, ['lint', '--format', 'sarif', path.join(root, 'examples', 'go-service')], work);
    assert.equal((JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[] }[] }).runs[0].results[0].ruleId, 'SingleStageBuild');
  });

  test('graph prints Mermaid', () => {
    const graph = run(binary, ['graph', '--format', 'mermaid', path.join(root, 'examples', 'multi-stage-web', 'Dockerfile')], work);
    assert.equal(graph.status, 0, graph.stderr);
    assert.match(graph.stdout, /^flowchart TB\n/);
    assert.match(graph.stdout, /deps/);
  });

  test('convert --write rewrites a single-stage Dockerfile into build and runtime stages', () => {
    const dockerfile = path.join(work, 'Dockerfile');
    copyFileSync(path.join(root, 'test', 'fixtures', 'apps', 'go-hello', 'Dockerfile'), dockerfile);
    const convert = run(binary, ['convert', '--write', dockerfile], work);
    assert.equal(convert.status, 0, convert.stderr);
    const converted = readFileSync(dockerfile, 'utf8');
    assert.match(converted, / AS build\n/);
    assert.match(converted, /COPY --from=build /);
  });
});
