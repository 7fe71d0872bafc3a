import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './poll';

const command = 'dockerfileStages.showStageGraph';
const viewType = 'dockerfileStages.stageGraph';

async function openWorkspaceFile(name: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with test/integration/workspace open');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

/** Tabs of our webview panel; VS Code prefixes the view type it reports. */
function graphTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(viewType));
}

describe('stage graph panel in VS Code', () => {
  after(async () => {
    await vscode.window.tabGroups.close(graphTabs());
  });

  it('is offered in the command palette and on the editor title of Dockerfiles', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes(command));
    const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON?.name === 'dockerfile-stages');
    assert.ok(extension, 'the extension under test is loaded');
    const menus = extension.packageJSON.contributes.menus['editor/title'] as { command: string; when: string }[];
    assert.ok(menus.some((entry) => entry.command === command && entry.when === 'editorLangId == dockerfile'));
  });

  it('opens beside the Dockerfile, titled after it, and follows the active Dockerfile', async () => {
    await openWorkspaceFile('Dockerfile.stages');
    await vscode.commands.executeCommand(command);
    const tab = await waitFor('the stage graph tab', () => graphTabs()[0]);
    assert.equal(tab.label, 'Stage Graph: Dockerfile.stages');
    assert.notEqual(tab.group.viewColumn, vscode.ViewColumn.One, 'beside the editor, not in its place');

    await openWorkspaceFile('Dockerfile');
    await waitFor('the panel to follow the active Dockerfile', () => (graphTabs()[0]?.label === 'Stage Graph: Dockerfile' ? true : undefined));

    await vscode.commands.executeCommand(command);
    assert.equal(graphTabs().length, 1, 'running the command again reuses the panel');
  });
});
