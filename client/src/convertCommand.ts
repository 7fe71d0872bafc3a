/**
 * The "Convert to Multi-Stage Build" command: asks the language server for the conversion of a
 * Dockerfile (the same one the quick fix and the refactor apply) and applies it as one edit,
 * which the user can undo, or says why the file is left as it is.
 */
import * as vscode from 'vscode';
import { languageId } from '../../server/src/protocol';
import { convertCommand, type ConvertParams } from '../../server/src/protocol/convert';
import type { StartedClient } from './languageClient';

/** The Dockerfile to convert: the one the command was invoked on (explorer, editor title), else the active editor's. */
async function targetDocument(resource: unknown): Promise<vscode.TextDocument | undefined> {
  if (resource instanceof vscode.Uri) return vscode.workspace.openTextDocument(resource);
  const active = vscode.window.activeTextEditor?.document;
  return active?.languageId === languageId ? active : undefined;
}

export function registerConvertCommand(started: Promise<StartedClient>): vscode.Disposable {
  return vscode.commands.registerCommand(convertCommand, async (resource?: unknown) => {
    const { client, requests } = await started;
    const document = await targetDocument(resource);
    if (!document) {
      void vscode.window.showInformationMessage('Open a Dockerfile to convert it to a multi-stage build.');
      return;
    }
    const params: ConvertParams = { textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) }, text: document.getText() };
    const result = await client.sendRequest(requests.convertRequest, params);
    if (!result) return;
    if (result.kind === 'declined') {
      void vscode.window.showInformationMessage(result.reason);
      return;
    }
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
    if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: true }))) {
      void vscode.window.showWarningMessage('The Dockerfile changed while it was being converted; run the command again.');
    }
  });
}
