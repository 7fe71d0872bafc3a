import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  type Message,
  type RequestType,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  ConfigurationParams,
  InitializeResult,
  PublishDiagnosticsParams,
} from 'vscode-languageserver';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** Settings per document URI; documents without an entry get `{}` (all defaults). */
export type SettingsByUri = Record<string, unknown>;

export interface StartOptions {
  /** The bundle and arguments to start; the extension's server bundle over stdio by default. */
  readonly command?: readonly string[];
  readonly capabilities?: ClientCapabilities;
  readonly settings?: SettingsByUri;
  readonly initializationOptions?: unknown;
  /** Folders on disk opened as the workspace. */
  readonly workspaceFolders?: readonly string[];
}

export const pushClientCapabilities: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
  textDocument: {
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
    publishDiagnostics: {},
  },
};

export const pullClientCapabilities: ClientCapabilities = {
  ...pushClientCapabilities,
  workspace: { ...pushClientCapabilities.workspace, diagnostics: { refreshSupport: true } },
  textDocument: { ...pushClientCapabilities.textDocument, diagnostic: { dynamicRegistration: false } },
};

/** The two ways a client gets diagnostics; the suites that matter for both run once in each. */
export const diagnosticModes = [
  { mode: 'push', capabilities: pushClientCapabilities },
  { mode: 'pull', capabilities: pullClientCapabilities },
] as const;

/** The requests a client in `mode` sends: one that is pushed diagnostics never asks for them. */
export function requestsIn<R extends { readonly method: string }>(mode: 'push' | 'pull', requests: readonly R[]): R[] {
  return requests.filter((request) => mode === 'pull' || request.method !== 'textDocument/diagnostic');
}

/**
 * The connection's writer, which can tell when every message given to it so far is in the pipe,
 * and drops what is written after the input was closed: an answer to a request the server sent
 * meanwhile (`workspace/configuration`) has nowhere to go.
 */
class TrackedWriter extends StreamMessageWriter {
  private written: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super(stream);
  }

  override write(message: Message): Promise<void> {
    if (this.closed) return Promise.resolve();
    const writing = super.write(message);
    this.written = Promise.all([this.written, writing]);
    return writing;
  }

  /** Ends the input: the server reads end of file, and later writes are dropped. */
  close(): void {
    this.closed = true;
    this.stream.end();
  }

  /** Resolves once the messages written so far have been handed to the pipe (or failed to be). */
  async flushed(): Promise<void> {
    await this.written.catch(() => undefined);
  }
}

/** How many event-loop turns `whileStopped` waits for its messages to reach the pipe. */
const stoppedWriteTurns = 10_000;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function turns(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn++) await nextTurn();
}

/** The scheduler state of a process, from /proc: `T` once SIGSTOP has stopped it. */
function processState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/**
 * The bundled language server in a child process, driven over stdio by a JSON-RPC client that
 * answers `workspace/configuration` the way an editor would.
 */
export class ServerProcess {
  readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly logMessages: string[] = [];
  configurationRequests = 0;
  /** What the server asked to register (`client/registerCapability`), in order. */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  diagnosticRefreshes = 0;
  private settings: SettingsByUri;
  private readonly waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();

  private result: InitializeResult | undefined;
  private stderrText = '';
  /** Resolves to the process's exit code once it has exited. */
  readonly exitCode: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
    private readonly writer: TrackedWriter,
    settings: SettingsByUri,
  ) {
    this.settings = settings;
    this.exitCode = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderrText += chunk.toString();
      this.notifyWaiters();
    });
    connection.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      this.configurationRequests++;
      return params.items.map((item) => (item.scopeUri && this.settings[item.scopeUri]) ?? {});
    });
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      this.notifyWaiters();
      return null;
    });
    connection.onRequest('workspace/diagnostic/refresh', () => {
      this.diagnosticRefreshes++;
      this.notifyWaiters();
      return null;
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.set(params.uri, params);
      this.notifyWaiters();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logMessages.push(params.message);
      this.notifyWaiters();
    });
    connection.listen();
  }

  static async start(options: StartOptions = {}): Promise<ServerProcess> {
    const [command, ...args] = options.command ?? [process.execPath, path.join(repoRoot, 'dist', 'server.js'), '--stdio'];
    const child = spawn(command, args, { cwd: repoRoot });
    const writer = new TrackedWriter(child.stdin);
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), writer);
    const server = new ServerProcess(child, connection, writer, options.settings ?? {});
    server.result = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: options.workspaceFolders?.map((folder) => ({ uri: pathToFileURL(folder).href, name: path.basename(folder) })) ?? null,
      capabilities: options.capabilities ?? pushClientCapabilities,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return server;
  }

  get initializeResult(): InitializeResult {
    if (!this.result) throw new Error('the server has not answered initialize');
    return this.result;
  }

  stderr(): string {
    return this.stderrText;
  }

  open(uri: string, text: string, languageId = 'dockerfile'): Promise<void> {
    this.versions.set(uri, 1);
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  replace(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** A custom request by its typed request object (server/src/protocol/requests.ts), or any request by method. */
  request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R>;
  request<R>(method: string, params: unknown): Promise<R>;
  request(method: string | RequestType<unknown, unknown, void>, params: unknown): Promise<unknown> {
    return this.connection.sendRequest(typeof method === 'string' ? method : method.method, params);
  }

  async changeSettings(settings: SettingsByUri): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  /** Resolves once `condition` holds, re-checked whenever the server sends something; rejects after `timeoutMs`. */
  waitFor(description: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${description}; stderr: ${this.stderr()}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.kill();
    }
  }

  /**
   * Sends what `send` sends while the server is stopped (SIGSTOP), and lets it go on once all of it
   * is in the pipe (or, when the pipe has no room for it, after a bounded wait): the server then
   * reads the messages together, as it would if they had arrived while it was busy. Returns what
   * `send` returned (the answers' promises).
   */
  async whileStopped<T>(send: () => T): Promise<T> {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error('the server has no process id');
    // What was written before (a 1 MB didOpen) must be in the pipe first.
    await this.writer.flushed();
    process.kill(pid, 'SIGSTOP');
    try {
      // The signal takes effect when the process next enters the kernel's scheduler; /proc says when.
      while (processState(pid) !== 'T') await nextTurn();
      const sent = send();
      // Messages that do not fit in what the pipe has free would wait for a server that cannot read
      // them, for ever: after a bounded number of turns the server goes on regardless.
      await Promise.race([this.writer.flushed(), turns(stoppedWriteTurns)]);
      return sent;
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  }

  /** Sends the server process a signal. */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Bytes on the server's input as they are, outside the JSON-RPC connection. */
  writeRaw(text: string): void {
    this.child.stdin.write(text);
  }

  /**
   * Closes the server's input, as a client that goes away does, once what the client has written
   * is in the pipe: after a turn, as the connection hands the writer an answer to a request of the
   * server's only after the handler has returned.
   */
  async closeInput(): Promise<void> {
    await nextTurn();
    await this.writer.flushed();
    this.writer.close();
  }

  kill(): void {
    this.connection.dispose();
    this.child.kill();
  }

  private notifyWaiters(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
