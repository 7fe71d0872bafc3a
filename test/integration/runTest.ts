import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { testServerModule } from './servers/marker';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const resultsDir = path.join(repoRoot, 'test-results', 'integration');
const summaryFile = path.join(resultsDir, 'summary.json');

interface Summary {
  passed: number;
  failed: number;
}

/**
 * Runs the compiled mocha suite (out/integration/suite, see build.mjs) in a real VS Code. No
 * desktop VS Code can be downloaded here, so test/host/vscode-shim.mjs takes the desktop
 * executable's place and runs the workbench from VS Code's server in headless Chromium.
 * Returns the exit code; the last line printed is `N passed, N failed`.
 */
export async function runIntegrationTests(): Promise<number> {
  rmSync(summaryFile, { force: true });
  let exitCode: number;
  try {
    exitCode = await runTests({
      vscodeExecutablePath: path.join(repoRoot, 'test', 'host', 'vscode-shim.mjs'),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'integration', 'suite', 'index'),
      launchArgs: [path.join(here, 'workspace')],
      // The extension starts the server through a module that one test makes ignore `shutdown`.
      extensionTestsEnv: { INTEGRATION_RESULTS_DIR: resultsDir, DOCKERFILE_STAGES_SERVER_MODULE: path.join(repoRoot, testServerModule) },
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    exitCode = 1;
  }
  const summary = readSummary();
  console.log(`${summary.passed} passed, ${summary.failed} failed`);
  return summary.failed === 0 ? exitCode : 1;
}

function readSummary(): Summary {
  try {
    return JSON.parse(readFileSync(summaryFile, 'utf8')) as Summary;
  } catch {
    // The host never got as far as running the suite: count the run itself as the failure.
    return { passed: 0, failed: 1 };
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  void runIntegrationTests().then((exitCode) => {
    process.exitCode = exitCode;
  });
}
