import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { Diagnostic, DocumentDiagnosticReport, FullDocumentDiagnosticReport } from 'vscode-languageserver';
import { pullClientCapabilities, ServerProcess } from './serverProcess';

const uri = 'file:///work/pacing/Dockerfile';
/** The library's casing check, one warning per lowercase instruction, instead of BuildKit's majority casing. */
const keepLibraryCasing = { [uri]: { keepValidatorChecks: true } };
const casing = (report: DocumentDiagnosticReport) =>
  (report as FullDocumentDiagnosticReport).items.filter((diagnostic: Diagnostic) => diagnostic.source === 'dockerfile-utils').length;

describe('pull diagnostics while the user types', () => {
  test('a pull during a burst of changes answers for the last version', async () => {
    const server = await ServerProcess.start({ capabilities: pullClientCapabilities, settings: keepLibraryCasing });
    try {
      await server.open(uri, 'FROM alpine:3.20\n');
      // Three changes sent back to back: a burst, as typing is.
      await server.replace(uri, 'from alpine:3.20\n');
      await server.replace(uri, 'from alpine:3.20\nrun true\n');
      await server.replace(uri, 'from alpine:3.20\nrun true\nworkdir /app\n');
      const report = await server.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
      assert.equal(report.kind, 'full');
      assert.equal(casing(report), 3, 'one casing warning per lowercase instruction of the last version');
    } finally {
      await server.stop();
    }
  });

  test('a pull the client cancels while the text is changing is answered "cancelled", never with an empty list', async () => {
    const server = await ServerProcess.start({ capabilities: pullClientCapabilities, settings: keepLibraryCasing });
    try {
      await server.open(uri, 'from alpine:3.20\n');
      await server.replace(uri, 'from alpine:3.20\nrun true\n');
      await server.replace(uri, 'from alpine:3.20\nrun true\nrun false\n');
      const cancellation = new CancellationTokenSource();
      const pull = server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, cancellation.token);
      cancellation.cancel();
      await assert.rejects(pull, (error: unknown) => error instanceof ResponseError && error.code === -32800);
      // The next pull, once the text is quiet, gets the diagnostics.
      const report = await server.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
      assert.equal(casing(report), 3);
    } finally {
      await server.stop();
    }
  });
});
