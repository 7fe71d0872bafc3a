import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StartedClient } from './languageClient';
import { serverName } from '../../server/src/protocol';
import { registerConvertCommand } from './convertCommand';
import { registerStageGraph } from './graphPanel';
import { registerStageTaskCommands } from './stageTasks';

/** dist/languageClient.js, bundled from languageClient.ts. */
type LanguageClientModule = typeof import('./languageClient');

/**
 * Starts another server module in place of the bundled one: for the integration tests, which
 * need a server that misbehaves. Read from the extension host's environment, which only whoever
 * starts VS Code sets, never from a setting a workspace could carry.
 */
const serverModuleVariable = 'DOCKERFILE_STAGES_SERVER_MODULE';

let running: { readonly started: Promise<StartedClient>; readonly module: Promise<LanguageClientModule>; readonly log: vscode.LogOutputChannel } | undefined;
let restarting: Promise<void> = Promise.resolve();

/**
 * Activation registers the commands and returns; the language client (most of the extension's
 * code) is loaded and started on the next turn, outside what VS Code counts as activation, and the
 * server's start-up is not waited for at all. The language features appear once the server has
 * answered initialize; the graph and conversion wait for the client.
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(serverName, { log: true });
  context.subscriptions.push(log);
  const module = new Promise<LanguageClientModule>((resolve) =>
    setImmediate(() => resolve(createRequire(__filename)(path.join(__dirname, 'languageClient.js')) as LanguageClientModule)),
  );
  const serverModule = process.env[serverModuleVariable] || context.asAbsolutePath(path.join('dist', 'server.js'));
  const started = module.then((loaded) => loaded.startLanguageClient(serverModule, log));
  running = { started, module, log };

  const restart = (): Promise<void> => {
    // A second restart waits for the first rather than stopping a half-started server.
    restarting = restarting.then(async () => (await module).restartLanguageClient((await started).client, log));
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
  context.subscriptions.push(registerStageTaskCommands());
  // Trust changes what the server may read (.hadolint.yaml): start it again with the new state.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => restart()));
}

export async function deactivate(): Promise<void> {
  const stopping = running;
  running = undefined;
  if (!stopping) return;
  await restarting.catch(() => undefined);
  await (await stopping.module).stopLanguageClient((await stopping.started).client, stopping.log);
}
