import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { ignoreShutdownMarker } from '../servers/marker';
import { waitFor } from './poll';
import { codes, isRunning, serverPid } from './server';

describe('restart', () => {
  it('Restart Language Server replaces a server that never answers shutdown with a new process, which works', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: 'FROM alpine:3.20 AS base\nCOPY --from=bsae / /\n' });
    await vscode.window.showTextDocument(document);
    await waitFor('UndefinedStage on the open document', () => (codes(document.uri).includes('UndefinedStage') ? true : undefined));
    const hung = await waitFor('the language server process', serverPid);
    const marker = ignoreShutdownMarker(process.pid);
    writeFileSync(marker, '');
    try {
      await vscode.commands.executeCommand('dockerfileStages.restartServer');
      rmSync(marker);
      const restarted = await waitFor('a new language server process', () => {
        const pid = serverPid();
        return pid !== undefined && pid !== hung ? pid : undefined;
      });
      assert.notEqual(restarted, hung);
      assert.equal(isRunning(hung), false, 'the server that ignored shutdown was killed');

      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(document.lineCount - 1, 0), 'COPY --from=base / /\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor('a diagnostic for the edit, from the new server', () => (codes(document.uri).includes('CopyWholeFilesystem') ? true : undefined));
    } finally {
      rmSync(marker, { force: true });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
