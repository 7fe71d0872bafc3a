/**
 * A language server under benchmark: a child process driven over stdio by a JSON-RPC client that
 * announces what VS Code announces and answers what VS Code answers, and that reads the process's
 * CPU time and resident memory from /proc, from outside, the same way for every server.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  CompletionItemKind,
  Diagnostic,
  DocumentDiagnosticReport,
  InitializeResult,
  PublishDiagnosticsParams,
  Range,
  SymbolKind,
} from 'vscode-languageserver';

export const repoRoot = path.resolve(__dirname, '..');

export interface ServerCommand {
  readonly name: string;
  readonly argv: readonly string[];
}

/** Ours as shipped: the minified bundle `bench/run.mjs` builds into out/bench/dist. */
export const ours: ServerCommand = { name: 'ours', argv: [process.execPath, path.join(repoRoot, 'out', 'bench', 'dist', 'server.js'), '--stdio'] };

/** dockerfile-language-server-nodejs 0.15.0, the server inside Microsoft's Container Tools. */
export const anchor: ServerCommand = {
  name: 'anchor',
  argv: [process.execPath, path.join(repoRoot, 'node_modules', 'dockerfile-language-server-nodejs', 'lib', 'server.js'), '--stdio'],
};

/**
 * What the extension's client, vscode-languageclient 11 in VS Code, announces for the requests
 * the benchmarks send, copied from its computeClientCapabilities() and its features'
 * fillClientCapabilities(): LSP 3.17, so pulled diagnostics where the server offers them (ours;
 * the anchor only pushes), hierarchical symbols, line-only folding, and semantic tokens, which a
 * server only provides when the client asks. Capabilities for requests the benchmarks never send
 * are left out.
 */
export const vscodeCapabilities: ClientCapabilities = {
  workspace: {
    applyEdit: true,
    workspaceEdit: {
      documentChanges: true,
      resourceOperations: ['create', 'rename', 'delete'],
      failureHandling: 'textOnlyTransactional',
      normalizesLineEndings: true,
      changeAnnotationSupport: { groupsOnLabel: true },
    },
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    semanticTokens: { refreshSupport: true },
    diagnostics: { refreshSupport: true },
    foldingRange: { refreshSupport: true },
  },
  general: {
    staleRequestSupport: { cancel: true, retryOnContentModified: ['textDocument/semanticTokens/full', 'textDocument/semanticTokens/range', 'textDocument/semanticTokens/full/delta'] },
    regularExpressions: { engine: 'ECMAScript', version: 'ES2020' },
    markdown: { parser: 'marked', version: '1.1.0' },
    positionEncodings: ['utf-16'],
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
    completion: {
      dynamicRegistration: true,
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        deprecatedSupport: true,
        preselectSupport: true,
        tagSupport: { valueSet: [1] },
        insertReplaceSupport: true,
        resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
        insertTextModeSupport: { valueSet: [1, 2] },
        labelDetailsSupport: true,
      },
      insertTextMode: 2,
      // Every CompletionItemKind: Text (1) to TypeParameter (25).
      completionItemKind: { valueSet: Array.from({ length: 25 }, (_, index) => (index + 1) as CompletionItemKind) },
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: {
      dynamicRegistration: true,
      // Every SymbolKind: File (1) to TypeParameter (26).
      symbolKind: { valueSet: Array.from({ length: 26 }, (_, index) => (index + 1) as SymbolKind) },
      hierarchicalDocumentSymbolSupport: true,
      tagSupport: { valueSet: [1] },
      labelSupport: true,
    },
    foldingRange: {
      dynamicRegistration: true,
      rangeLimit: 5000,
      lineFoldingOnly: true,
      foldingRangeKind: { valueSet: ['comment', 'imports', 'region'] },
      foldingRange: { collapsedText: false },
    },
    diagnostic: {
      dynamicRegistration: true,
      relatedDocumentSupport: false,
      relatedInformation: true,
      tagSupport: { valueSet: [1, 2] },
      codeDescriptionSupport: true,
      dataSupport: true,
      markupMessageSupport: false,
    },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit', 'command'] },
      codeActionLiteralSupport: {
        codeActionKind: {
          valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.move', 'refactor.rewrite', 'source', 'source.organizeImports', 'notebook'],
        },
      },
      honorsChangeAnnotations: true,
      documentationSupport: true,
    },
    semanticTokens: {
      dynamicRegistration: true,
      tokenTypes: [
        'namespace', 'type', 'class', 'enum', 'interface', 'struct', 'typeParameter', 'parameter', 'variable', 'property', 'enumMember',
        'event', 'function', 'method', 'macro', 'keyword', 'modifier', 'comment', 'string', 'number', 'regexp', 'operator', 'decorator', 'label',
      ],
      tokenModifiers: ['declaration', 'definition', 'readonly', 'static', 'deprecated', 'abstract', 'async', 'modification', 'documentation', 'defaultLibrary'],
      formats: ['relative'],
      requests: { range: true, full: { delta: true } },
      multilineTokenSupport: false,
      overlappingTokenSupport: false,
      serverCancelSupport: true,
      augmentsSyntaxTokens: true,
    },
    publishDiagnostics: { relatedInformation: true, versionSupport: false, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
  },
};

