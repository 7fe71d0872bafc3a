#!/usr/bin/env node
// Stands in for a desktop VS Code executable in @vscode/test-electron's
// runTests({ vscodeExecutablePath }): it takes the Electron command line runTests builds and runs
// the same tests in the VS Code server + web workbench. Flags that only matter to a desktop
// VS Code (--no-sandbox, --user-data-dir=..., --disable-extensions, ...) are ignored.
// runTests always passes --disable-workspace-trust; this host's own --enable-workspace-trust,
// given in launchArgs, overrides it for the suite that tests Restricted Mode.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runExtensionTests } from './extension-tests.mjs';
import { repoRoot } from './workbench.mjs';

let extensionDevelopmentPath;
let extensionTestsPath;
let folder;
let workspaceTrust = false;
for (const arg of process.argv.slice(2)) {
  const [flag, value] = arg.split(/=(.*)/s);
  if (flag === '--extensionDevelopmentPath') extensionDevelopmentPath ??= value;
  else if (flag === '--extensionTestsPath') extensionTestsPath = value;
  else if (flag === '--enable-workspace-trust') workspaceTrust = true;
  else if (!arg.startsWith('-')) folder ??= arg;
}
if (!extensionDevelopmentPath || !extensionTestsPath) {
  console.error('usage: vscode-shim.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=MODULE [FOLDER]');
  process.exit(2);
}

const exitCode = await runExtensionTests({
  extensionDevelopmentPath,
  extensionTestsPath,
  folder: folder ?? mkdtempSync(path.join(tmpdir(), 'dockerfile-stages-empty-workspace-')),
  resultsDir: process.env.INTEGRATION_RESULTS_DIR ?? path.join(repoRoot, 'test-results', 'integration'),
  timeoutMs: Number(process.env.INTEGRATION_TIMEOUT_MS ?? 180_000),
  workspaceTrust,
});
process.exit(exitCode);
