import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openWorkspaceFile } from './workspace';
import { waitFor } from './poll';
import { ruleDiagnostic } from './diagnostics';

describe('stage rules in VS Code', () => {
  it('shows stage diagnostics: an undefined stage, and an unreachable stage faded as unnecessary', async () => {
    const document = await openWorkspaceFile('Dockerfile.stages');
    const undefinedStage = await waitFor('UndefinedStage', () => ruleDiagnostic(document.uri, 'UndefinedStage'));
    assert.equal(document.getText(undefinedStage.range), 'buidler');
    // The debug stage is unreachable (the builder too, while the typo hides the reference to it).
    const unreachable = await waitFor('UnreachableStage on the debug stage', () => ruleDiagnostic(document.uri, 'UnreachableStage', 5));
    assert.deepEqual(unreachable.tags, [vscode.DiagnosticTag.Unnecessary]);
    const code = undefinedStage.code;
    assert.ok(typeof code === 'object' && code.target.path.endsWith('/docs/rules/UndefinedStage.md'), 'the code links to the rule page');
  });

  it('applies the did-you-mean quick fix for an undefined stage', async () => {
    const document = await openWorkspaceFile('Dockerfile.stages');
    const diagnostic = await waitFor('UndefinedStage', () => ruleDiagnostic(document.uri, 'UndefinedStage'));
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      diagnostic.range,
    );
    const fix = actions.find((action): action is vscode.CodeAction => 'edit' in action && /builder/.test(action.title));
    assert.ok(fix?.edit, `a did-you-mean fix is offered; got ${actions.map((action) => action.title).join(', ')}`);
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(document.lineAt(9).text, 'COPY --from=builder /out/app /usr/local/bin/app');
      await waitFor('UndefinedStage to go away', () => (ruleDiagnostic(document.uri, 'UndefinedStage') ? undefined : true));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
