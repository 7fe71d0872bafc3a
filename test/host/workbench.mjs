// Runs a real VS Code without a desktop build: VS Code's own server (server-main.js, installed
// from the npm package code-server by setup.sh) serves the web workbench, extensions run in its
// Node extension host, and Debian's Chromium, driven by playwright-core, opens the workbench.
// Shared by the integration test runner and `npm start`.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vscodeServerDir = process.env.VSCODE_SERVER_DIR ?? path.join(repoRoot, '.vscode-test', 'vscode-server');
const serverMain = path.join(vscodeServerDir, 'node_modules/code-server/lib/vscode/out/server-main.js');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const serverStartTimeoutMs = 60_000;

/**
 * Starts server-main.js directly: code-server's own CLI rejects --enable-smoke-test-driver, which
 * newer workbenches need before they honour a test payload (`testDriver`). Port 0 lets the OS pick
 * a free port, which the server then reports on stdout. The server listens on 127.0.0.1 only, as it
 * runs without a connection token. `workspaceTrust` turns VS Code's workspace trust on: the
 * folder then opens in Restricted Mode, since a fresh browser profile trusts nothing and VS Code
 * shows no trust prompt while extension tests run (its dialog service refuses dialogs in tests).
 */
export async function startVSCodeServer({ logFile, port: requestedPort = 0, testDriver = false, workspaceTrust = false }) {
  if (!existsSync(serverMain)) {
    throw new Error(`VS Code server not found at ${serverMain}: run test/host/setup.sh first`);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dockerfile-stages-vscode-'));
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const server = spawn(
    process.execPath,
    [
      serverMain,
      '--host', '127.0.0.1',
      '--port', String(requestedPort),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      ...(testDriver ? ['--enable-smoke-test-driver'] : []),
      '--user-data-dir', path.join(dataDir, 'user-data'),
      '--server-data-dir', path.join(dataDir, 'server-data'),
      '--extensions-dir', path.join(dataDir, 'extensions'),
    ],
    // Its own process group, so stopping it also stops the extension host and the language server.
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const killGroup = () => {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', killGroup);
  server.stderr.pipe(log, { end: false });
  server.stdout.pipe(log, { end: false });

  const port = await new Promise((resolve, reject) => {
    let reported = '';
    const onOutput = (chunk) => {
      reported += chunk;
      const match = /listening on (\d+)/.exec(reported);
      if (!match) return;
      settle();
      resolve(Number(match[1]));
    };
    const fail = (why) => {
      settle();
      killGroup();
      reject(new Error(`VS Code server ${why}; see ${logFile}`));
    };
    const onExit = (code) => fail(`exited with code ${code}`);
    const timer = setTimeout(() => fail(`did not report its port within ${serverStartTimeoutMs / 1000} s`), serverStartTimeoutMs);
    const settle = () => {
      clearTimeout(timer);
      server.stdout.off('data', onOutput);
      server.off('exit', onExit);
    };
    server.stdout.on('data', onOutput);
    server.once('exit', onExit);
  });

  const exited = new Promise((resolve) => server.once('exit', resolve));
  const authority = `127.0.0.1:${port}`;
  return {
    url: `http://${authority}/`,
    /** The URI under which the workbench reaches a path on this machine through the server. */
    remoteUri: (fsPath) => `vscode-remote://${authority}${path.resolve(fsPath)}`,
    exited,
    async stop() {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const gone = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
      if (!gone) killGroup();
      process.removeListener('exit', killGroup);
      log.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The workbench URL that opens `folder`, with an optional payload (extension development and test paths). */
export function workbenchUrl(server, { folder, payload }) {
  const url = new URL(server.url);
  url.searchParams.set('folder', path.resolve(folder));
  if (payload) url.searchParams.set('payload', JSON.stringify(payload));
  return url.href;
}

export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Plain HTTP GET, to check that the server answers before a browser is involved. */
export function httpGet(url) {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body }));
    }).on('error', reject);
  });
}

/** Lines the workbench logs that say nothing about the extension under test on an offline machine. */
export function isWorkbenchNoise(line) {
  return /open-vsx\.org|ENOTFOUND|ERR_NAME_NOT_RESOLVED|Creating a socket|connection token|ChatSession|Creation of workbench|status code 404|status of 404|response code \(404\)|\[Service Worker\] registration|Updating additional builtin extensions cache/.test(line);
}

/** Writes a JSON answer to the suite by rename, so the suite that polls for it never reads half of it. */
export function writeReply(file, value) {
  const partial = `${file}.partial`;
  writeFileSync(partial, JSON.stringify(value));
  renameSync(partial, file);
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
