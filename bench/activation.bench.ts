/**
 * Extension activation in the real VS Code of the integration tests (VS Code's server and web
 * workbench, extensions in its Node extension host; see test/host/README.md): the extension as
 * shipped (the production bundles of out/bench/dist, with package.json and the grammar) in a
 * fresh window on an empty folder, where nothing activates it before bench/activation/suite.ts
 * calls `activate()`. Each run is a new VS Code; the median of the runs is reported.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { ActivationResult } from './activation/suite';
import { formatMs, printTable, recordSummary } from './harness';
import { repoRoot } from './lsp';

const runs = 5;
const activationBudgetMs = 100;
const benchDir = path.join(repoRoot, 'out', 'bench');
const extensionDir = path.join(benchDir, 'extension');
const suiteDir = path.join(benchDir, 'activation');

/** The extension as the .vsix carries it, with the production bundles (not the benchmarks' analysis bundle). */
function stageExtension(): void {
  rmSync(extensionDir, { recursive: true, force: true });
  mkdirSync(extensionDir, { recursive: true });
  cpSync(path.join(repoRoot, 'package.json'), path.join(extensionDir, 'package.json'));
  cpSync(path.join(repoRoot, 'syntaxes'), path.join(extensionDir, 'syntaxes'), { recursive: true });
  cpSync(path.join(benchDir, 'dist'), path.join(extensionDir, 'dist'), { recursive: true, filter: (source) => !source.endsWith('.meta.json') && path.basename(source) !== 'analysis.js' });
}

async function buildSuite(): Promise<string> {
  rmSync(suiteDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'bench', 'activation', 'suite.ts')],
    outfile: path.join(suiteDir, 'suite.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return path.join(suiteDir, 'suite');
}

interface ExtensionTestsOptions {
  readonly extensionDevelopmentPath: string;
  readonly extensionTestsPath: string;
  readonly folder: string;
  readonly resultsDir: string;
  readonly timeoutMs: number;
}

async function main(): Promise<void> {
  if (!existsSync(path.join(benchDir, 'dist', 'client.js'))) {
    console.error('no production bundles in out/bench/dist: run `npm run bench`, which builds them first');
    process.exitCode = 1;
    return;
  }
  const host = (await import(path.join(repoRoot, 'test', 'host', 'extension-tests.mjs'))) as {
    runExtensionTests(options: ExtensionTestsOptions): Promise<number>;
  };
  stageExtension();
  const suite = await buildSuite();
  const results: ActivationResult[] = [];
  for (let run = 0; run < runs; run++) {
    const folder = mkdtempSync(path.join(tmpdir(), 'dockerfile-stages-activation-'));
    const resultFile = path.join(suiteDir, 'result.json');
    rmSync(resultFile, { force: true });
    try {
      const exitCode = await host.runExtensionTests({
        extensionDevelopmentPath: extensionDir,
        extensionTestsPath: suite,
        folder,
        resultsDir: path.join(benchDir, 'activation-host'),
        timeoutMs: 180_000,
      });
      if (exitCode !== 0 || !existsSync(resultFile)) throw new Error(`the activation run in VS Code failed (exit ${exitCode}); see out/bench/activation-host`);
      results.push(JSON.parse(readFileSync(resultFile, 'utf8')) as ActivationResult);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  if (results.some((result) => result.alreadyActive)) {
    console.error('the extension was active before the suite activated it: the figure would not be an activation');
    process.exitCode = 1;
    return;
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
  const activation = median(results.map((result) => result.activationMs));
  const firstDiagnostics = median(results.map((result) => result.firstDiagnosticsMs));
  const met = activation < activationBudgetMs;
  printTable(
    `Activation in VS Code (server + web workbench, Node extension host), median of ${runs} fresh windows`,
    ['measure', ...results.map((_, index) => `run ${index + 1} (ms)`), 'median (ms)', 'budget'],
    [
      ['activate() until resolved', ...results.map((result) => formatMs(result.activationMs)), formatMs(activation), `< ${activationBudgetMs} ms: ${met ? 'met' : 'NOT met'}`],
      ['first diagnostics of a Dockerfile opened then', ...results.map((result) => formatMs(result.firstDiagnosticsMs)), formatMs(firstDiagnostics), ''],
    ],
  );
  recordSummary({ measure: 'extension activation in VS Code', ours: `${formatMs(activation)} ms`, target: `< ${activationBudgetMs} ms`, met });
  recordSummary({ measure: 'first diagnostics after activation (server start included)', ours: `${formatMs(firstDiagnostics)} ms` });
  if (!met) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  // The host's per-run timeout (runExtensionTests races the run against a timer it leaves pending)
  // would keep this process alive for minutes after the last run.
  .finally(() => process.exit());
