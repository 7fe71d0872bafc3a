// The workspace's builds, over the real server: a fixture workspace with a Compose, Bake (HCL and
// JSON), dev container, workflow, Makefile and script file, all building one Dockerfile.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ClientCapabilities, CodeAction, CodeLens, CompletionItem, Diagnostic, DocumentDiagnosticReport, FullDocumentDiagnosticReport, Hover, Location, WorkspaceEdit } from 'vscode-languageserver';
import { stageGraphRequest } from '../../server/src/protocol/requests';
import { pullClientCapabilities, pushClientCapabilities, repoRoot, ServerProcess } from './serverProcess';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'workspace-builds');

/** A client that registers document sync and the build-file features dynamically, as VS Code does. */
function withDynamicRegistration(capabilities: ClientCapabilities): ClientCapabilities {
  const textDocument = capabilities.textDocument ?? {};
  return {
    ...capabilities,
    textDocument: {
      ...textDocument,
      synchronization: { dynamicRegistration: true },
      completion: { ...textDocument.completion, dynamicRegistration: true },
      definition: { dynamicRegistration: true },
      codeAction: { dynamicRegistration: true },
      diagnostic: textDocument.diagnostic ? { dynamicRegistration: true } : undefined,
    },
  };
}

/** A copy of the fixture workspace, which tests may change; with a `node_modules` folder whose builds must not count. */
function workspaceCopy(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'workspace-builds-'));
  cpSync(fixture, root, { recursive: true });
  mkdirSync(path.join(root, 'node_modules', 'some-package'), { recursive: true });
  writeFileSync(path.join(root, 'node_modules', 'some-package', 'compose.yaml'), 'services:\n  x:\n    build:\n      context: ../..\n      target: lint\n');
  return root;
}

const uriOf = (root: string, file: string): string => pathToFileURL(path.join(root, file)).href;
const read = (root: string, file: string): string => readFileSync(path.join(root, file), 'utf8');

function unreachable(diagnostics: readonly Diagnostic[] | undefined): string[] {
  return (diagnostics ?? []).filter((diagnostic) => diagnostic.code === 'UnreachableStage').map((diagnostic) => String(diagnostic.message));
}

/** The text a range covers in `text`, on one line. */
function textAt(text: string, range: Diagnostic['range']): string {
  return text.split('\n')[range.start.line].slice(range.start.character, range.end.character);
}

