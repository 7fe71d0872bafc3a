import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  configurationSection,
  languageId,
  serverName,
  watchedConfigFiles,
  type InitializationOptions,
} from '../../server/src/protocol';
import { registerConvertCommand } from './convertCommand';
import { registerStageGraph } from './graphPanel';

/**
 * How long the server has to answer `shutdown` and `exit` before it is killed: a server stuck in a
 * loop never answers, and Restart Language Server is what the user reaches for then.
 */
const stopTimeoutMs = 2_000;

/**
 * Starts another server module in place of the bundled one: for the integration tests, which
 * need a server that misbehaves. Read from the extension host's environment, which only whoever
 * starts VS Code sets, never from a setting a workspace could carry.
 */
const serverModuleVariable = 'DOCKERFILE_STAGES_SERVER_MODULE';

let running: { readonly client: LanguageClient; readonly log: vscode.LogOutputChannel } | undefined;
let restarting: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(serverName, { log: true });
  context.subscriptions.push(log);

  const serverModule = process.env[serverModuleVariable] || context.asAbsolutePath(path.join('dist', 'server.js'));
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
    synchronize: { configurationSection, fileEvents: vscode.workspace.createFileSystemWatcher(watchedConfigFiles) },
    // Read at each start, so a restart after a trust grant tells the server.
    initializationOptions: (): InitializationOptions => ({ workspaceTrusted: vscode.workspace.isTrusted }),
  };
  const started = new LanguageClient('dockerfileStages', serverName, serverOptions, clientOptions);
  running = { client: started, log };

  const restart = (): Promise<void> => {
    // A second restart waits for the first rather than stopping a half-started server.
    restarting = restarting.then(async () => {
      await stopServer(started, log);
      await started.start();
    });
    return restarting;
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('dockerfileStages.restartServer', () => {
      log.info('Restarting the language server');
      return restart();
    }),
  );
  context.subscriptions.push(registerStageGraph(context, started));
  context.subscriptions.push(registerConvertCommand(started));
  // Trust changes what the server may read (.hadolint.yaml): start it again with the new state.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => restart()));
  // Activation returns without waiting for the server: VS Code counts an activate() promise in the
  // activation time, and the server's start-up would triple it. The language features appear once
  // the server has answered initialize; requests sent before (graph, conversion) wait for that.
  started.start().catch((error: unknown) => log.error(`The language server did not start: ${describe(error)}`));
}

/**
 * Stops the server, killing it when it does not answer in time. The client would kill it later
 * on its own, but the old connection's close would then land on the restarted client, which
 * takes it for a crash of the new server; so the old process is gone before anything starts.
 */
async function stopServer(languageClient: LanguageClient, log: vscode.LogOutputChannel): Promise<void> {
  const serverProcess = languageClient.serverProcess;
  if (!languageClient.needsStop()) return;
  try {
    await languageClient.stop(stopTimeoutMs);
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

export async function deactivate(): Promise<void> {
  const stopping = running;
  running = undefined;
  if (!stopping) return;
  await restarting.catch(() => undefined);
  await stopServer(stopping.client, stopping.log);
}
