import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './poll';
import { codes, serverPid } from './server';

describe('crash recovery', () => {
  it('restarts a killed language server, which publishes the open document\'s diagnostics again and follows new edits', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'dockerfile',
      content: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\n\nFROM alpine:3.20\nCOPY --from=biuld /out/app /app\n',
    });
    await vscode.window.showTextDocument(document);
    await waitFor('UndefinedStage on the open document', () => (codes(document.uri).includes('UndefinedStage') ? true : undefined));
    const first = await waitFor('the language server process', serverPid);

    const republished: string[][] = [];
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((uri) => uri.toString() === document.uri.toString())) republished.push(codes(document.uri));
    });
    try {
      process.kill(first, 'SIGKILL');
      const second = await waitFor('a new language server process', () => {
        const pid = serverPid();
        return pid !== undefined && pid !== first ? pid : undefined;
      });
      assert.notEqual(second, first);
      // Only the new server can have sent these: the old one is dead.
      await waitFor('the open document\'s diagnostics from the new server', () => (republished.some((sent) => sent.includes('UndefinedStage')) ? true : undefined));

      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(document.lineCount - 1, 0), 'COPY --from=build / /\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor('a diagnostic for the edit, from the new server', () => (codes(document.uri).includes('CopyWholeFilesystem') ? true : undefined));
    } finally {
      listener.dispose();
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
