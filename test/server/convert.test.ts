// The conversion and the stage refactors over LSP, from the bundled server: the quick fix on
// SingleStageBuild, the refactor kinds VS Code lists and previews, and the request behind the
// editor command.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { ServerProcess } from './serverProcess';
import { applyEdits } from './textEdits';

const single = ['FROM golang:1.22', '', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /usr/local/bin/app .', '', 'CMD ["app"]', ''].join('\n');
const multiStageKind = 'refactor.rewrite.dockerfileStages.multiStage';
const fromLine = { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } };

function editsOf(action: CodeAction | undefined, uri: string): TextEdit[] {
  const edits = action?.edit?.changes?.[uri];
  assert.ok(edits, `expected an edit for ${uri}: ${JSON.stringify(action)}`);
  return edits;
}

function assertConverted(text: string): void {
  assert.match(text, /^FROM golang:1\.22 AS build$/m);
  assert.match(text, /^FROM gcr\.io\/distroless\/static-debian12:nonroot AS runtime$/m);
  assert.match(text, /^COPY --from=build \/usr\/local\/bin\/app \/usr\/local\/bin\/app$/m);
}

describe('conversion and stage refactors over LSP', () => {
  let server: ServerProcess;
  before(async () => {
    server = await ServerProcess.start();
  });
  after(async () => {
    await server.stop();
  });

  test('the server advertises the refactor kinds', () => {
    const provider = server.initializeResult.capabilities.codeActionProvider;
    assert.ok(typeof provider === 'object');
    assert.deepEqual(provider.codeActionKinds, [
      'quickfix',
      multiStageKind,
      'refactor.rewrite.dockerfileStages.nameStage',
      'refactor.extract.dockerfileStages.stage',
      'refactor.rewrite.dockerfileStages.runtimeImage',
    ]);
  });

  test('SingleStageBuild has the conversion as its preferred quick fix', async () => {
    const uri = 'file:///work/convert/quickfix/Dockerfile';
    await server.open(uri, single);
    const found = () => (server.published.get(uri)?.diagnostics ?? []).find((diagnostic) => diagnostic.code === 'SingleStageBuild');
    await server.waitFor('SingleStageBuild', () => found() !== undefined);
    const diagnostic = found() as Diagnostic;
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const conversions = actions.filter((action) => action.title.startsWith('Convert to a multi-stage build'));
    assert.equal(conversions.length, 1, 'a plain light bulb lists the conversion once');
    const [fix] = conversions;
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [diagnostic]);
    assert.equal(fix.title, 'Convert to a multi-stage build (Go: build on golang:1.22, run on gcr.io/distroless/static-debian12:nonroot)');
    assertConverted(applyEdits(single, editsOf(fix, uri)));
  });

  test('a FROM line offers the conversion as a refactor when refactors are asked for', async () => {
    const uri = 'file:///work/convert/refactor/Dockerfile';
    await server.open(uri, single);
    for (const only of [['refactor'], ['refactor.rewrite'], [multiStageKind]]) {
      const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: fromLine, context: { diagnostics: [], only } });
      const refactor = actions.find((action) => action.kind === multiStageKind);
      assertConverted(applyEdits(single, editsOf(refactor, uri)));
      assert.ok(actions.every((action) => action.kind !== 'quickfix'), `only ${only.join()} asks for no quick fixes`);
    }
    const elsewhere = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
      context: { diagnostics: [], only: [multiStageKind] },
    });
    assert.deepEqual(elsewhere, [], 'the refactor belongs to FROM lines');
  });

  test('the stage refactors come with their kinds', async () => {
    const uri = 'file:///work/convert/stages/Dockerfile';
    const text = ['FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .', 'FROM node:20', 'COPY --from=0 /app /app', 'CMD ["node", "server.js"]', ''].join('\n');
    await server.open(uri, text);
    const kindsAt = async (line: number) =>
      (
        await server.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: { line, character: 0 }, end: { line, character: 0 } },
          context: { diagnostics: [], only: ['refactor'] },
        })
      ).map((action) => action.kind);
    assert.deepEqual(await kindsAt(0), ['refactor.rewrite.dockerfileStages.nameStage']);
    assert.deepEqual(await kindsAt(2), ['refactor.extract.dockerfileStages.stage']);
    // BuildImageInFinalStage offers the runtime image as a quick fix already; the refactor stays out of the way.
    assert.deepEqual(await kindsAt(4), ['refactor.rewrite.dockerfileStages.nameStage']);
    await server.changeSettings({ [uri]: { rules: { BuildImageInFinalStage: 'off' } } });
    assert.deepEqual((await kindsAt(4)).sort(), ['refactor.rewrite.dockerfileStages.nameStage', 'refactor.rewrite.dockerfileStages.runtimeImage']);
  });

  test('extraction waits for a selection or an explicit request, so the light bulb does not follow the cursor', async () => {
    const uri = 'file:///work/convert/extract/Dockerfile';
    const text = ['FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .', 'FROM scratch', 'COPY --from=0 /app /app', ''].join('\n');
    await server.open(uri, text);
    const extractKind = 'refactor.extract.dockerfileStages.stage';
    const kinds = async (range: { start: { line: number; character: number }; end: { line: number; character: number } }, triggerKind?: 1 | 2) =>
      (await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], triggerKind } })).map((action) => action.kind);
    const cursor = { start: { line: 2, character: 1 }, end: { line: 2, character: 1 } };
    assert.ok(!(await kinds(cursor, 2)).includes(extractKind), 'the automatic request at a cursor gets no extraction');
    assert.ok(!(await kinds(cursor)).includes(extractKind), 'nor does a request that does not say how it was triggered');
    assert.ok((await kinds(cursor, 1)).includes(extractKind), 'an invoked request at a cursor does');
    assert.ok((await kinds({ start: { line: 2, character: 0 }, end: { line: 3, character: 5 } }, 2)).includes(extractKind), 'so does a selection');
  });

  test('the command request converts, or says why not', async () => {
    const uri = 'file:///work/convert/command/Dockerfile';
    await server.open(uri, single);
    const converted = await server.request<{ kind: string; title: string; edit: { changes: Record<string, TextEdit[]> } }>('dockerfileStages/convertToMultiStage', { textDocument: { uri } });
    assert.equal(converted.kind, 'converted');
    const text = applyEdits(single, converted.edit.changes[uri]);
    assertConverted(text);

    await server.replace(uri, text);
    const again = await server.request<{ kind: string; reason: string }>('dockerfileStages/convertToMultiStage', { textDocument: { uri } });
    assert.deepEqual(again, { kind: 'declined', reason: 'Nothing to convert: the Dockerfile is already multi-stage and its final stage builds nothing.' });

    const unopened = await server.request<{ kind: string }>('dockerfileStages/convertToMultiStage', { textDocument: { uri: 'file:///work/convert/closed/Dockerfile' }, text: single });
    assert.equal(unopened.kind, 'converted', 'a document the server has not been sent converts from the text in the request');
    assert.equal(await server.request('dockerfileStages/convertToMultiStage', { textDocument: { uri: 'file:///work/convert/unknown/Dockerfile' } }), null);
  });

  test('a decline with a smaller step offers that step as the quick fix, and its reason names it', async () => {
    const uri = 'file:///work/convert/smaller-step/Dockerfile';
    const text = ['FROM python:3.12-slim', 'RUN apt-get update && apt-get install -y gcc make && rm -rf /var/lib/apt/lists/*', 'WORKDIR /app', 'COPY app.py .', 'CMD ["python", "app.py"]', ''].join('\n');
    await server.open(uri, text);
    const found = () => (server.published.get(uri)?.diagnostics ?? []).find((diagnostic) => diagnostic.code === 'SingleStageBuild');
    await server.waitFor('SingleStageBuild', () => found() !== undefined);
    const diagnostic = found() as Diagnostic;
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const title = 'Remove gcc, make in the RUN that installs them; add --no-install-recommends to apt-get install (line 2)';
    const step = actions.find((action) => action.title === title);
    assert.ok(step, `offered: ${actions.map((action) => action.title).join(' | ')}`);
    assert.equal(step.kind, 'quickfix');
    assert.deepEqual(step.diagnostics, [diagnostic]);
    assert.ok(actions.every((action) => !action.title.startsWith('Convert to a multi-stage build')), 'the declined conversion is not offered');
    assert.match(applyEdits(text, editsOf(step, uri)), /rm -rf \/var\/lib\/apt\/lists\/\* && apt-get purge -y --auto-remove gcc make\n/);

    const declined = await server.request<{ kind: string; reason: string }>('dockerfileStages/convertToMultiStage', { textDocument: { uri } });
    assert.equal(declined.kind, 'declined');
    assert.match(declined.reason, /Removing them is enough: remove gcc, make in the RUN that installs them; add --no-install-recommends to apt-get install \(line 2\) \(the editor offers it as a code action\)/);
  });

  test('a decline with nothing to convert offers its smaller step on the FROM line, and the step applies', async () => {
    const uri = 'file:///work/convert/smaller-step-only/Dockerfile';
    const text = ['FROM debian:bookworm', 'RUN apt-get update && apt-get install -y python3', 'COPY run.py /run.py', 'CMD ["python3", "/run.py"]', ''].join('\n');
    await server.open(uri, text);
    const fromLine = { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } };
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: fromLine, context: { diagnostics: [], only: ['refactor'] } });
    const title = 'Add --no-install-recommends to apt-get install (line 2); append rm -rf /var/lib/apt/lists/* (line 2)';
    const step = actions.find((action) => action.title.startsWith(title));
    assert.ok(step, `offered: ${actions.map((action) => action.title).join(' | ')}`);
    assert.equal(step.kind, 'refactor.rewrite.dockerfileStages.multiStage');
    const applied = applyEdits(text, editsOf(step, uri));
    assert.match(applied, /^RUN apt-get update && apt-get install --no-install-recommends -y python3 && rm -rf \/var\/lib\/apt\/lists\/\*$/m);

    const declined = await server.request<{ kind: string; reason: string }>('dockerfileStages/convertToMultiStage', { textDocument: { uri } });
    assert.equal(declined.kind, 'declined');
    assert.ok(declined.reason.includes(`What still helps: ${title.charAt(0).toLowerCase()}${title.slice(1)}`), declined.reason);

    await server.replace(uri, applied);
    const after = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: fromLine, context: { diagnostics: [], only: ['refactor'] } });
    assert.ok(after.every((action) => !action.title.includes('--no-install-recommends')), 'once applied, the step is not offered again');
  });

  test('the project files next to the Dockerfile are read in a trusted workspace; in restricted mode the answer says it could not look', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'convert-context-'));
    writeFileSync(path.join(folder, 'Cargo.toml'), '[package]\nname = "ledger"\nversion = "0.1.0"\n');
    const uri = pathToFileURL(path.join(folder, 'Dockerfile')).href;
    const cargoRun = ['FROM rust:1.81', 'WORKDIR /app', 'COPY . .', 'CMD ["cargo", "run", "--release"]', ''].join('\n');
    const untrusted = await ServerProcess.start({ initializationOptions: { workspaceTrusted: false } });
    try {
      await server.open(uri, cargoRun);
      const converted = await server.request<{ kind: string; title: string; edit: { changes: Record<string, TextEdit[]> } }>('dockerfileStages/convertToMultiStage', { textDocument: { uri } });
      assert.equal(converted.kind, 'converted');
      assert.equal(converted.title, 'Convert to a multi-stage build (Rust: build on rust:1.81, run on debian:trixie-slim)');
      assert.match(applyEdits(cargoRun, converted.edit.changes[uri]), /^CMD \["ledger"\]$/m);

      await untrusted.open(uri, cargoRun);
      const declined = await untrusted.request<{ kind: string; reason: string }>('dockerfileStages/convertToMultiStage', { textDocument: { uri } });
      assert.equal(declined.kind, 'declined');
      assert.match(declined.reason, /the workspace is not trusted, so the project files next to the Dockerfile were not read/);
    } finally {
      await untrusted.stop();
      rmSync(folder, { recursive: true });
    }
  });
});
