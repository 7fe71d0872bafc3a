// Fuzzing the language server process (issue 9): hostile documents opened and edited in the
// bundled server over stdio, every request an editor sends asked at every kind of position.
// Every request is answered, with no error in the log but the known library defects; and after
// any sequence of edits the server sees the editor's text. Both diagnostics modes: pushed
// diagnostics run outside any request, so a failure there shows only in the log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { validateWithLibrary } from '../../server/src/analysis/libraryValidation';
import type { Diagnostic, FullDocumentDiagnosticReport, SemanticTokens, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { DocumentModel } from '../../server/src/analysis/documentModel';
import { lint } from '../../server/src/analysis/lint';
import { buildStageGraph } from '../../server/src/analysis/stageGraph';
import { placedSemanticTokens } from '../../server/src/analysis/semanticTokens';
import { findingToDiagnostic } from '../../server/src/features/findingDiagnostics';
import { libraryResolvesVariablesQuickly } from '../../server/src/analysis/variableWork';
import { limitNotices } from '../../server/src/infra/limits';
import { encodeForClient } from '../../server/src/features/semanticTokens';
import { defaultSettings, toValidatorSettings } from '../../server/src/infra/settings';
import type { StageGraph } from '../../server/src/protocol/stageGraph';
import { diagnosticModes, requestsIn, ServerProcess } from '../server/serverProcess';
import { anyDockerfile, fixtureDockerfiles, fuzzRuns } from './arbitraries';
import { isKnownLibraryDefect, modelOf } from './exercise';
import { checkTexts } from './property';
import { allRequests } from './requests';

const fixtures = fixtureDockerfiles();
let server: ServerProcess;
let documentCount = 0;

function unexpectedErrors(): string[] {
  return server.logMessages.filter((message) => / failed: /.test(message) && !isKnownLibraryDefect(message));
}

async function answerEverything(mode: 'push' | 'pull', uri: string, text: string): Promise<void> {
  await Promise.all(requestsIn(mode, allRequests(uri, text, 4)).map(({ method, params }) => server.request(method, params)));
}

/** The diagnostics of the document's latest version as the mode's client gets them. */
async function latestDiagnostics(mode: 'push' | 'pull', uri: string, version: number): Promise<Diagnostic[]> {
  if (mode === 'pull') return (await server.request<FullDocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } })).items;
  await server.waitFor(`diagnostics of ${uri} version ${version}`, () => server.published.get(uri)?.version === version);
  return server.published.get(uri)?.diagnostics ?? [];
}

/**
 * The diagnostics of a text worked out afresh in this process, where nothing is reused from other
 * versions, as the server would under default settings; without the links to rule pages, which
 * point into the server's bundle.
 */
function freshDiagnostics(model: DocumentModel): Diagnostic[] {
  const library = libraryResolvesVariablesQuickly(model) ? validateWithLibrary(model.text, toValidatorSettings(defaultSettings)).diagnostics : [];
  return withoutLinks([...limitNotices(model.text, model), ...library, ...lint(model, { severities: defaultSettings.rules }).map(findingToDiagnostic)]);
}

function withoutLinks(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return JSON.parse(JSON.stringify(diagnostics.map((diagnostic) => ({ ...diagnostic, codeDescription: undefined })))) as Diagnostic[];
}

for (const { mode, capabilities } of diagnosticModes) describe(`language server under fuzzing, ${mode} diagnostics`, () => {
  before(async () => {
    server = await ServerProcess.start({ capabilities });
  });
  after(() => server.stop());

  test('hostile documents: every request answered, no error logged', async () => {
    await checkTexts(
      'server',
      anyDockerfile(fixtures),
      async (text) => {
        const uri = `file:///fuzz/${documentCount++}/Dockerfile`;
        await server.open(uri, text);
        await answerEverything(mode, uri, text);
        await latestDiagnostics(mode, uri, 1);
        await server.close(uri);
        assert.deepEqual(unexpectedErrors(), []);
      },
      fuzzRuns(25),
    );
  });

  test('after any edits the server answers on the editor\'s text', async () => {
    const edit = fc.record({
      from: fc.nat(),
      length: fc.nat({ max: 30 }),
      text: fc.oneof(fc.constantFrom('\n', '\r\n', '\\\n', 'FROM alpine AS x\n', 'COPY --from=x / /\n', '"', '$', '${', '\u{1F433}', '\uFEFF', '\0', ''), fc.string({ maxLength: 10 })),
    });
    const editedDocument = fc.tuple(anyDockerfile(fixtures), fc.array(edit, { minLength: 1, maxLength: 8 }));
    let version = 1;
    await checkTexts(
      'server-edits',
      editedDocument,
      async ([text, edits]) => {
        const uri = `file:///fuzz/${documentCount++}/Dockerfile`;
        let editor = TextDocument.create(uri, 'dockerfile', 1, text);
        await server.open(uri, text);
        for (const change of edits) {
          const from = change.from % (editor.getText().length + 1);
          const range = { start: editor.positionAt(from), end: editor.positionAt(from + change.length) };
          const contentChanges: TextDocumentContentChangeEvent[] = [{ range, text: change.text }];
          editor = TextDocument.update(editor, contentChanges, ++version);
          await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
        }
        const model = modelOf(editor.getText());
        const tokens = await server.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
        assert.deepEqual(tokens.data, encodeForClient(model, placedSemanticTokens(model)), 'semantic tokens of the editor\'s text');
        const graph = await server.request<StageGraph>('dockerfileStages/stageGraph', { textDocument: { uri } });
        assert.deepEqual(graph, JSON.parse(JSON.stringify(buildStageGraph(model))), 'stage graph of the editor\'s text');
        // The server reuses work of earlier versions (arguments, flags, validation, RUN analyses); none may leak into this one.
        assert.deepEqual(withoutLinks(await latestDiagnostics(mode, uri, version)), freshDiagnostics(model), 'diagnostics of the editor\'s text');
        await server.close(uri);
      },
      fuzzRuns(40),
    );
  });
});
