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

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(serverName, { log: true });
  context.subscriptions.push(log);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
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
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted } satisfies InitializationOptions,
  };
  client = new LanguageClient('dockerfileStages', serverName, serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand('dockerfileStages.restartServer', async () => {
      log.info('Restarting the language server');
      await client?.restart();
    }),
  );
  context.subscriptions.push(registerStageGraph(context, client));
  context.subscriptions.push(registerConvertCommand(client));
  // Trust changes what the server may read (.hadolint.yaml): start it again with the new state.
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      if (!client) return;
      client.clientOptions.initializationOptions = { workspaceTrusted: true } satisfies InitializationOptions;
      await client.restart();
    }),
  );
  // Activation returns without waiting for the server: VS Code counts an activate() promise in the
  // activation time, and the server's start-up would triple it. The language features appear once
  // the server has answered initialize; requests sent before (graph, conversion) wait in the client.
  client.start().catch((error: unknown) => log.error(`The language server did not start: ${error instanceof Error ? error.message : String(error)}`));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
