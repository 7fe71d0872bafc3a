// `npm start`: builds the extension and opens it on examples/ in VS Code.
//  - With a desktop `code` on PATH: `code --extensionDevelopmentPath=<repo> examples`.
//  - Otherwise: VS Code's server + web workbench with the extension loaded; prints the URL to open
//    and serves until Ctrl-C.
//  - With --smoke, or CI=true: starts the web workbench, checks that it answers over HTTP, that it
//    loads the extension (opening examples/typos/Dockerfile in headless Chromium shows the
//    extension's diagnostics), saves test-results/open-examples.png and exits.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { httpGet, isWorkbenchNoise, launchChromium, repoRoot, startVSCodeServer, workbenchUrl } from './workbench.mjs';

const examplesDir = path.join(repoRoot, 'examples');
const resultsDir = path.join(repoRoot, 'test-results');
const smoke = process.argv.includes('--smoke') || ['true', '1'].includes(String(process.env.CI).toLowerCase());
const smokeTimeoutMs = 120_000;

function run(description, command, args) {
  console.log(`> ${description}`);
  const { status, error } = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (status !== 0) {
    console.error(`${description} failed${error ? `: ${error.message}` : ` with exit code ${status}`}`);
    process.exit(1);
  }
}

function desktopCode() {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'code');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

async function startWorkbench() {
  run('Setting up the VS Code server', 'bash', [path.join(repoRoot, 'test/host/setup.sh')]);
  const server = await startVSCodeServer({
    logFile: path.join(resultsDir, 'open-examples-server.log'),
    port: Number(process.env.PORT ?? 0),
  });
  const url = workbenchUrl(server, {
    folder: examplesDir,
    payload: [
      ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
      ['skipWelcome', 'true'],
    ],
  });
  return { server, url };
}

async function serveUntilInterrupted() {
  const { server, url } = await startWorkbench();
  console.log(`
VS Code with Dockerfile Stages loaded is serving examples/. Open this URL in a browser:

  ${url}

It listens on 127.0.0.1 only. Open the URL exactly as printed: the workbench finds the extension
through that host and port, so a forwarded port must keep both (set PORT to choose the port).
Ctrl-C stops it.`);
  const reason = await Promise.race([
    new Promise((resolve) => process.once('SIGINT', () => resolve('interrupted'))),
    new Promise((resolve) => process.once('SIGTERM', () => resolve('terminated'))),
    server.exited.then((code) => `the VS Code server exited with code ${code}`),
  ]);
  console.log(`Stopping: ${reason}`);
  await server.stop();
}

/** Checks, in order, what a user would see: the page is served, the workbench runs the extension on a Dockerfile. */
async function smokeTest() {
  const { server, url } = await startWorkbench();
  let browser;
  let page;
  try {
    const { status, body } = await httpGet(url);
    if (status !== 200 || !body.includes('workbench')) throw new Error(`the workbench page answered HTTP ${status}`);
    console.log(`The workbench answers at ${server.url}`);

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(smokeTimeoutMs);
    page.on('pageerror', (error) => console.log(`[workbench page error] ${String(error).slice(0, 300)}`));
    page.on('console', (message) => {
      const firstLine = message.text().split('\n')[0];
      if (message.type() === 'error' && !isWorkbenchNoise(firstLine)) console.log(`[workbench] ${firstLine}`);
    });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor();
    // The workbench marks its window this way once it runs an extension under development.
    await page.waitForFunction("document.title.includes('[Extension Development Host]')");

    await page.keyboard.press('Control+P');
    await page.keyboard.type('typos/Dockerfile');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'typos' }).first().waitFor();
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'COPY --from=biuld' }).waitFor();
    console.log('examples/typos/Dockerfile is open in the editor');
    // VS Code itself does not lint Dockerfiles: a squiggle there comes from the extension's server.
    await editor.locator('.squiggly-warning, .squiggly-error').first().waitFor({ state: 'attached' });
    console.log('The extension reports diagnostics in the editor');
  } finally {
    if (page) {
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: path.join(resultsDir, 'open-examples.png') }).catch(() => {});
    }
    await browser?.close();
    await server.stop();
  }
  console.log('Smoke test passed; screenshot: test-results/open-examples.png');
}

run('Building the extension', 'npm', ['run', '--silent', 'build']);
const code = desktopCode();
if (smoke) {
  await smokeTest().catch((error) => {
    console.error(`Smoke test failed: ${error.message}`);
    process.exit(1);
  });
} else if (code) {
  run(`Opening examples/ in ${code}`, code, [`--extensionDevelopmentPath=${repoRoot}`, examplesDir]);
} else {
  await serveUntilInterrupted();
}
