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
import { LanguageServer } from './languageServer';

let server: LanguageServer | undefined;

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
    // Read at each start, so a restart after a trust grant tells the server.
    initializationOptions: (): InitializationOptions => ({ workspaceTrusted: vscode.workspace.isTrusted }),
  };
  const started = new LanguageServer(new LanguageClient('dockerfileStages', serverName, serverOptions, clientOptions), log);
  server = started;

  context.subscriptions.push(
    vscode.commands.registerCommand('dockerfileStages.restartServer', () => {
      log.info('Restarting the language server');
      return started.restart();
    }),
  );
  context.subscriptions.push(registerStageGraph(context, started));
  context.subscriptions.push(registerConvertCommand(started));
  // Trust changes what the server may read (.hadolint.yaml): start it again with the new state.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => started.restart()));
  // Activation returns without waiting for the server: VS Code counts an activate() promise in the
  // activation time, and the server's start-up would triple it. The language features appear once
  // the server has answered initialize; requests sent before (graph, conversion) wait for that.
  started.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
