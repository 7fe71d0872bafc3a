import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openWorkspaceFile } from './workspace';
import { waitFor } from './poll';

function positionOf(document: vscode.TextDocument, text: string, offset: number): vscode.Position {
  const index = document.getText().indexOf(text);
  assert.ok(index >= 0, `${text} occurs in ${document.uri.toString()}`);
  return document.positionAt(index + offset);
}

function hoverText(hover: vscode.Hover): string {
  return hover.contents.map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
}

async function hoverContaining(document: vscode.TextDocument, position: vscode.Position, marker: string): Promise<string> {
  return waitFor(`a hover containing ${marker}`, async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    return hovers.map(hoverText).find((text) => text.includes(marker));
  });
}

describe('hover and outline in VS Code', () => {
  it('hovering COPY --from=build shows the stage, with links that reveal its lines', async () => {
    const document = await openWorkspaceFile('Dockerfile.hover');
    const text = await hoverContaining(document, positionOf(document, '--from=build', 9), '**Stage** `build`');
    assert.ok(text.includes('Base image: `golang:1.22-alpine`'), text);
    assert.ok(text.includes('WORKDIR: `/src`'), text);
    assert.ok(text.includes('Needed by the target'), text);

    // The link to the definition, followed the way VS Code follows a link clicked in a hover.
    const definition = /Defined on \[line 2\]\(([^)]+)\)/.exec(text);
    assert.ok(definition, text);
    const user = /\[line 8\]\(([^)]+)\): `COPY --from=build`/.exec(text);
    assert.ok(user, text);
    for (const [link, line] of [
      [definition[1], 1],
      [user[1], 7],
    ] as const) {
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.parse(link));
      const editor = await waitFor(`the editor to reveal line ${line + 1}`, () => {
        const active = vscode.window.activeTextEditor;
        return active?.document.uri.toString() === document.uri.toString() && active.selection.active.line === line ? active : undefined;
      });
      assert.ok(editor.visibleRanges.some((range) => range.start.line <= line && line <= range.end.line), `line ${line + 1} is visible`);
    }
  });

  it('hovering the base image explains it from the image catalog', async () => {
    const document = await openWorkspaceFile('Dockerfile.hover');
    const text = await hoverContaining(document, positionOf(document, 'alpine:3.20', 2), '**Alpine Linux**');
    assert.ok(text.includes('[Registry page](https://hub.docker.com/_/alpine)'), text);
  });

  it('the outline has the stages at the top level with their instructions inside', async () => {
    const document = await openWorkspaceFile('Dockerfile.hover');
    const symbols = await waitFor('document symbols', async () => {
      const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri);
      return found && found.some((symbol) => symbol.name === 'build') ? found : undefined;
    });
    assert.deepEqual(
      symbols.map((symbol) => [symbol.name, symbol.detail, symbol.children.map((child) => child.name)]),
      [
        ['ARG', 'GO_VERSION=1.22', []],
        ['build', 'golang:1.22-alpine', ['WORKDIR', 'COPY', 'RUN']],
        ['stage 1', 'alpine:3.20', ['COPY', 'USER', 'ENTRYPOINT']],
      ],
    );
  });
});
