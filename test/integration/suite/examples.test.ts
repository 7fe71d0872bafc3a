import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './poll';

/** The repository's own examples, as a new user opens them (`npm start` opens examples/). */
function exampleUri(file: string): vscode.Uri {
  const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON?.name === 'dockerfile-stages');
  assert.ok(extension, 'the extension under test is loaded');
  return vscode.Uri.file(path.join(extension.extensionPath, 'examples', file));
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

describe('the examples in VS Code', () => {
  it("examples/typos: COPY --from=biuld gets did you mean 'build', and its quick fix corrects it", async () => {
    const document = await vscode.workspace.openTextDocument(exampleUri('typos/Dockerfile'));
    await vscode.window.showTextDocument(document);
    const find = () => vscode.languages.getDiagnostics(document.uri).find((diagnostic) => codeOf(diagnostic) === 'UndefinedStage');
    const diagnostic = await waitFor('UndefinedStage on --from=biuld', find);
    assert.equal(document.getText(diagnostic.range), 'biuld');
    assert.match(diagnostic.message, /Did you mean 'build'\?$/);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
    const fixes = actions.filter(
      (action): action is vscode.CodeAction => 'edit' in action && action.edit !== undefined && action.kind !== undefined && vscode.CodeActionKind.QuickFix.contains(action.kind),
    );
    assert.ok(fixes.length > 0, `a did-you-mean fix is offered; got ${actions.map((action) => action.title).join(', ')}`);
    assert.match(fixes[0].title, /'build'/, 'the best candidate comes first');
    try {
      assert.ok(await vscode.workspace.applyEdit(fixes[0].edit as vscode.WorkspaceEdit));
      assert.equal(document.lineAt(diagnostic.range.start.line).text, 'COPY --from=build /out/worker /usr/local/bin/worker');
      await waitFor('UndefinedStage to go away', () => (find() ? undefined : true));
    } finally {
      // The example stays as it is in the repository.
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(document.isDirty, false);
  });
});
