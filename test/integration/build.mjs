// Compiles the mocha suite for VS Code's extension host, which loads plain JavaScript: one file
// per test module, so mocha can load them one by one with its globals in place.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
export const suiteOutDir = path.resolve(here, '../../out/integration/suite');
const serversOutDir = path.resolve(here, '../../out/integration/servers');

/** The restricted-mode suite (restricted/), run in a second VS Code with workspace trust on. */
const restrictedSuiteOutDir = path.resolve(here, '../../out/integration/restricted');

/** Compiles suite/index.ts, which runs every test file beside it, and the `.test.ts` files of `testsDir` into `outDir`. */
async function buildTests(testsDir, outDir) {
  const entryPoints = [
    { in: path.join(here, 'suite', 'index.ts'), out: 'index' },
    ...readdirSync(testsDir)
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => ({ in: path.join(testsDir, name), out: name.slice(0, -'.ts'.length) })),
  ];
  // A renamed or deleted test must not live on as a stale compiled file.
  rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    // vscode is the extension host's API; mocha must be the one instance index.js runs the files with.
    external: ['vscode', 'mocha'],
  });
}

export async function buildSuite() {
  await buildTests(path.join(here, 'suite'), suiteOutDir);
  await buildTests(path.join(here, 'restricted'), restrictedSuiteOutDir);
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
