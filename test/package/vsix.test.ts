import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { zipEntryNames } from './zipEntries';

const root = path.resolve(__dirname, '..', '..');

test('npm run package builds a .vsix holding only bundles, grammar, docs, icon and the top-level texts', () => {
  const result = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const entries = zipEntryNames(path.join(root, 'dist', 'dockerfile-stages.vsix'));
  const allowed = [
    /^extension\.vsixmanifest$/,
    /^\[Content_Types\]\.xml$/,
    /^extension\/package\.json$/,
    /^extension\/dist\/(client|languageClient|server|cli)\.js$/,
    /^extension\/dist\/webview\/[^/]+\.(js|css)$/,
    /^extension\/syntaxes\/[^/]+\.tmLanguage\.json$/,
    /^extension\/docs\/.+\.md$/,
    /^extension\/images\/icon\.png$/,
    /^extension\/(readme|changelog)\.md$/i,
    /^extension\/LICENSE(\.txt)?$/i,
  ];
  const unexpected = entries.filter((entry) => !allowed.some((pattern) => pattern.test(entry)));
  assert.deepEqual(unexpected, [], 'nothing else is packaged');
  for (const required of ['extension/dist/client.js', 'extension/dist/languageClient.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/images/icon.png', 'extension/package.json']) {
    assert.ok(entries.includes(required), `${required} is packaged`);
  }
  assert.ok(entries.some((entry) => /^extension\/syntaxes\//.test(entry)), 'the grammar is packaged');
  assert.ok(entries.some((entry) => /^extension\/readme\.md$/i.test(entry)));
  assert.ok(entries.some((entry) => /^extension\/changelog\.md$/i.test(entry)));
  assert.ok(entries.some((entry) => /^extension\/LICENSE/i.test(entry)));
});
