// Named pipes where the server reads workspace files (issue 21): a FIFO as `.hadolint.yaml` or
// `.dockerignore` in a trusted workspace once held every request that waited on the read, for
// ever, as nothing writes to it. The real server over stdio, with a small and a large (heavy)
// Dockerfile below such a folder: every request on either is answered, with the file's findings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver';
import { documentLimits } from '../../server/src/infra/limits';
import { isKnownLibraryDefect } from '../fuzz/exercise';
import { findingCode, findingLine, plainFile } from '../fuzz/hostile';
import { openRequests } from '../fuzz/requests';
import { pullClientCapabilities, ServerProcess } from './serverProcess';

describe('FIFOs as workspace files', { timeout: 120_000 }, () => {
  let folder: string;
  let server: ServerProcess;
  const files = {
    small: { relative: 'Dockerfile', text: `FROM alpine:3.20\n${findingLine}` },
    large: { relative: path.join('large', 'Dockerfile'), text: plainFile(documentLimits.heavyCharacters * 2) + findingLine },
  };

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'dockerfile-stages-fifo-'));
    mkdirSync(path.join(folder, 'large'));
    for (const name of ['.hadolint.yaml', '.dockerignore']) {
      const made = spawnSync('mkfifo', [path.join(folder, name)]);
      assert.equal(made.status, 0, `mkfifo ${name}: ${made.stderr}`);
    }
    for (const file of Object.values(files)) writeFileSync(path.join(folder, file.relative), file.text);
    // A trusted workspace, where the server reads `.hadolint.yaml` and `.dockerignore`.
    server = await ServerProcess.start({ capabilities: pullClientCapabilities, initializationOptions: { workspaceTrusted: true } });
  });
  after(async () => {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  for (const [size, file] of Object.entries(files)) {
    test(`the ${size} file's requests are all answered, its findings included`, async () => {
      assert.equal(file.text.length > documentLimits.heavyCharacters, size === 'large');
      const uri = pathToFileURL(path.join(folder, file.relative)).href;
      await server.open(uri, file.text);
      const results = await Promise.all(openRequests(uri).map(({ method, params }) => server.request(method, params)));
      const report = results[results.length - 1] as DocumentDiagnosticReport;
      const diagnostics: Diagnostic[] = report.kind === 'full' ? report.items : [];
      const lastLine = file.text.split('\n').length - 2;
      assert.ok(diagnostics.some((diagnostic) => diagnostic.code === findingCode && diagnostic.range.start.line === lastLine), JSON.stringify(diagnostics.map((d) => d.code)));
      assert.deepEqual(server.logMessages.filter((message) => / failed: /.test(message) && !isKnownLibraryDefect(message)), []);
      await server.close(uri);
    });
  }
});