describe('workspace builds (push)', () => {
  let root: string;
  let server: ServerProcess;
  before(async () => {
    root = workspaceCopy();
    server = await ServerProcess.start({ capabilities: withDynamicRegistration(pushClientCapabilities), workspaceFolders: [root] });
    await server.open(uriOf(root, 'Dockerfile'), read(root, 'Dockerfile'));
  });
  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true });
  });

  test('registers the build-file features under a selector of their own', async () => {
    await server.waitFor('registrations', () => server.registrations.some((registration) => registration.method === 'textDocument/didOpen'));
    const methods = server.registrations.map((registration) => registration.method);
    for (const method of ['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose', 'textDocument/completion', 'textDocument/definition', 'textDocument/codeAction']) {
      assert.ok(methods.includes(method), `${method} registered`);
    }
    const didOpen = server.registrations.find((registration) => registration.method === 'textDocument/didOpen');
    const patterns = (didOpen?.registerOptions as { documentSelector: { pattern: string }[] }).documentSelector.map((filter) => filter.pattern);
    assert.ok(patterns.includes('**/compose.{yaml,yml}'));
    assert.ok(!patterns.some((pattern) => /dockerfile/i.test(pattern)), 'Dockerfiles keep the static registration');
  });

  test('UnreachableStage counts every stage the workspace builds, and only those, skipping node_modules', async () => {
    const dockerfile = uriOf(root, 'Dockerfile');
    await server.waitFor('the scan to count the builds', () => unreachable(server.published.get(dockerfile)?.diagnostics).length === 1);
    const [message] = unreachable(server.published.get(dockerfile)?.diagnostics);
    assert.match(message, /^Stage 'lint' is not used by the target stage 'runtime' nor by the targets the workspace builds, /);
    assert.match(message, /'dev' \((?:compose\.yaml, devcontainer\.json|devcontainer\.json, compose\.yaml)\)/);
    assert.match(message, /'docs' \(docker-bake\.hcl\)/);
  });

  test('each named stage gets Build and Run code lenses, with the context a workspace build gives it', async () => {
    const lenses = await server.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(root, 'Dockerfile') } });
    assert.equal(lenses.length, 16, 'two for each of the eight named stages');
    assert.deepEqual([...new Set(lenses.map((lens) => lens.command?.title))], ['Build stage', 'Run stage']);
    const dev = lenses.find((lens) => (lens.command?.arguments?.[0] as { stage: string }).stage === 'dev');
    assert.deepEqual(dev?.command?.arguments?.[0], { dockerfile: path.join(root, 'Dockerfile'), stage: 'dev', context: root });
    assert.equal(dev?.range.start.line, read(root, 'Dockerfile').split('\n').indexOf('FROM deps AS dev'));
  });

  test('each stage code lens shows the exact command line it runs in its tooltip', async () => {
    const lenses = await server.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(root, 'Dockerfile') } });
    const devTooltips = lenses.filter((lens) => (lens.command?.arguments?.[0] as { stage: string }).stage === 'dev').map((lens) => [lens.command?.title, lens.command?.tooltip]);
    const build = `docker build --target dev -f ${path.join(root, 'Dockerfile')} -t dockerfile-stages/dev:latest ${root}`;
    assert.deepEqual(devTooltips, [
      ['Build stage', build],
      ['Run stage', `${build} && docker run --rm -it dockerfile-stages/dev:latest`],
    ]);
  });

  test('the hover of a stage says which file builds it', async () => {
    const dockerfile = uriOf(root, 'Dockerfile');
    const line = read(root, 'Dockerfile').split('\n').findIndex((text) => text.endsWith('AS docs'));
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri: dockerfile }, position: { line, character: 'FROM base AS d'.length } });
    const markdown = (hover?.contents as { value: string }).value;
    assert.match(markdown, /\*\*Built by\*\* docker-bake\.hcl \(target `docs`\)/);
  });

  test('the stage graph marks the stages the workspace builds, with the files that build each', async () => {
    const graph = await server.request(stageGraphRequest, { textDocument: { uri: uriOf(root, 'Dockerfile') } });
    const marked = Object.fromEntries((graph?.stages ?? []).filter((stage) => stage.builtBy).map((stage) => [stage.name, [...(stage.builtBy ?? [])].sort()]));
    assert.deepEqual(marked, {
      build: ['Makefile'],
      test: ['.github/workflows/ci.yml', 'docker-bake.json'],
      dev: ['.devcontainer/devcontainer.json', 'compose.yaml'],
      docs: ['docker-bake.hcl'],
      runtime: ['.github/workflows/ci.yml', 'compose.yaml', 'docker-bake.hcl'],
    });
  });

  test('a Compose target typo is UndefinedTarget with a did-you-mean quick fix; a missing Dockerfile is MissingDockerfile', async () => {
    const compose = uriOf(root, 'compose.yaml');
    const text = read(root, 'compose.yaml');
    await server.open(compose, text, 'yaml');
    await server.waitFor('compose diagnostics', () => server.published.has(compose));
    const diagnostics = server.published.get(compose)?.diagnostics ?? [];
    assert.deepEqual(diagnostics.map((diagnostic) => [diagnostic.code, textAt(text, diagnostic.range)]).sort(), [
      ['MissingDockerfile', 'Dockerfile.missing'],
      ['UndefinedTarget', 'tset'],
    ]);
    const typo = diagnostics.find((diagnostic) => diagnostic.code === 'UndefinedTarget') as Diagnostic;
    assert.match(String(typo.message), /tests targets 'tset', but Dockerfile has no stage of that name\. Did you mean 'test'\?/);
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: compose }, range: typo.range, context: { diagnostics: [typo] } });
    assert.deepEqual(
      actions.map((action) => [action.title, action.edit?.changes?.[compose]?.[0].newText]),
      [["Change to 'test'", 'test']],
    );
  });

  test('the Dockerfile features do not run on a build file', async () => {
    const compose = uriOf(root, 'compose.yaml');
    assert.equal(await server.request('textDocument/hover', { textDocument: { uri: compose }, position: { line: 0, character: 2 } }), null);
    assert.deepEqual(await server.request('textDocument/documentSymbol', { textDocument: { uri: compose } }), []);
  });

  test('completion in a target value offers the stages; definition goes to the stage', async () => {
    const compose = uriOf(root, 'compose.yaml');
    const line = read(root, 'compose.yaml').split('\n').indexOf('      target: dev');
    const position = { line, character: '      target: de'.length };
    const items = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: compose }, position });
    assert.deepEqual(items.map((item) => item.label), ['base', 'deps', 'build', 'test', 'dev', 'docs', 'lint', 'runtime']);
    const location = await server.request<Location | null>('textDocument/definition', { textDocument: { uri: compose }, position });
    assert.equal(location?.uri, uriOf(root, 'Dockerfile'));
    assert.equal(read(root, 'Dockerfile').split('\n')[location?.range.start.line ?? -1], 'FROM deps AS dev');
  });

  test('fixing the typo in the editor clears it; the other build files judge their own targets', async () => {
    const compose = uriOf(root, 'compose.yaml');
    await server.replace(compose, read(root, 'compose.yaml').replace('tset', 'test'));
    await server.waitFor('the fixed compose file', () => server.published.get(compose)?.version === 2);
    assert.deepEqual(server.published.get(compose)?.diagnostics.map((diagnostic) => diagnostic.code), ['MissingDockerfile']);

    const script = uriOf(root, 'scripts/build.sh');
    await server.open(script, read(root, 'scripts/build.sh'), 'shellscript');
    await server.waitFor('script diagnostics', () => server.published.has(script));
    assert.deepEqual(server.published.get(script)?.diagnostics.map((diagnostic) => [diagnostic.code, textAt(read(root, 'scripts/build.sh'), diagnostic.range)]), [['UndefinedTarget', 'depz']]);
    for (const file of ['docker-bake.hcl', 'docker-bake.json', '.devcontainer/devcontainer.json', '.github/workflows/ci.yml', 'Makefile']) {
      const uri = uriOf(root, file);
      await server.open(uri, read(root, file), 'plaintext');
      await server.waitFor(`${file} diagnostics`, () => server.published.has(uri));
      assert.deepEqual(server.published.get(uri)?.diagnostics, [], `${file} builds only stages that exist`);
    }
  });

  test('find references on a stage includes the build files; rename renames it there too, in one edit', async () => {
    const dockerfile = uriOf(root, 'Dockerfile');
    const line = read(root, 'Dockerfile').split('\n').indexOf('FROM deps AS dev');
    const position = { line, character: 'FROM deps AS d'.length };
    const locations = await server.request<Location[]>('textDocument/references', { textDocument: { uri: dockerfile }, position, context: { includeDeclaration: true } });
    const places = locations.map((location) => `${path.relative(root, fileURLToPath(location.uri))}:${location.range.start.line}`).sort();
    assert.deepEqual(places, ['.devcontainer/devcontainer.json:6', 'Dockerfile:14', 'compose.yaml:4']);

    const edit = await server.request<WorkspaceEdit | null>('textDocument/rename', { textDocument: { uri: dockerfile }, position, newName: 'develop' });
    const changes = edit?.changes ?? {};
    assert.deepEqual(Object.keys(changes).map((uri) => path.relative(root, fileURLToPath(uri))).sort(), ['.devcontainer/devcontainer.json', 'Dockerfile', 'compose.yaml']);
    for (const file of ['.devcontainer/devcontainer.json', 'compose.yaml']) {
      const [change] = changes[uriOf(root, file)];
      assert.equal(textAt(read(root, file), change.range), 'dev');
      assert.equal(change.newText, 'develop');
    }
  });

  test('a build file changed on disk is read again when the client reports it', async () => {
    const dockerfile = uriOf(root, 'Dockerfile');
    writeFileSync(path.join(root, 'Makefile'), 'lint:\n\tdocker build --target lint .\n');
    // The Makefile is open: its text in the editor counts until it is closed.
    await server.close(uriOf(root, 'Makefile'));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(root, 'Makefile'), type: 2 }] });
    // `build` stays reachable through runtime's COPY --from=build; `lint` is now built too.
    await server.waitFor('lint built by the Makefile', () => unreachable(server.published.get(dockerfile)?.diagnostics).length === 0);
  });
});

