/**
 * The "Convert to Multi-Stage Build" command: asks the language server for the conversion of a
 * Dockerfile (the same one the quick fix and the refactor apply) and applies it as one edit,
 * which the user can undo, or says why the file is left as it is.
 */
import * as vscode from 'vscode';
import type { WorkspaceEdit } from 'vscode-languageclient';
import { languageId } from '../../server/src/protocol';
import { convertCommand, convertRequest, type ConvertParams } from '../../server/src/protocol/convert';
import type { LanguageServer } from './languageServer';

/** The Dockerfile to convert: the one the command was invoked on (explorer, editor title), else the active editor's. */
async function targetDocument(resource: unknown): Promise<vscode.TextDocument | undefined> {
  if (resource instanceof vscode.Uri) return vscode.workspace.openTextDocument(resource);
  const active = vscode.window.activeTextEditor?.document;
  return active?.languageId === languageId ? active : undefined;
}

export function registerConvertCommand(server: LanguageServer): vscode.Disposable {
  return vscode.commands.registerCommand(convertCommand, async (resource?: unknown) => {
    const document = await targetDocument(resource);
    if (!document) {
      void vscode.window.showInformationMessage('Open a Dockerfile to convert it to a multi-stage build.');
      return;
    }
    const params: ConvertParams = { textDocument: { uri: server.client.code2ProtocolConverter.asUri(document.uri) }, text: document.getText() };
    const result = await server.request(convertRequest, params);
    if (!result) return;
    if (result.kind === 'declined') {
      void vscode.window.showInformationMessage(result.reason);
      return;
    }
    // The protocol's edit type is LSP 3.18's, which allows snippet edits the 3.16 client cannot
    // convert; the conversion's edit is plain text edits under `changes`, which 3.16 has.
    const edit = server.client.protocol2CodeConverter.asWorkspaceEdit(result.edit as WorkspaceEdit);
    if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: true }))) {
      void vscode.window.showWarningMessage('The Dockerfile changed while it was being converted; run the command again.');
    }
  });
}
