// Runs an extension test suite in the real VS Code server + web workbench, the way VS Code's own
// browser integration tests do: the workbench URL carries a payload with extensionDevelopmentPath
// and extensionTestsPath, the workbench forwards its log (including the extension host's console,
// hence mocha's report) to window.codeAutomationLog, and reports the suite's outcome through
// window.codeAutomationExit(code).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { answerScreenshotRequest, screenshotMarker } from './panel-screenshot.mjs';
import { delay, isWorkbenchNoise, launchChromium, startVSCodeServer, workbenchUrl } from './workbench.mjs';
import { answerWorkspaceTrustRequest, workspaceTrustMarker } from './workspace-trust.mjs';

/** The suite logs this prefix followed by JSON `{ passed, failed }`; see test/integration/suite/index.ts. */
export const resultMarker = 'dockerfile-stages integration result:';

/**
 * Returns the exit code for the test run and writes `summary.json` (`{ passed, failed, exitCode }`)
 * and `final.png`, a screenshot of the workbench as the suite finished, to `resultsDir`.
 * `workspaceTrust` runs it with workspace trust on, so `folder` opens in Restricted Mode.
 */
export async function runExtensionTests({ extensionDevelopmentPath, extensionTestsPath, folder, resultsDir, timeoutMs, workspaceTrust = false }) {
  const started = Date.now();
  mkdirSync(resultsDir, { recursive: true });
  // A run that dies early must not leave the previous run's results looking like its own.
  for (const stale of ['summary.json', 'final.png']) rmSync(path.join(resultsDir, stale), { force: true });
  const server = await startVSCodeServer({ logFile: path.join(resultsDir, 'server.log'), testDriver: true, workspaceTrust });
  let browser;
  let counts;
  let outcome;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => console.log(`[workbench page error] ${String(error).slice(0, 300)}`));
    const exitCode = new Promise((resolve) => page.exposeFunction('codeAutomationExit', resolve));
    const screenshot = (name) => page.screenshot({ path: path.join(resultsDir, name) });
    let finalScreenshot;
    await page.exposeFunction('codeAutomationLog', (_level, args) => {
      const line = format(...args);
      const screenshotRequest = line.indexOf(screenshotMarker);
      if (screenshotRequest >= 0) {
        void answerScreenshotRequest(page, JSON.parse(line.slice(screenshotRequest + screenshotMarker.length)));
        return;
      }
      const trustRequest = line.indexOf(workspaceTrustMarker);
      if (trustRequest >= 0) {
        void answerWorkspaceTrustRequest(page, JSON.parse(line.slice(trustRequest + workspaceTrustMarker.length)));
        return;
      }
      const marker = line.indexOf(resultMarker);
      if (marker < 0) {
        if (!isWorkbenchNoise(line)) console.log(line);
        return;
      }
      counts = JSON.parse(line.slice(marker + resultMarker.length));
      // Now, before the extension host shuts down and VS Code clears its diagnostics and hovers.
      finalScreenshot = screenshot('final.png');
    });
    const url = workbenchUrl(server, {
      folder,
      payload: [
        ['extensionDevelopmentPath', server.remoteUri(extensionDevelopmentPath)],
        ['extensionTestsPath', server.remoteUri(extensionTestsPath)],
        ['skipWelcome', 'true'],
      ],
    });
    console.log(`Opening the VS Code workbench at ${url}`);
    await page.goto(url);
    outcome = await Promise.race([
      exitCode,
      server.exited.then((code) => `the VS Code server exited with code ${code}`),
      delay(timeoutMs).then(() => `no result within ${timeoutMs / 1000} s`),
    ]);
    await (finalScreenshot ?? screenshot('final.png'));
  } finally {
    await browser?.close();
    await server.stop();
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (typeof outcome !== 'number') console.log(`The workbench gave no exit code: ${outcome}`);
  else console.log(`The workbench exited with code ${outcome} after ${seconds} s`);
  const exitCode = outcome === 0 && counts?.failed === 0 ? 0 : 1;
  // A run that never reported counts (the host crashed or timed out) counts as one failed test,
  // so that a summary never reads as a clean pass.
  const summary = { passed: counts?.passed ?? 0, failed: counts ? counts.failed : 1, exitCode };
  writeFileSync(path.join(resultsDir, 'summary.json'), `${JSON.stringify(summary)}\n`);
  return exitCode;
}
