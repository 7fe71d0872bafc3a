import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { ServerProcess } from './serverProcess';
import { applyEdits } from './textEdits';

const typo = ['FROM golang:1.22 AS builder', 'RUN go build -o /out/app .', 'FROM alpine:3.20', 'COPY --from=buidler /out/app /app', ''].join('\n');

const ours = (diagnostics: readonly Diagnostic[] | undefined) => (diagnostics ?? []).filter((diagnostic) => diagnostic.source === 'dockerfile-stages');
const withCode = (server: ServerProcess, uri: string, code: string) => ours(server.published.get(uri)?.diagnostics).filter((d) => d.code === code);

describe('stage rules in the editor', () => {
  test('a rule finding arrives with its code, a link to its page and a working quick fix', async () => {
    const uri = 'file:///work/rules/Dockerfile';
    const server = await ServerProcess.start();
    try {
      await server.open(uri, typo);
      await server.waitFor('UndefinedStage', () => withCode(server, uri, 'UndefinedStage').length === 1);
      const [undefinedStage] = withCode(server, uri, 'UndefinedStage');
      assert.equal(undefinedStage.range.start.line, 3);
      assert.match(String(undefinedStage.message), /buidler/);
      assert.match(undefinedStage.codeDescription?.href ?? '', /docs\/rules\/UndefinedStage\.md$/);
      const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: undefinedStage.range,
        context: { diagnostics: [undefinedStage] },
      });
      const fix = actions.find((action) => /builder/.test(action.title));
      assert.ok(fix?.edit?.changes, JSON.stringify(actions));
      assert.deepEqual(fix.diagnostics, [undefinedStage]);
      assert.match(applyEdits(typo, fix.edit.changes[uri] ?? []), /COPY --from=builder \/out\/app \/app/);

      // The light bulb's question at a cursor without diagnostics: nothing to fix there.
      const atCursor = { start: { line: 3, character: 14 }, end: { line: 3, character: 14 } };
      assert.deepEqual(await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: atCursor, context: { diagnostics: [], triggerKind: 2 } }), []);
      const withDiagnostic = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: atCursor, context: { diagnostics: [undefinedStage], triggerKind: 2 } });
      assert.ok(withDiagnostic.some((action) => /builder/.test(action.title)), 'the same cursor with the diagnostic the editor shows there gets its fix');
    } finally {
      await server.stop();
    }
  });

  test('UnreachableStage carries the Unnecessary tag', async () => {
    const uri = 'file:///work/rules/unreachable.dockerfile';
    const server = await ServerProcess.start();
    try {
      await server.open(uri, 'FROM alpine:3.20 AS unused\nRUN echo hi\nFROM alpine:3.20\nCMD ["true"]\n');
      await server.waitFor('UnreachableStage', () => withCode(server, uri, 'UnreachableStage').length === 1);
      assert.deepEqual(withCode(server, uri, 'UnreachableStage')[0].tags, [1]);
    } finally {
      await server.stop();
    }
  });

  test('per-rule severity settings and suppression comments apply', async () => {
    const uri = 'file:///work/rules/settings/Dockerfile';
    const server = await ServerProcess.start({ settings: { [uri]: { rules: { UndefinedStage: 'error' } } } });
    try {
      await server.open(uri, typo);
      await server.waitFor('UndefinedStage as an error', () => withCode(server, uri, 'UndefinedStage')[0]?.severity === 1);
      await server.changeSettings({ [uri]: { rules: { UndefinedStage: 'off' } } });
      await server.waitFor('UndefinedStage turned off', () => server.published.get(uri) !== undefined && withCode(server, uri, 'UndefinedStage').length === 0);
      await server.changeSettings({});
      await server.replace(uri, typo.replace('COPY --from=buidler', '# dockerfile-stages ignore=UndefinedStage\nCOPY --from=buidler'));
      await server.waitFor('version 2 published', () => server.published.get(uri)?.version === 2);
      assert.deepEqual(withCode(server, uri, 'UndefinedStage'), []);
    } finally {
      await server.stop();
    }
  });

  test('.hadolint.yaml ignores apply in a trusted workspace, follow file changes, and are not read when untrusted', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'dockerfile-stages-'));
    try {
      const nested = path.join(folder, 'service');
      const dockerfile = path.join(nested, 'Dockerfile');
      const config = path.join(folder, '.hadolint.yaml');
      const uri = pathToFileURL(dockerfile).href;
      mkdirSync(nested);
      writeFileSync(dockerfile, typo);
      writeFileSync(config, 'ignored:\n  - UndefinedStage\n');

      const trusted = await ServerProcess.start();
      try {
        await trusted.open(uri, typo);
        await trusted.waitFor('published', () => trusted.published.has(uri));
        assert.deepEqual(withCode(trusted, uri, 'UndefinedStage'), [], 'ignored by the config in a parent folder');
        writeFileSync(config, 'ignored: []\n');
        await trusted.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 2 }] });
        await trusted.waitFor('reported again after the config changed', () => withCode(trusted, uri, 'UndefinedStage').length === 1);
      } finally {
        await trusted.stop();
      }

      writeFileSync(config, 'ignored:\n  - UndefinedStage\n');
      const untrusted = await ServerProcess.start({ initializationOptions: { workspaceTrusted: false } });
      try {
        await untrusted.open(uri, typo);
        await untrusted.waitFor('reported: the config is not read', () => withCode(untrusted, uri, 'UndefinedStage').length === 1);
      } finally {
        await untrusted.stop();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('the build context\'s ignore file feeds CopyIgnoredFile in a trusted workspace, <Dockerfile>.dockerignore first, and follows file changes', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'dockerfile-stages-'));
    try {
      const dockerfile = path.join(folder, 'Dockerfile');
      const text = ['# check=experimental=CopyIgnoredFile', 'FROM alpine:3.20', 'COPY secret.txt /etc/app/', ''].join('\n');
      const uri = pathToFileURL(dockerfile).href;
      writeFileSync(dockerfile, text);
      writeFileSync(path.join(folder, '.dockerignore'), 'secret.txt\n');

      const trusted = await ServerProcess.start();
      try {
        await trusted.open(uri, text);
        await trusted.waitFor('CopyIgnoredFile from .dockerignore', () => withCode(trusted, uri, 'CopyIgnoredFile').length === 1);
        const ownIgnoreFile = `${dockerfile}.dockerignore`;
        writeFileSync(ownIgnoreFile, '# this Dockerfile sends everything\n');
        await trusted.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(ownIgnoreFile).href, type: 1 }] });
        await trusted.waitFor('Dockerfile.dockerignore replaces .dockerignore', () => trusted.published.has(uri) && withCode(trusted, uri, 'CopyIgnoredFile').length === 0);
        writeFileSync(ownIgnoreFile, 'secret.*\n');
        await trusted.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(ownIgnoreFile).href, type: 2 }] });
        await trusted.waitFor('reported again after Dockerfile.dockerignore changed', () => withCode(trusted, uri, 'CopyIgnoredFile').length === 1);
      } finally {
        await trusted.stop();
      }

      const untrusted = await ServerProcess.start({ initializationOptions: { workspaceTrusted: false } });
      try {
        await untrusted.open(uri, text);
        await untrusted.waitFor('published', () => untrusted.published.has(uri));
        assert.deepEqual(withCode(untrusted, uri, 'CopyIgnoredFile'), [], 'neither ignore file is read');
      } finally {
        await untrusted.stop();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
