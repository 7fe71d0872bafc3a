import assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** A file of test/integration/workspace, the folder every suite runs with. */
export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with test/integration/workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a workspace file in the active editor, as a user would before hovering or fixing. */
export async function openWorkspaceFile(name: string, options?: vscode.TextDocumentShowOptions): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(document, options);
  return document;
}
