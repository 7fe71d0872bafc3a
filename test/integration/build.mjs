// Compiles the mocha suite for VS Code's extension host, which loads plain JavaScript: one file
// per test module, so mocha can load them one by one with its globals in place.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
export const suiteOutDir = path.resolve(here, '../../out/integration/suite');
const serversOutDir = path.resolve(here, '../../out/integration/servers');

export async function buildSuite() {
  const suiteDir = path.join(here, 'suite');
  const entryPoints = readdirSync(suiteDir)
    .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
    .map((name) => path.join(suiteDir, name));
  // A renamed or deleted test must not live on as a stale compiled file.
  rmSync(suiteOutDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: suiteOutDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    // vscode is the extension host's API; mocha must be the one instance index.js runs the files with.
    external: ['vscode', 'mocha'],
  });
  // The language server the extension starts during the tests (runTest.ts), in its own folder.
  await esbuild.build({
    entryPoints: [path.join(here, 'servers', 'ignoresShutdown.ts')],
    outdir: serversOutDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  return suiteOutDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildSuite();
