// The README's screenshots: the stage graph panel as a user gets it, beside the editor with the
// Problems panel open, in VS Code's light and dark themes. The harness around the workbench
// (test/host/panel-screenshot.mjs) takes them when asked, and measures the panel while it does:
// at this size no stage may sit behind the panel's legend or toolbar. It reports an error when the
// screenshot's own pixels do not show the theme asked for.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './poll';

/** Must match test/host/panel-screenshot.mjs. */
const screenshotMarker = 'dockerfile-stages screenshot:';

interface PanelReport {
  readonly error?: string;
  readonly image: string;
  readonly panel: { readonly width: number; readonly height: number };
  readonly nodes: number;
  readonly hiddenNodes: number;
  readonly nodesOutOfView: number;
  readonly toolbarOnOneRow: boolean;
}

function extensionPath(): string {
  const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON?.name === 'dockerfile-stages');
  assert.ok(extension, 'the extension under test is loaded');
  return extension.extensionPath;
}

const themes = [
  { theme: 'Default Light Modern', bodyClass: 'vscode-light', workbenchClass: 'vs', name: 'side-panel-light.png' },
  { theme: 'Default Dark Modern', bodyClass: 'vscode-dark', workbenchClass: 'vs-dark', name: 'side-panel-dark.png' },
] as const;

describe('README screenshots of the stage graph side panel', () => {
  const resultsDir = process.env.INTEGRATION_RESULTS_DIR ?? path.join(extensionPath(), 'test-results', 'integration');
  const workbench = vscode.workspace.getConfiguration('workbench');
  let themeBefore: string | undefined;

  before(async () => {
    mkdirSync(resultsDir, { recursive: true });
    themeBefore = workbench.get<string>('colorTheme');
    // Only the example and its graph: what earlier suites left open goes, unsaved changes dropped.
    for (const open of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty)) {
      await vscode.window.showTextDocument(open);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(extensionPath(), 'examples', 'multi-stage-web', 'Dockerfile')));
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('dockerfileStages.showStageGraph');
    // A panel at ordinary size: the Problems panel open below, the Explorer beside.
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  });

  after(async () => {
    await workbench.update('colorTheme', themeBefore, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  for (const { theme, bodyClass, workbenchClass, name } of themes) {
    it(`${theme}: no stage is hidden by the legend or toolbar, and the screenshot is taken`, async () => {
      await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      const report = path.join(resultsDir, `${name}.json`);
      rmSync(report, { force: true });
      console.log(`${screenshotMarker}${JSON.stringify({ name, report, bodyClass, workbenchClass })}`);
      const measured = await waitFor(`the harness to take ${name}`, () => (existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as PanelReport) : undefined), 60_000);
      assert.equal(measured.error, undefined);
      assert.ok(measured.panel.width < 700 && measured.panel.height < 600, `a side panel, not a page (${measured.panel.width} x ${measured.panel.height})`);
      assert.equal(measured.nodes, 5, 'deps, build, runtime and the two images are drawn');
      assert.equal(measured.hiddenNodes, 0, 'no stage behind the legend or toolbar');
      assert.equal(measured.nodesOutOfView, 0, 'the whole graph is in view');
      assert.equal(measured.toolbarOnOneRow, true);
      assert.ok(existsSync(measured.image), measured.image);
    });
  }
});