describe('workspace builds (pull)', () => {
  test('build files answer diagnostic requests', async () => {
    const root = workspaceCopy();
    const server = await ServerProcess.start({ capabilities: withDynamicRegistration(pullClientCapabilities), workspaceFolders: [root] });
    try {
      await server.waitFor('registrations', () => server.registrations.some((registration) => registration.method === 'textDocument/diagnostic'));
      const bake = uriOf(root, 'docker-bake.hcl');
      const text = read(root, 'docker-bake.hcl').replace('target   = "docs"', 'target   = "doc"');
      await server.open(bake, text, 'hcl');
      const report = (await server.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: bake } })) as FullDocumentDiagnosticReport;
      assert.deepEqual(report.items.map((diagnostic) => [diagnostic.code, textAt(text, diagnostic.range)]), [['UndefinedTarget', 'doc']]);
      assert.match(String(report.items[0].message), /Did you mean 'docs'\?/);
    } finally {
      await server.stop();
      rmSync(root, { recursive: true });
    }
  });
});

describe('workspace builds: rename with change annotations', () => {
  test('the build files\' edits need confirmation under a label naming the file; the open ones carry their version', async () => {
    const root = workspaceCopy();
    const capabilities: ClientCapabilities = {
      ...pushClientCapabilities,
      workspace: { ...pushClientCapabilities.workspace, workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true } } },
    };
    const server = await ServerProcess.start({ capabilities, workspaceFolders: [root] });
    try {
      const dockerfile = uriOf(root, 'Dockerfile');
      const compose = uriOf(root, 'compose.yaml');
      await server.open(dockerfile, read(root, 'Dockerfile'));
      await server.open(compose, read(root, 'compose.yaml'), 'dockercompose');
      await server.waitFor('the scan to count the builds', () => unreachable(server.published.get(dockerfile)?.diagnostics).length === 1);
      const position = { line: read(root, 'Dockerfile').split('\n').indexOf('FROM deps AS dev'), character: 'FROM deps AS d'.length };
      const edit = await server.request<WorkspaceEdit | null>('textDocument/rename', { textDocument: { uri: dockerfile }, position, newName: 'develop' });
      assert.equal(edit?.changes, undefined, 'one form of edit: document changes only');
      const byFile = new Map((edit?.documentChanges ?? []).map((change) => {
        assert.ok('textDocument' in change, 'text edits only, no file operations');
        return [path.relative(root, fileURLToPath(change.textDocument.uri)), change] as const;
      }));
      assert.deepEqual([...byFile.keys()].sort(), ['.devcontainer/devcontainer.json', 'Dockerfile', 'compose.yaml']);
      assert.equal(byFile.get('Dockerfile')?.textDocument.version, 1, 'the open Dockerfile is versioned');
      assert.ok(byFile.get('Dockerfile')?.edits.every((each) => !('annotationId' in each)), 'the renamed file itself needs no confirmation');
      assert.equal(byFile.get('compose.yaml')?.textDocument.version, 1, 'the open Compose file is versioned');
      assert.equal(byFile.get('.devcontainer/devcontainer.json')?.textDocument.version, null, 'a file not open has no version');
      for (const file of ['.devcontainer/devcontainer.json', 'compose.yaml']) {
        const [change] = byFile.get(file)?.edits ?? [];
        assert.ok(change && 'newText' in change && 'annotationId' in change, `${file}: the edit is an annotated text edit`);
        assert.equal(textAt(read(root, file), change.range), 'dev');
        assert.equal(change.newText, 'develop');
        const annotation = edit?.changeAnnotations?.[change.annotationId];
        assert.equal(annotation?.label, `Target in ${file}`);
        assert.equal(annotation?.needsConfirmation, false);
      }
    } finally {
      await server.stop();
      rmSync(root, { recursive: true });
    }
  });
});
