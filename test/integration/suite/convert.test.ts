import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openWorkspaceFile } from './workspace';
import { waitFor } from './poll';

const refactorKind = 'refactor.rewrite.dockerfileStages.multiStage';

function assertStages(document: vscode.TextDocument): void {
  const text = document.getText();
  assert.match(text, /^FROM golang:1\.22 AS build$/m, 'a build stage on the original image');
  assert.match(text, /^FROM gcr\.io\/distroless\/static-debian12:nonroot AS runtime$/m, 'a runtime stage');
  assert.match(text, /^COPY --from=build \/usr\/local\/bin\/app \/usr\/local\/bin\/app$/m);
  assert.match(text.slice(text.indexOf('AS runtime')), /EXPOSE 8080\nCMD \["app"\]\n$/, 'the runtime metadata ends the file');
}

describe('convert to multi-stage in VS Code', () => {
  it('lists the conversion as a refactor on the FROM line, and applying it leaves a build and a runtime stage', async () => {
    const document = await openWorkspaceFile('Dockerfile.convert');
    const refactor = await waitFor('the conversion refactor', async () => {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        new vscode.Range(0, 2, 0, 2),
        refactorKind,
      );
      return actions.find((action): action is vscode.CodeAction => 'kind' in action && action.kind?.value === refactorKind);
    });
    assert.match(refactor.title, /^Convert to a multi-stage build \(Go: build on golang:1\.22, run on gcr\.io\/distroless\/static-debian12:nonroot\)$/);
    assert.ok(refactor.edit);
    try {
      assert.ok(await vscode.workspace.applyEdit(refactor.edit));
      assertStages(document);
      await waitFor('SingleStageBuild to go away', () =>
        vscode.languages.getDiagnostics(document.uri).some((diagnostic) => diagnostic.source === 'dockerfile-stages' && String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code) === 'SingleStageBuild')
          ? undefined
          : true,
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('the command converts the active Dockerfile', async () => {
    const document = await openWorkspaceFile('Dockerfile.convert');
    const original = document.getText();
    try {
      await waitFor('the language server to convert', async () => {
        await vscode.commands.executeCommand('dockerfileStages.convertToMultiStage');
        return document.getText() === original ? undefined : true;
      });
      assertStages(document);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
