import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { testServerModule } from './servers/marker';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const resultsRoot = path.join(repoRoot, 'test-results', 'integration');

interface Summary {
  passed: number;
  failed: number;
}

interface SuiteRun {
  /** The compiled suite, see build.mjs. */
  readonly tests: string;
  readonly folder: string;
  readonly resultsDir: string;
  /** Extra arguments for test/host/vscode-shim.mjs. */
  readonly hostArgs: readonly string[];
}

const suites: readonly SuiteRun[] = [
  { tests: 'suite', folder: path.join(here, 'workspace'), resultsDir: resultsRoot, hostArgs: [] },
  // Its own VS Code, with workspace trust on, so that its folder opens in Restricted Mode.
  { tests: 'restricted', folder: path.join(here, 'restricted', 'workspace'), resultsDir: path.join(resultsRoot, 'restricted'), hostArgs: ['--enable-workspace-trust'] },
];

/**
 * Runs one compiled mocha suite in a real VS Code. No desktop VS Code can be downloaded here, so
 * test/host/vscode-shim.mjs takes the desktop executable's place and runs the workbench from
 * VS Code's server in headless Chromium.
 */
async function runSuite(suite: SuiteRun): Promise<{ exitCode: number; summary: Summary }> {
  const summaryFile = path.join(suite.resultsDir, 'summary.json');
  rmSync(summaryFile, { force: true });
  let exitCode: number;
  try {
    exitCode = await runTests({
      vscodeExecutablePath: path.join(repoRoot, 'test', 'host', 'vscode-shim.mjs'),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'integration', suite.tests, 'index'),
      launchArgs: [suite.folder, ...suite.hostArgs],
      // The extension starts the server through a module that one test makes ignore `shutdown`.
      extensionTestsEnv: { INTEGRATION_RESULTS_DIR: suite.resultsDir, DOCKERFILE_STAGES_SERVER_MODULE: path.join(repoRoot, testServerModule) },
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    exitCode = 1;
  }
  return { exitCode, summary: readSummary(summaryFile) };
}

/**
 * Runs the suites named (`suite`, `restricted`; all when none is), each in its own VS Code.
 * Returns the exit code; the last line printed is `N passed, N failed`.
 */
export async function runIntegrationTests(names: readonly string[]): Promise<number> {
  const unknown = names.filter((name) => !suites.some((suite) => suite.tests === name));
  if (unknown.length > 0) {
    console.error(`No integration suite named ${unknown.join(', ')}; the suites are ${suites.map((suite) => suite.tests).join(', ')}`);
    console.log('0 passed, 1 failed');
    return 2;
  }
  const total: Summary = { passed: 0, failed: 0 };
  let exitCode = 0;
  for (const suite of suites.filter((each) => names.length === 0 || names.includes(each.tests))) {
    const run = await runSuite(suite);
    total.passed += run.summary.passed;
    total.failed += run.summary.failed;
    if (run.exitCode !== 0) exitCode = run.exitCode;
  }
  console.log(`${total.passed} passed, ${total.failed} failed`);
  return total.failed === 0 ? exitCode : 1;
}

function readSummary(summaryFile: string): Summary {
  try {
    return JSON.parse(readFileSync(summaryFile, 'utf8')) as Summary;
  } catch {
    // The host never got as far as running the suite: count the run itself as the failure.
    return { passed: 0, failed: 1 };
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  void runIntegrationTests(process.argv.slice(2)).then((exitCode) => {
    process.exitCode = exitCode;
  });
}
