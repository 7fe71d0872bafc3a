import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, DocumentDiagnosticReport, FullDocumentDiagnosticReport } from 'vscode-languageserver';
import { pullClientCapabilities, ServerProcess } from './serverProcess';

const lowercase = 'from alpine:3.20\nMAINTAINER someone\nWORKDIR app\n';
const strictUri = 'file:///work/strict/Dockerfile';
const relaxedUri = 'file:///work/relaxed/Dockerfile';

const relaxed = { diagnostics: { instructionCasing: 'ignore', deprecatedMaintainer: 'ignore', instructionWorkdirRelative: 'error' } };

function codesBySeverity(diagnostics: readonly { code?: number | string; severity?: number }[]): string[] {
  return diagnostics.map((diagnostic) => `${diagnostic.code}:${diagnostic.severity}`).sort();
}

/** Rules that report a library check under BuildKit's name, and follow its setting. */
const replacing = new Set(['ConsistentInstructionCasing', 'MaintainerDeprecated', 'WorkdirRelativePath', 'NoEmptyContinuation', 'MultipleInstructionsDisallowed']);

/**
 * The checks behind the library's nine settings: these tests are about those settings. The ones
 * BuildKit also has are reported by the rule that replaces them, under BuildKit's name.
 */
const library = (diagnostics: readonly Diagnostic[] | undefined) =>
  (diagnostics ?? []).filter((diagnostic) => diagnostic.source === 'dockerfile-utils' || replacing.has(String(diagnostic.code)));

describe('validation settings, read per resource', () => {
  test('push: each document gets its own folder settings, and a settings change re-publishes', async () => {
    const server = await ServerProcess.start({ settings: { [relaxedUri]: relaxed } });
    try {
      await server.open(strictUri, lowercase);
      await server.open(relaxedUri, lowercase);
      await server.waitFor('both documents published', () => server.published.has(strictUri) && server.published.has(relaxedUri));
      // Casing and MAINTAINER warn by default; the relaxed folder ignores them and makes a relative WORKDIR an error.
      const strict = library(server.published.get(strictUri)?.diagnostics);
      const relaxedDiagnostics = library(server.published.get(relaxedUri)?.diagnostics);
      assert.equal(strict.length, 3, JSON.stringify(strict));
      assert.equal(relaxedDiagnostics.length, 1, JSON.stringify(relaxedDiagnostics));
      assert.equal(relaxedDiagnostics[0].severity, 1, 'relative WORKDIR raised to an error');
      assert.ok(server.configurationRequests >= 2);

      await server.changeSettings({ [strictUri]: relaxed });
      await server.waitFor('strict document re-published with the new settings', () => library(server.published.get(strictUri)?.diagnostics).length === 1);
      await server.waitFor('relaxed document back to defaults', () => library(server.published.get(relaxedUri)?.diagnostics).length === 3);
      assert.deepEqual(
        codesBySeverity(library(server.published.get(strictUri)?.diagnostics)),
        codesBySeverity(relaxedDiagnostics),
      );
    } finally {
      await server.stop();
    }
  });

  test('push: an edit re-validates and closing clears the diagnostics', async () => {
    const server = await ServerProcess.start();
    try {
      await server.open(strictUri, lowercase);
      await server.waitFor('first publish', () => library(server.published.get(strictUri)?.diagnostics).length === 3);
      await server.replace(strictUri, 'FROM alpine:3.20\nWORKDIR /app\n');
      await server.waitFor('clean after the edit', () => library(server.published.get(strictUri)?.diagnostics).length === 0);
      assert.equal(server.published.get(strictUri)?.version, 2);
      await server.replace(strictUri, 'from alpine:3.20\nRUN true\nCMD ["sh"]\n');
      await server.waitFor('problem again', () => library(server.published.get(strictUri)?.diagnostics).length === 1);
      await server.close(strictUri);
      await server.waitFor('cleared on close', () => server.published.get(strictUri)?.diagnostics.length === 0);
    } finally {
      await server.stop();
    }
  });

  test('pull: the client asks for diagnostics, and a settings change asks it to ask again', async () => {
    const server = await ServerProcess.start({ capabilities: pullClientCapabilities });
    try {
      assert.deepEqual(server.initializeResult.capabilities.diagnosticProvider, { interFileDependencies: false, workspaceDiagnostics: false });
      await server.open(strictUri, lowercase);
      const pull = () => server.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: strictUri } });
      const first = (await pull()) as FullDocumentDiagnosticReport;
      assert.equal(first.kind, 'full');
      assert.equal(library(first.items).length, 3);
      assert.equal(server.published.size, 0, 'nothing is pushed to a pull client');

      await server.changeSettings({ [strictUri]: relaxed });
      await server.waitFor('a diagnostic refresh request', () => server.diagnosticRefreshes > 0);
      const second = (await pull()) as FullDocumentDiagnosticReport;
      assert.deepEqual(library(second.items).map((item) => item.severity), [1]);
    } finally {
      await server.stop();
    }
  });

  test('malformed settings fall back to the defaults', async () => {
    const server = await ServerProcess.start({ settings: { [strictUri]: { diagnostics: { instructionCasing: 'loud', deprecatedMaintainer: 7 }, formatter: 'x' } } });
    try {
      await server.open(strictUri, lowercase);
      await server.waitFor('publish', () => server.published.has(strictUri));
      assert.equal(library(server.published.get(strictUri)?.diagnostics).length, 3);
    } finally {
      await server.stop();
    }
  });
});
