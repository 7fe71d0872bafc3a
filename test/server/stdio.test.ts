// The server's own stdio transport (server/src/stdioTransport.ts) as a client meets it: the
// process's exit, console output kept off the protocol stream, and unreadable bytes reported.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { InitializeResult } from 'vscode-languageserver';
import { serverName } from '../../server/src/protocol';
import { repoRoot } from './serverProcess';

const serverJs = path.join(repoRoot, 'dist', 'server.js');

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly connection: MessageConnection;
  readonly logMessages: string[];
  stderr(): string;
  exitCode(): Promise<number | null>;
}

/** Runs `body` against a fresh server process, which is gone afterwards whatever happened. */
async function withServer(nodeOptions: readonly string[], body: (server: Started) => Promise<void>): Promise<void> {
  const server = start(nodeOptions);
  try {
    await body(server);
  } finally {
    server.child.kill();
  }
}

function start(nodeOptions: readonly string[]): Started {
  const child = spawn(process.execPath, [...nodeOptions, serverJs, '--stdio'], { cwd: repoRoot });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const logMessages: string[] = [];
  connection.onNotification('window/logMessage', (params: { message: string }) => {
    logMessages.push(params.message);
  });
  connection.listen();
  return { child, connection, logMessages, stderr: () => stderr, exitCode: () => exited };
}

function initialize(connection: MessageConnection): Promise<InitializeResult> {
  return connection.sendRequest<InitializeResult>('initialize', { processId: null, rootUri: null, capabilities: {} });
}

async function until(description: string, condition: () => boolean, started: Started): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}; stderr: ${started.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('server over stdio', { timeout: 20_000 }, () => {
  test('exits with 0 when its input closes after a shutdown request', () =>
    withServer([], async (server) => {
      await initialize(server.connection);
      await server.connection.sendRequest('shutdown');
      server.child.stdin.end();
      assert.equal(await server.exitCode(), 0);
    }));

  test('exits with 1 when its input closes without a shutdown request', () =>
    withServer([], async (server) => {
      await initialize(server.connection);
      server.child.stdin.end();
      assert.equal(await server.exitCode(), 1);
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
      const result = await initialize(server.connection);
      assert.equal(result.serverInfo?.name, serverName);
      await until('the stray output on stderr', () => server.stderr().includes('stray console output') && server.stderr().includes('stray error'), server);
      await server.connection.sendRequest('shutdown');
      await server.connection.sendNotification('exit');
      assert.equal(await server.exitCode(), 0);
    }));

  test('bytes it cannot read are said in the log, and the next message is answered', () =>
    withServer([], async (server) => {
      await initialize(server.connection);
      await server.connection.sendNotification('initialized', {});
      server.child.stdin.write('Content-Type: text/plain\r\n\r\n{"jsonrpc":"2.0","id":99,"method":"shutdown"}');
      server.child.stdin.write('Content-Length: 5\r\n\r\n{"jso');
      const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///never/opened/Dockerfile' }, position: { line: 0, character: 0 } });
      assert.equal(hover, null);
      await until('both errors in the log', () => server.logMessages.length >= 2, server);
      assert.match(server.logMessages[0], /^Unreadable message header, skipped: header without Content-Length/);
      assert.match(server.logMessages[1], /^Unreadable message body, skipped: /);
      await server.connection.sendRequest('shutdown');
      await server.connection.sendNotification('exit');
      assert.equal(await server.exitCode(), 0);
    }));
});
