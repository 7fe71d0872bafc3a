// Restricted Mode in a real VS Code: runTest.ts opens restricted/workspace with workspace trust on,
// and nothing has trusted it, so VS Code runs it in Restricted Mode. The folder's
// .vscode/settings.json turns FromAsCasing off and keepValidatorChecks on (which replaces
// ConsistentInstructionCasing), and its .hadolint.yaml ignores DL3006 (UnpinnedBaseImage); its
// Dockerfile has all three findings on line 1.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configurationSection } from '../../../server/src/protocol';
import { openWorkspaceFile } from '../suite/workspace';
import { waitFor } from '../suite/poll';
import { ruleDiagnostic } from '../suite/diagnostics';

/** test/host/workspace-trust.mjs reads this line from the forwarded console and acts in the workbench. */
const workspaceTrustMarker = 'dockerfile-stages workspace trust:';
const fromLine = 0;
const finalStageLine = 3;
const maintainerLine = 4;

/**
 * Asks the harness, which drives the page, to act as the user: `trust` clicks Restricted Mode in
 * the status bar and Trust in the editor it opens; `drawnStages` reads the stage graph's webview.
 */
async function askHarness<T>(action: 'trust' | 'drawnStages'): Promise<T> {
  const resultsDir = process.env.INTEGRATION_RESULTS_DIR;
  assert.ok(resultsDir, 'runTest.ts sets INTEGRATION_RESULTS_DIR');
  mkdirSync(resultsDir, { recursive: true });
  const reply = path.join(resultsDir, `${action}.json`);
  rmSync(reply, { force: true });
  console.log(`${workspaceTrustMarker}${JSON.stringify({ action, reply })}`);
  const answer = await waitFor(`the harness to ${action}`, () => (existsSync(reply) ? (JSON.parse(readFileSync(reply, 'utf8')) as T & { error?: string }) : undefined), 60_000);
  assert.equal(answer.error, undefined, answer.error);
  return answer;
}

async function stageLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
  return lenses.filter((lens) => lens.command?.title === 'Build stage' || lens.command?.title === 'Run stage');
}

function shown(document: vscode.TextDocument): string {
  return vscode.languages
    .getDiagnostics(document.uri)
    .map((diagnostic) => `${diagnostic.range.start.line}: ${String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code)}`)
    .join(', ');
}

/** Waits until `code` is reported on `line` (`present`) or no longer is. */
async function waitForFinding(document: vscode.TextDocument, code: string, line: number, present: boolean): Promise<void> {
  await waitFor(`${code} on line ${line + 1} to be ${present ? 'reported' : 'gone'}`, () =>
    (ruleDiagnostic(document.uri, code, line) !== undefined) === present ? true : undefined,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; shown: ${shown(document)}`);
  });
}

describe('Restricted Mode in VS Code', () => {
  let dockerfile: vscode.TextDocument;
  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the folder opens in Restricted Mode');
    dockerfile = await openWorkspaceFile('Dockerfile', { preview: false });
  });

  it('ignores the workspace settings that change findings and .hadolint.yaml: the findings still show', async () => {
    const settings = vscode.workspace.getConfiguration(configurationSection, dockerfile.uri);
    assert.equal(settings.get('rules.FromAsCasing'), 'warning', 'VS Code hands the extension the default, not the workspace value');
    assert.equal(settings.get('keepValidatorChecks'), false);
    assert.equal(settings.get('graph.direction'), 'LR', 'a setting that changes no finding still comes from the workspace');
    await waitForFinding(dockerfile, 'FromAsCasing', fromLine, true);
    await waitForFinding(dockerfile, 'ConsistentInstructionCasing', fromLine, true);
    await waitForFinding(dockerfile, 'UnpinnedBaseImage', fromLine, true);
  });

  it('applies user settings', async () => {
    await waitForFinding(dockerfile, 'RootUserInFinalStage', finalStageLine, true);
    await vscode.workspace.getConfiguration(configurationSection).update('rules.RootUserInFinalStage', 'off', vscode.ConfigurationTarget.Global);
    await waitForFinding(dockerfile, 'RootUserInFinalStage', finalStageLine, false);
  });

  it('offers no stage code lenses, which would run docker', async () => {
    assert.deepEqual(await stageLenses(dockerfile), []);
  });

  it('still hovers and draws the stage graph', async () => {
    const position = dockerfile.positionAt(dockerfile.getText().indexOf('--from=build') + '--from='.length + 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', dockerfile.uri, position);
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.ok(text.includes('**Stage** `build`') && text.includes('Base image: `alpine`'), text);

    await vscode.commands.executeCommand('dockerfileStages.showStageGraph');
    const { stages } = await askHarness<{ stages: string[] }>('drawnStages');
    assert.equal(stages.length, 2, `the graph draws the file's two stages; got ${stages.join(', ')}`);
    await vscode.window.showTextDocument(dockerfile);
  });

  it('once trusted through the UI, applies the workspace settings and .hadolint.yaml and offers the lenses, without a reload', async () => {
    let subscription: vscode.Disposable | undefined;
    const granted = new Promise<void>((resolve) => {
      subscription = vscode.workspace.onDidGrantWorkspaceTrust(() => resolve());
    });
    await askHarness('trust');
    await granted;
    subscription?.dispose();
    assert.equal(vscode.workspace.isTrusted, true);
    // The workbench sends the extension host the configuration that trust unlocks after the trust event.
    await waitFor('the workspace setting to reach the extension', () =>
      vscode.workspace.getConfiguration(configurationSection, dockerfile.uri).get('rules.FromAsCasing') === 'off' ? true : undefined,
    );
    await waitForFinding(dockerfile, 'FromAsCasing', fromLine, false);
    await waitForFinding(dockerfile, 'ConsistentInstructionCasing', fromLine, false);
    await waitForFinding(dockerfile, 'UnpinnedBaseImage', fromLine, false);
    // What no setting touches is still reported, and the user's setting still applies.
    await waitForFinding(dockerfile, 'MaintainerDeprecated', maintainerLine, true);
    await waitForFinding(dockerfile, 'RootUserInFinalStage', finalStageLine, false);

    const lenses = await waitFor('the stage code lenses', async () => {
      const found = await stageLenses(dockerfile);
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(
      lenses.map((lens) => `${lens.range.start.line}: ${lens.command?.title}`),
      [`${fromLine}: Build stage`, `${fromLine}: Run stage`],
    );
    const folder = path.dirname(dockerfile.uri.fsPath);
    assert.equal(lenses[0]?.command?.tooltip, `docker build --target build -f ${dockerfile.uri.fsPath} -t dockerfile-stages/build:latest ${folder}`, 'the tooltip shows what the lens runs');
  });
});
