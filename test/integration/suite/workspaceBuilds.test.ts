import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openWorkspaceFile, workspaceFile } from './workspace';
import { waitFor } from './poll';
import { ruleDiagnostic } from './diagnostics';

// compose.yaml builds Dockerfile.builds' `debug` stage, and names `test` with a typo.
const testLine = 3;
const debugLine = 6;

/** Puts back the text on disk of every document the tests changed, which they never save. */
async function revert(documents: readonly vscode.TextDocument[]): Promise<void> {
  for (const document of documents) {
    if (!document.isDirty) continue;
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}

describe('workspace builds in VS Code', () => {
  let dockerfile: vscode.TextDocument;
  let compose: vscode.TextDocument;
  before(async () => {
    // Each in a tab of its own: VS Code pulls diagnostics for the documents in tabs, and a preview tab would be reused.
    dockerfile = await openWorkspaceFile('Dockerfile.builds', { preview: false });
    compose = await openWorkspaceFile('compose.yaml', { preview: false });
  });
  after(() => revert([dockerfile, compose]));

  // First, while no file is changed: VS Code saves changed files before it runs a task.
  it('offers Build stage on a stage, which runs docker build --target in a task in the build context', async () => {
    // Where the `docker` that .vscode/settings.json puts first on the terminals' PATH writes its call.
    const record = path.resolve(workspaceFile('.').fsPath, '../../../test-results/integration/recorded-docker-call.txt');
    rmSync(record, { force: true });
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', dockerfile.uri);
    const lens = lenses.find((each) => each.range.start.line === debugLine && each.command?.title === 'Build stage');
    assert.ok(lens?.command, `a Build stage lens on debug; got ${lenses.map((each) => `${each.range.start.line}: ${each.command?.title}`).join(', ')}`);
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    const call = await waitFor('the task to call docker', () => {
      const text = existsSync(record) ? readFileSync(record, 'utf8') : '';
      return text.endsWith('\n') ? text.trimEnd().split('\n') : undefined;
    });
    // compose.yaml builds debug with the context `.`: the workspace folder.
    const folder = path.dirname(dockerfile.uri.fsPath);
    assert.deepEqual(call, [folder, `build --target debug -f ${dockerfile.uri.fsPath} -t dockerfile-stages/debug:latest ${folder}`]);
  });

  it('counts the stage compose.yaml targets as built', async () => {
    // Without the workspace's builds `debug` would be unreachable like `test`, whose target has a typo.
    await waitFor('UnreachableStage on test only', () =>
      ruleDiagnostic(dockerfile.uri, 'UnreachableStage', testLine) && !ruleDiagnostic(dockerfile.uri, 'UnreachableStage', debugLine) ? true : undefined,
    ).catch((error: unknown) => {
      const shown = vscode.languages.getDiagnostics(dockerfile.uri).map((diagnostic) => `${diagnostic.range.start.line}: ${diagnostic.message}`);
      throw new Error(`${String(error)}; the diagnostics shown: ${shown.join(' | ')}`);
    });
  });

  it('diagnoses the target typo in compose.yaml and applies its did-you-mean quick fix', async () => {
    const diagnostic = await waitFor('UndefinedTarget in compose.yaml', () => ruleDiagnostic(compose.uri, 'UndefinedTarget'));
    assert.equal(compose.getText(diagnostic.range), 'tset');
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', compose.uri, diagnostic.range);
    const fix = actions.find((action): action is vscode.CodeAction => 'edit' in action && /'test'/.test(action.title));
    assert.ok(fix?.edit, `a did-you-mean fix is offered; got ${actions.map((action) => action.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(compose.lineAt(diagnostic.range.start.line).text, '      target: test');
    await waitFor('UndefinedTarget to go away', () => (ruleDiagnostic(compose.uri, 'UndefinedTarget') ? undefined : true));
    await waitFor('test to count as built', () => (ruleDiagnostic(dockerfile.uri, 'UnreachableStage', testLine) ? undefined : true));
  });

  it('renames a stage in compose.yaml too, in one edit', async () => {
    const position = new vscode.Position(testLine, 'FROM base AS te'.length);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', dockerfile.uri, position, 'check');
    assert.deepEqual(edit.entries().map(([uri]) => uri.path.split('/').pop()).sort(), ['Dockerfile.builds', 'compose.yaml']);

    // VS Code's API hands extensions the edit without its change annotations, so it applies at
    // once; the rename command shows the same edit in the refactor preview (test/server covers the annotations).
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(dockerfile.lineAt(testLine).text, 'FROM base AS check');
    assert.equal(compose.getText().match(/target: (\w+)/g)?.join(', '), 'target: debug, target: check');
    // The server reads the renamed target from the editor: it leads to the renamed stage.
    const target = new vscode.Position(compose.getText().split('\n').indexOf('      target: check'), '      target: ch'.length);
    await waitFor('go to definition from the renamed target', async () => {
      const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', compose.uri, target);
      const [found] = locations.map((location) => ('targetUri' in location ? location.targetRange : location.range));
      return found?.start.line === testLine ? true : undefined;
    });
  });
});
