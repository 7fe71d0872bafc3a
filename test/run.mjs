// `npm test`: builds, type-checks, lints, then runs every suite (unit, server, webview, grammar, cli, fuzz, package,
// docker, integration) and closes with one `N passed, N failed` line summed over all of them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);

function testFiles(folder) {
  const dir = path.join(root, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .filter((file) => file.endsWith('.test.ts') && !file.split(path.sep).includes('fixtures'))
    .map((file) => path.join(folder, file))
    .sort();
}

/** Runs a command with inherited output teed through, resolving to its exit code and output. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const nodeTest = (folders) => async () => {
  const files = folders.flatMap(testFiles);
  if (files.length === 0) return { passed: 0, failed: 0, code: 0 };
  // Not --test-force-exit: under it Node 20 can end a file's process before the reporter has
  // written what its last tests did, so tests that ran (a failure among them) went unreported.
  // A file must close what it opens, as the server harness kills the servers it starts.
  const { code, output } = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files]);
  const count = (label) => Number(output.match(new RegExp(`^ℹ ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled'), code };
};

const closingLine = (command, args) => async () => {
  const { code, output } = await run(command, args);
  const matches = [...output.matchAll(/^(\d+) passed, (\d+) failed/gm)];
  const last = matches.at(-1);
  return { passed: Number(last?.[1] ?? 0), failed: Number(last?.[2] ?? 0), code };
};

const check = (command, args) => async () => {
  const { code } = await run(command, args);
  return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, code };
};

const npx = (bin) => path.join(root, 'node_modules', '.bin', bin);

/** test/docker/engine.ts's work folder: the Docker engine, its base images and build cache, kept for the next run. */
const dockerWorkDir = process.env.DOCKERFILE_STAGES_DOCKER_DIR ?? '/tmp/dockerfile-stages-docker';

/** Says what the docker step leaves behind, and how to remove it. */
function reportDockerWorkDir() {
  if (!existsSync(dockerWorkDir)) return;
  const size = spawnSync('du', ['-sh', dockerWorkDir], { encoding: 'utf8' }).stdout.split('\t')[0] || 'size unknown';
  process.stdout.write(
    `Docker work folder kept for the next run: ${dockerWorkDir} (${size}); \`bash test/docker/stop.sh --purge\` stops the engine and removes it.\n`,
  );
}

const steps = [
  ['build', check('npm', ['run', 'build'])],
  ['typecheck', check(npx('tsc'), ['-b'])],
  ['lint', check(npx('eslint'), ['--max-warnings', '0', '.'])],
  ['unit', nodeTest(['test/unit'])],
  ['server', nodeTest(['test/server'])],
  ['webview', nodeTest(['test/webview'])],
  ['grammar', closingLine(process.execPath, ['test/grammar/run.mjs'])],
  ['cli', nodeTest(['test/cli'])],
  ['fuzz', nodeTest(['test/fuzz'])],
  ['package', nodeTest(['test/package'])],
  ['docker', nodeTest(['test/docker'])],
  ['integration', closingLine(process.execPath, ['test/integration/run.mjs'])],
];

let passed = 0;
let failed = 0;
const summary = [];
for (const [name, step] of steps) {
  if (only.length > 0 && !only.includes(name)) continue;
  if (name === 'grammar' && !existsSync(path.join(root, 'test/grammar/run.mjs'))) continue;
  if (name === 'integration' && !existsSync(path.join(root, 'test/integration/run.mjs'))) continue;
  process.stdout.write(`\n=== ${name} ===\n`);
  const started = Date.now();
  const result = await step();
  // A step that failed without reporting a failed test (a crash, a setup error) still counts as one failure.
  const stepFailed = result.failed + (result.code !== 0 && result.failed === 0 ? 1 : 0);
  passed += result.passed;
  failed += stepFailed;
  summary.push(`${name.padEnd(12)} ${String(result.passed).padStart(4)} passed ${String(stepFailed).padStart(3)} failed  ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (name === 'docker') reportDockerWorkDir();
  if (name === 'build' && result.code !== 0) break;
}
process.stdout.write(`\n${summary.join('\n')}\n${passed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
