// The one entry point for the integration tests: `node test/integration/run.mjs [suite ...]`
// (`suite`, the main one, or `restricted`, Restricted Mode; both when none is named).
// Installs the VS Code host when missing, builds the extension and the suite, and runs the suite
// in a real VS Code. Exit code 0 when every test passed; the last line printed is
// `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSuite } from './build.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

function step(description, command, args) {
  console.log(`> ${description}`);
  const { status, error } = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (status === 0) return;
  console.error(`${description} failed${error ? `: ${error.message}` : ` with exit code ${status}`}`);
  // No test could run; the closing line still says so in the form CI reads.
  console.log('0 passed, 1 failed');
  process.exit(1);
}

step('Setting up the VS Code test host', 'bash', [path.join(repoRoot, 'test/host/setup.sh')]);
step('Building the extension', 'npm', ['run', '--silent', 'build']);
console.log('> Compiling the integration suite');
await buildSuite();
const { status } = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'runTest.ts'), ...process.argv.slice(2)], { cwd: repoRoot, stdio: 'inherit' });
process.exit(status ?? 1);
