// The server's stdio transport (server/src/stdioTransport.ts) as a client meets it: the process's
// exit, console output kept off the protocol stream, and unreadable bytes reported.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { serverName } from '../../server/src/protocol';
import { maxHeaderBytes } from '../../server/src/stdioTransport';
import { repoRoot, ServerProcess } from './serverProcess';

/** Runs `body` against a fresh, initialized server process, which is gone afterwards whatever happened. */
async function withServer(nodeOptions: readonly string[], body: (server: ServerProcess) => Promise<void>): Promise<void> {
  const server = await ServerProcess.start({ command: [process.execPath, ...nodeOptions, path.join(repoRoot, 'dist', 'server.js'), '--stdio'] });
  try {
    await body(server);
  } finally {
    server.kill();
  }
}

/**
 * Closes the server's input once it has registered for configuration changes (it asks right after
 * `initialized`) and the answer is written: an answer written after the close would fail the test.
 */
async function closeAfterRegistration(server: ServerProcess): Promise<void> {
  await server.waitFor('the registration', () => server.registrations.length > 0);
  await server.closeInput();
}

async function shutDownAndExit(server: ServerProcess): Promise<number | null> {
  await server.request('shutdown', undefined);
  await server.connection.sendNotification('exit');
  return server.exitCode;
}

describe('server over stdio', { timeout: 20_000 }, () => {
  test('exits with 0 when its input closes after a shutdown request', () =>
    withServer([], async (server) => {
      await server.request('shutdown', undefined);
      await closeAfterRegistration(server);
      assert.equal(await server.exitCode, 0);
    }));

  test('exits with 1 when its input closes without a shutdown request', () =>
    withServer([], async (server) => {
      await closeAfterRegistration(server);
      assert.equal(await server.exitCode, 1);
    }));

  // Writes once the server reads its input: loading the preload and the bundle as modules may take
  // longer than a timer, and output before the server has started is not the server's.
  const strayOutput = [
    'const on = process.stdin.on;',
    'process.stdin.on = function (event, ...rest) {',
    '  if (event === "data") setImmediate(() => { console.log("stray console output"); console.error("stray error"); });',
    '  return on.call(this, event, ...rest);',
    '};',
  ].join('\n');

  test('console output from anything in the process goes to stderr, never into the protocol on stdout', () =>
    withServer(['--import', `data:text/javascript,${encodeURIComponent(strayOutput)}`], async (server) => {
      assert.equal(server.initializeResult.serverInfo?.name, serverName);
      await server.waitFor('the stray output on stderr', () => server.stderr().includes('stray console output') && server.stderr().includes('stray error'));
      assert.equal(await shutDownAndExit(server), 0);
    }));

  test('a body it cannot read is said in the log, and the next message is answered', () =>
    withServer([], async (server) => {
      server.writeRaw('Content-Length: 5\r\n\r\n{"jso');
      const hover = await server.request('textDocument/hover', { textDocument: { uri: 'file:///never/opened/Dockerfile' }, position: { line: 0, character: 0 } });
      assert.equal(hover, null);
      await server.waitFor('the error in the log', () => server.logMessages.length >= 1);
      assert.match(server.logMessages[0], /^Unreadable message: /);
      assert.equal(await shutDownAndExit(server), 0);
    }));

  test('a header without a length, and a run of bytes that never ends a header, are said in the log', () =>
    withServer([], async (server) => {
      server.writeRaw('Content-Type: text/plain\r\n\r\n');
      await server.waitFor('the header error in the log', () => server.logMessages.length >= 1);
      assert.match(server.logMessages[0], /^Unreadable message: Header must provide a Content-Length property/);
      server.writeRaw('x'.repeat(4 * maxHeaderBytes));
      await server.waitFor('the dropped bytes in the log', () => server.logMessages.length >= 2);
      assert.match(server.logMessages[1], /^Unreadable message: \d+ bytes without the end of a message header/);
    }));
});
