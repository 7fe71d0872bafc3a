// One failing piece of the server costs only its own answer (issue 16): the real server, with a
// rule, the hover, code actions, stage graph builder and a diagnostics step made to throw
// (fixtures/faultyServer.ts), in both diagnostics modes a client can choose.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, SymbolInformation } from 'vscode-languageserver';
import { stageGraphRequest } from '../../server/src/protocol/requests';
import { diagnosticsFault, faultyRuleCode, faultyServerCommand } from './fixtures/faults';
import { diagnosticModes, ServerProcess } from './serverProcess';

const text = 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\n\nFROM alpine:3.20\nCOPY --from=biuld /out/app /app\n';
const range = { start: { line: 4, character: 0 }, end: { line: 4, character: 5 } };

function codes(diagnostics: readonly Diagnostic[] | undefined): string[] {
  return (diagnostics ?? []).map((diagnostic) => String(diagnostic.code));
}

for (const { mode, capabilities } of diagnosticModes) {
  describe(`a failing rule or feature, ${mode} diagnostics`, { timeout: 60_000 }, () => {
    let server: ServerProcess;
    let documents = 0;
    const nextUri = () => `file:///work/faults/${mode}/${documents++}/Dockerfile`;

    /** The document's diagnostics as this mode delivers them: published, or answered when pulled. */
    async function diagnosticsOf(uri: string, description: string): Promise<Diagnostic[]> {
      if (mode === 'pull') {
        const report = await server.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
        return report.kind === 'full' ? report.items : [];
      }
      await server.waitFor(description, () => server.published.has(uri));
      return server.published.get(uri)?.diagnostics ?? [];
    }

    /** Log lines matching `pattern`, from the `since`-th on. */
    const logLines = (pattern: RegExp, since = 0) => server.logMessages.slice(since).filter((message) => pattern.test(message));

    before(async () => {
      server = await ServerProcess.start({ command: faultyServerCommand, capabilities });
    });
    after(() => server.stop());

    test('a rule that throws loses only its own findings, with one log line naming it and the document', async () => {
      const uri = nextUri();
      await server.open(uri, text);
      const found = codes(await diagnosticsOf(uri, 'the diagnostics'));
      assert.ok(found.includes('UndefinedStage'), `the other rules' findings are there: ${found.join(', ')}`);
      assert.ok(!found.includes(faultyRuleCode));
      // Code actions read the same (memoized) findings: still one line for this version.
      await server.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
      const ruleLines = logLines(new RegExp(`Rule ${faultyRuleCode} failed`));
      assert.equal(ruleLines.length, 1, ruleLines.join('\n'));
      assert.match(ruleLines[0], new RegExp(`failed on ${uri.replace(/[/.]/g, '\\$&')} .*injected fault in rule ${faultyRuleCode}`));
      assert.doesNotMatch(ruleLines[0], /\n/, 'one line');

      await server.replace(uri, `${text}USER nobody\n`);
      if (mode === 'push') await server.waitFor('the new version published', () => server.published.get(uri)?.version === 2);
      else await diagnosticsOf(uri, 'the new version');
      assert.equal(logLines(new RegExp(`Rule ${faultyRuleCode} failed`)).length, 2, 'once more for the new version');
    });

    test('a throwing hover, code action and graph builder answer empty, are logged, and the server stays up', async () => {
      const uri = nextUri();
      const since = server.logMessages.length;
      await server.open(uri, text);
      assert.equal(await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 6 } }), null);
      const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
      assert.deepEqual(actions, []);
      assert.equal(await server.request(stageGraphRequest, { textDocument: { uri } }), null);
      for (const name of ['hover', 'codeAction', 'stageGraph']) {
        assert.equal(logLines(new RegExp(`^${name} failed: Error: injected fault`), since).length, 1, `${name} logged once`);
      }
      const symbols = await server.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.ok(symbols.some((symbol) => symbol.name === 'FROM'), 'the other features still answer');
    });

    test('diagnostics that fail as a whole are logged, and the server stays up for other documents', async () => {
      const failing = nextUri();
      await server.open(failing, `${diagnosticsFault}\n${text}`);
      if (mode === 'pull') {
        assert.deepEqual(await diagnosticsOf(failing, ''), []);
        assert.equal(logLines(/^diagnostics failed: Error: injected fault in limitNotices/).length, 1);
      } else {
        // Pushed diagnostics run on a timer, outside any request: the guard catches them there.
        await server.waitFor('the failure logged', () => logLines(/^publishDiagnostics failed: Error: injected fault in limitNotices/).length === 1);
      }
      const healthy = nextUri();
      await server.open(healthy, text);
      assert.ok(codes(await diagnosticsOf(healthy, 'another document\'s diagnostics')).includes('UndefinedStage'));
      const exited = await Promise.race([server.exitCode.then(() => true), new Promise<false>((resolve) => setImmediate(() => resolve(false)))]);
      assert.equal(exited, false, 'the server process is still running');
    });
  });
}
