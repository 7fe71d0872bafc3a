/**
 * The language client: vscode-languageclient, started on the server module, and stopped with a
 * timeout. Bundled on its own (dist/languageClient.js) and loaded after activation, because
 * loading the library is most of what activating would otherwise cost.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { buildFilePatterns, configurationSection, languageId, serverName, watchedConfigFiles, type InitializationOptions } from '../../server/src/protocol';
import * as requests from '../../server/src/protocol/requests';
import { stageCodeLensesWanted } from './stageTasks';

/**
 * The client with the custom requests' objects. The objects come from this bundle because the
 * client checks them against its own copy of vscode-jsonrpc, which a copy in client.js is not.
 */
export interface StartedClient {
  readonly client: LanguageClient;
  readonly requests: typeof requests;
}

/**
 * How long the server has to answer `shutdown` and `exit` before it is killed: a server stuck in a
 * loop never answers, and Restart Language Server is what the user reaches for then.
 */
const stopTimeoutMs = 2_000;

/** Creates the client and starts it without waiting for the server; a failure to start is logged. */
export function startLanguageClient(serverModule: string, log: vscode.LogOutputChannel): StartedClient {
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: languageId, scheme: 'file' },
      { language: languageId, scheme: 'untitled' },
      { language: languageId, scheme: 'vscode-vfs' },
    ],
    outputChannel: log,
    traceOutputChannel: log,
    // Build files are watched so the server's index of the workspace's builds stays current; the
    // server asks for them as documents itself, for its build-file features only.
    synchronize: { configurationSection, fileEvents: [watchedConfigFiles, ...buildFilePatterns].map((glob) => vscode.workspace.createFileSystemWatcher(glob)) },
    // The stage code lenses run Docker: shown only where that is possible and allowed.
    middleware: { provideCodeLenses: (document, token, next) => (stageCodeLensesWanted() ? next(document, token) : []) },
    // Read at each start, so a restart after a trust grant tells the server.
    initializationOptions: (): InitializationOptions => ({ workspaceTrusted: vscode.workspace.isTrusted }),
  };
  const client = new LanguageClient('dockerfileStages', serverName, serverOptions, clientOptions);
  client.start().catch((error: unknown) => log.error(`The language server did not start: ${describe(error)}`));
  return { client, requests };
}

/** Stops the server and starts a new one. */
export async function restartLanguageClient(client: LanguageClient, log: vscode.LogOutputChannel): Promise<void> {
  await stopLanguageClient(client, log);
  await client.start();
}

/**
 * Stops the server, killing it when it does not answer in time. The client would kill it later
 * on its own, but the old connection's close would then land on the restarted client, which
 * takes it for a crash of the new server; so the old process is gone before anything starts.
 */
export async function stopLanguageClient(client: LanguageClient, log: vscode.LogOutputChannel): Promise<void> {
  const serverProcess = client.serverProcess;
  if (!client.needsStop()) return;
  try {
    await client.stop(stopTimeoutMs);
  } catch (error) {
    log.warn(`The language server did not shut down in time (${describe(error)}); stopping its process`);
  }
  if (serverProcess) await killed(serverProcess);
}

async function killed(serverProcess: ChildProcess): Promise<void> {
  if (serverProcess.exitCode !== null || serverProcess.signalCode !== null) return;
  const closed = once(serverProcess, 'close');
  serverProcess.kill('SIGKILL');
  await closed;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
