import assert from 'node:assert/strict';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import * as vscode from 'vscode';
import { openWorkspaceFile } from './workspace';
import { MarkupContent, MarkupKind } from 'vscode-languageserver-types';
import { waitFor } from './poll';
import { ruleDiagnostics } from './server';

const extensionId = 'dockerfile-stages.dockerfile-stages';
const casingCheck = 'ConsistentInstructionCasing';

async function show(document: vscode.TextDocument): Promise<vscode.TextDocument> {
  await vscode.window.showTextDocument(document);
  return document;
}

function waitForCasingDiagnostic(document: vscode.TextDocument): Promise<vscode.Diagnostic> {
  return waitFor(`BuildKit's ${casingCheck} on ${document.uri.toString()}`, () => ruleDiagnostics(document.uri, casingCheck)[0]);
}

function positionOf(document: vscode.TextDocument, text: string): vscode.Position {
  const offset = document.getText().indexOf(text);
  assert.ok(offset >= 0, `${text} occurs in ${document.uri.toString()}`);
  return document.positionAt(offset);
}

function hoverText(hover: vscode.Hover): string {
  return hover.contents.map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
}

/** What dockerfile-language-service itself answers for a hover, asked for markdown as VS Code asks. */
function libraryHoverText(text: string, position: vscode.Position): string {
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  service.setCapabilities({ hover: { contentFormat: [MarkupKind.Markdown] } });
  const contents = service.computeHover(text, position)?.contents;
  assert.ok(MarkupContent.is(contents) && contents.value.length > 0, 'the library documents the hovered word');
  return contents.value;
}

function labelText(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

describe('Dockerfile Stages in VS Code', () => {
  it('activates when a Dockerfile is opened', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed in the extension host`);
    const document = await openWorkspaceFile('Dockerfile');
    assert.equal(document.languageId, 'dockerfile');
    await waitFor(`${extensionId} to activate`, () => (extension.isActive ? true : undefined));
  });

  it("reports BuildKit's ConsistentInstructionCasing for a lowercase instruction, once", async () => {
    const document = await openWorkspaceFile('Dockerfile.lowercase');
    const diagnostic = await waitForCasingDiagnostic(document);
    assert.equal(document.getText(diagnostic.range), 'from');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic.message, "Command 'from' should match the case of the command majority (uppercase)");
    // dockerfile-utils' own casing check reports the same word by default; only BuildKit's stands.
    const onFrom = vscode.languages.getDiagnostics(document.uri).filter((other) => other.range.isEqual(diagnostic.range));
    assert.deepEqual(onFrom.map((other) => other.source), ['dockerfile-stages']);
  });

  it('hovers RUN with the documentation dockerfile-language-service gives', async () => {
    const document = await openWorkspaceFile('Dockerfile');
    const position = positionOf(document, 'RUN go mod download');
    const expected = libraryHoverText(document.getText(), position);
    const hovers = await waitFor('a hover on RUN', async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      return found.length > 0 ? found : undefined;
    });
    assert.ok(
      hovers.some((hover) => hoverText(hover).includes(expected)),
      `a hover contains the library's RUN documentation; got ${JSON.stringify(hovers.map(hoverText))}`,
    );
  });

  it('completes instructions at an empty line', async () => {
    const document = await openWorkspaceFile('Dockerfile');
    const emptyLine = positionOf(document, '\n\nFROM').translate(1, 0);
    assert.equal(document.lineAt(emptyLine.line).text, '');
    const keywords = await waitFor('instruction completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, emptyLine);
      // Word-based suggestions would also offer FROM and RUN (they occur in the file) but as Text items.
      const found = list.items.filter((item) => item.kind === vscode.CompletionItemKind.Keyword).map((item) => labelText(item).split(' ')[0]);
      return found.length > 0 ? new Set(found) : undefined;
    });
    for (const instruction of ['FROM', 'RUN', 'COPY', 'WORKDIR', 'ENTRYPOINT']) {
      assert.ok(keywords.has(instruction), `${instruction} is offered; got ${[...keywords].join(', ')}`);
    }
  });

  it("applies ConsistentInstructionCasing's quick fix, which writes the keyword in the file's casing", async () => {
    const document = await openWorkspaceFile('Dockerfile.quickfix');
    const diagnostic = await waitForCasingDiagnostic(document);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      diagnostic.range,
    );
    const fix = actions.find((action): action is vscode.CodeAction => action.title === "Write 'FROM'" && 'edit' in action);
    assert.ok(fix?.edit, `the quick fix is offered with an edit; got ${actions.map((action) => action.title).join(', ')}`);
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(document.lineAt(0).text, 'FROM alpine:3.20');
      await waitFor('the fixed diagnostic to go away', () => (ruleDiagnostics(document.uri, casingCheck).length === 0 ? true : undefined));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('restarts the language server, which then reports diagnostics again', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('dockerfileStages.restartServer'));
    await vscode.commands.executeCommand('dockerfileStages.restartServer');
    // A document opened only after the restart can get diagnostics from the new server alone.
    const document = await show(await vscode.workspace.openTextDocument({ language: 'dockerfile', content: 'from alpine:3.20\nCMD ["sh"]\n' }));
    const diagnostic = await waitForCasingDiagnostic(document);
    assert.equal(document.getText(diagnostic.range), 'from');
  });
});