/** `_SC_CLK_TCK`: the unit of utime and stime in /proc/<pid>/stat; 100 on Linux for decades. */
const clockTicksPerSecond = 100;

export interface Timed<T> {
  readonly result: T;
  readonly ms: number;
}

/** A document's pull in flight, and whether a change or a refresh asked for a new one meanwhile. */
interface PullState {
  again: boolean;
  readonly cancellation: CancellationTokenSource;
}

export class BenchServer {
  /**
   * The diagnostics the client has, per URI: how many times they were delivered (pushed, or
   * pulled as vscode-languageclient 11 pulls them), and the document version the last delivery
   * is for, when known.
   */
  readonly published = new Map<string, { readonly count: number; readonly version?: number; readonly diagnostics: readonly Diagnostic[]; readonly resultId?: string }>();
  private readonly waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  private readonly pulling = new Map<string, PullState>();
  private stderrText = '';
  private exited = false;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly connection: MessageConnection,
    readonly initializeResult: InitializeResult,
    /** From spawning the process to the `initialize` result: what a user waits for after opening a Dockerfile. */
    readonly coldStartMs: number,
  ) {}

  /** `workspaceFolder`: a folder on disk opened as the workspace; none by default. */
  static async start(command: ServerCommand, capabilities: ClientCapabilities = vscodeCapabilities, workspaceFolder?: string): Promise<BenchServer> {
    const [executable, ...args] = command.argv;
    const started = process.hrtime.bigint();
    const child = spawn(executable, args, { cwd: repoRoot });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // No settings: each server uses its defaults, as in a fresh VS Code.
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    // The client pulls every open document again when the server says their diagnostics changed.
    let refresh = (): void => undefined;
    connection.onRequest('workspace/diagnostic/refresh', () => {
      refresh();
      return null;
    });
    connection.onRequest(() => null);
    const pushed: PublishDiagnosticsParams[] = [];
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      pushed.push(params);
    });
    connection.onNotification(() => undefined);
    connection.listen();
    const result = await connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: workspaceFolder === undefined ? null : pathToFileURL(workspaceFolder).href,
      workspaceFolders: workspaceFolder === undefined ? null : [{ uri: pathToFileURL(workspaceFolder).href, name: path.basename(workspaceFolder) }],
      capabilities,
      initializationOptions: { workspaceTrusted: true },
    });
    const coldStartMs = elapsedMs(started);
    await connection.sendNotification('initialized', {});
    const server = new BenchServer(command.name, child, connection, result, coldStartMs);
    server.stderrText = stderr;
    child.stderr.on('data', (chunk: Buffer) => (server.stderrText += chunk.toString()));
    child.on('exit', () => {
      server.exited = true;
      server.notifyWaiters();
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => server.receive(params));
    for (const params of pushed) server.receive(params);
    refresh = () => {
      for (const uri of server.versions.keys()) server.pull(uri);
    };
    return server;
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} has no process id`);
    return this.child.pid;
  }

  /** CPU time the process has used so far, all threads, user and system. */
  cpuMs(): number {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces; the fields after it are space-separated.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / clockTicksPerSecond;
  }

  /** Resident set size in KiB. */
  residentKiB(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    if (!match) throw new Error(`no VmRSS for ${this.name}`);
    return Number(match[1]);
  }

  stderr(): string {
    return this.stderrText;
  }

  /** Whether the server offers pulled diagnostics, which vscode-languageclient 11 then uses instead of pushes. */
  get pullsDiagnostics(): boolean {
    return this.initializeResult.capabilities.diagnosticProvider !== undefined;
  }

  /** Opens a document; a pulling client asks for its diagnostics right after, as VS Code's does for a visible one. */
  async open(uri: string, text: string, version = 1): Promise<void> {
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text } });
    this.pull(uri);
  }

  /** Closes a document, as the editor does when its tab is closed: the server lets go of what it held for it. */
  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** A change; a pulling client asks for the diagnostics again right after it (the client's default, `onChange`). */
  async change(uri: string, version: number, range: Range, text: string): Promise<void> {
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    this.pull(uri);
  }

  async request<R>(method: string, params: unknown): Promise<Timed<R>> {
    const started = process.hrtime.bigint();
    const result = await this.connection.sendRequest<R>(method, params);
    return { result, ms: elapsedMs(started) };
  }

  /** Resolves once `condition` holds, checked whenever the server pushes diagnostics; fails after `timeoutMs` or if the server exits. */
  waitFor(description: string, condition: () => boolean, timeoutMs = 120_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`${this.name}: timed out waiting for ${description}; stderr: ${this.stderrText}`)), timeoutMs);
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (error) reject(error);
        else resolve();
      };
      const check = () => {
        if (condition()) finish();
        else if (this.exited) finish(new Error(`${this.name} exited while waiting for ${description}; stderr: ${this.stderrText}`));
      };
      this.waiters.add(check);
    });
  }

  deliveries(uri: string): number {
    return this.published.get(uri)?.count ?? 0;
  }

  async stop(): Promise<void> {
    try {
      if (!this.exited) {
        const exited = new Promise((resolve) => this.child.once('exit', resolve));
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
        // A server exits on its own after `exit`; give it the time to (profilers write on exit).
        await Promise.race([exited, delay(2000)]);
      }
    } finally {
      this.connection.dispose();
      this.child.kill();
    }
  }

  /**
   * One `textDocument/diagnostic` per document at a time, as the client's requestor sends them: a
   * change or refresh while one is in flight cancels it and pulls again once it has returned.
   */
  private pull(uri: string): void {
    if (!this.pullsDiagnostics || this.exited) return;
    const inFlight = this.pulling.get(uri);
    if (inFlight) {
      if (!inFlight.again) inFlight.cancellation.cancel();
      inFlight.again = true;
      return;
    }
    const state: PullState = { again: false, cancellation: new CancellationTokenSource() };
    this.pulling.set(uri, state);
    const version = this.versions.get(uri);
    const previous = this.published.get(uri);
    this.connection
      .sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: previous?.resultId }, state.cancellation.token)
      .then(
        (report) => {
          const diagnostics = report.kind === 'full' ? report.items : [...(previous?.diagnostics ?? [])];
          this.receive({ uri, version, diagnostics }, report.resultId);
        },
        // A cancelled pull is pulled again below; a server that exits fails its pending requests, which the waiters report.
        () => undefined,
      )
      .finally(() => {
        this.pulling.delete(uri);
        state.cancellation.dispose();
        if (state.again) this.pull(uri);
      });
  }

  private receive(params: PublishDiagnosticsParams, resultId?: string): void {
    this.published.set(params.uri, { count: this.deliveries(params.uri) + 1, version: params.version, diagnostics: params.diagnostics, resultId });
    this.notifyWaiters();
  }

  private notifyWaiters(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

export function elapsedMs(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
