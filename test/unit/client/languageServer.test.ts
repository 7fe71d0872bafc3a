import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LanguageServer } from '../../../client/src/languageServer';
import { stageGraphRequest } from '../../../server/src/protocol/stageGraph';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve = () => {};
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  // A start nobody waits for must not count as an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * Behaves as vscode-languageclient 7 does where LanguageServer relies on it: each start makes a
 * new readiness promise, requests are refused until the server is ready, stop ends readiness.
 * The test settles each start (`ready`, `failStart`) and may make the next stop fail.
 */
class FakeClient {
  readonly events: string[] = [];
  private readiness = deferred();
  private running = false;
  private starts = 0;
  failNextStop = false;

  start(): vscode.Disposable {
    this.starts++;
    this.events.push(`start ${this.starts}`);
    this.readiness = deferred();
    return { dispose: () => undefined };
  }

  /** The server of the latest start answered `initialize`. */
  ready(): void {
    this.running = true;
    this.readiness.resolve();
  }

  failStart(message: string): void {
    this.readiness.reject(new Error(message));
  }

  onReady(): Promise<void> {
    return this.readiness.promise;
  }

  needsStop(): boolean {
    return this.running;
  }

  async stop(): Promise<void> {
    this.events.push('stop');
    this.running = false;
    if (this.failNextStop) {
      this.failNextStop = false;
      throw new Error('connection got disposed');
    }
  }

  sendRequest(method: string): Promise<string> {
    if (!this.running) throw new Error('Language client is not ready yet');
    this.events.push(`${method} to server ${this.starts}`);
    return Promise.resolve(`answer of server ${this.starts}`);
  }
}

function fakeLog(): { log: vscode.LogOutputChannel; lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => lines.push(`${level}: ${message}`);
  const log = { info: record('info'), warn: record('warn'), error: record('error') };
  return { log: log as unknown as vscode.LogOutputChannel, lines };
}

function serverOver(client: FakeClient, log = fakeLog().log): LanguageServer {
  return new LanguageServer(client as unknown as LanguageClient, log);
}

const params = { textDocument: { uri: 'file:///Dockerfile' } };

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the language server handle over vscode-languageclient 7', () => {
  test('a request sent before the server is ready waits for it rather than failing', async () => {
    const client = new FakeClient();
    const server = serverOver(client);
    server.start();
    const answer = server.request(stageGraphRequest, params);
    await settle();
    assert.deepEqual(client.events, ['start 1']);
    client.ready();
    assert.equal(await answer, 'answer of server 1');
  });

  test('restart stops the server and starts it again, and resolves once the new one is ready', async () => {
    const client = new FakeClient();
    const server = serverOver(client);
    server.start();
    client.ready();
    let restarted = false;
    const restart = server.restart().then(() => (restarted = true));
    await settle();
    assert.deepEqual(client.events, ['start 1', 'stop', 'start 2']);
    assert.equal(restarted, false);
    client.ready();
    await restart;
    assert.equal(restarted, true);
  });

  test('a request sent during a restart goes to the restarted server', async () => {
    const client = new FakeClient();
    const server = serverOver(client);
    server.start();
    client.ready();
    const restart = server.restart();
    const answer = server.request(stageGraphRequest, params);
    await settle();
    client.ready();
    await restart;
    assert.equal(await answer, 'answer of server 2');
    assert.deepEqual(client.events, ['start 1', 'stop', 'start 2', `${stageGraphRequest} to server 2`]);
  });

  test('a second restart waits for the first instead of stopping a server that is still starting', async () => {
    const client = new FakeClient();
    const server = serverOver(client);
    server.start();
    client.ready();
    const first = server.restart();
    const second = server.restart();
    await settle();
    assert.deepEqual(client.events, ['start 1', 'stop', 'start 2']);
    client.ready();
    await first;
    await settle();
    client.ready();
    await second;
    assert.deepEqual(client.events, ['start 1', 'stop', 'start 2', 'stop', 'start 3']);
  });

  test('a server that fails to shut down is started again, with a warning in the log', async () => {
    const client = new FakeClient();
    const { log, lines } = fakeLog();
    const server = serverOver(client, log);
    server.start();
    client.ready();
    client.failNextStop = true;
    const restart = server.restart();
    await settle();
    client.ready();
    await restart;
    assert.deepEqual(client.events, ['start 1', 'stop', 'start 2']);
    assert.deepEqual(lines, ['warn: The language server did not shut down cleanly: connection got disposed']);
  });

  test('a server that does not start is logged, and requests fail with the reason', async () => {
    const client = new FakeClient();
    const { log, lines } = fakeLog();
    const server = serverOver(client, log);
    server.start();
    const answer = server.request(stageGraphRequest, params);
    client.failStart('spawn node ENOENT');
    await assert.rejects(answer, /spawn node ENOENT/);
    await settle();
    assert.deepEqual(lines, ['error: The language server did not start: spawn node ENOENT']);
  });

  test('stop waits for a restart under way, then stops the server it started', async () => {
    const client = new FakeClient();
    const server = serverOver(client);
    server.start();
    client.ready();
    const restart = server.restart();
    const stop = server.stop();
    await settle();
    client.ready();
    await Promise.all([restart, stop]);
    assert.deepEqual(client.events, ['start 1', 'stop', 'start 2', 'stop']);
  });

  test('stop leaves alone a server that never started', async () => {
    const client = new FakeClient();
    await serverOver(client).stop();
    assert.deepEqual(client.events, []);
  });
});
