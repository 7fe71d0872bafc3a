import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { zipEntryNames, zipEntryText } from './zipEntries';

const root = path.resolve(__dirname, '..', '..');

const vsix = path.join(root, 'dist', 'dockerfile-stages.vsix');

test('npm run package builds a .vsix holding only bundles, grammar, docs, images and the top-level texts', () => {
  const result = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const entries = zipEntryNames(vsix);
  const allowed = [
    /^extension\.vsixmanifest$/,
    /^\[Content_Types\]\.xml$/,
    /^extension\/package\.json$/,
    /^extension\/dist\/(client|languageClient|server|cli)\.js$/,
    /^extension\/dist\/webview\/[^/]+\.(js|css)$/,
    /^extension\/syntaxes\/[^/]+\.tmLanguage\.json$/,
    /^extension\/docs\/.+\.md$/,
    /^extension\/images\/[^/]+\.png$/,
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

test("the .vsix details page shows the README's images: every image the packaged README links to is in the .vsix", () => {
  const entries = new Set(zipEntryNames(vsix));
  const readmeEntry = [...entries].find((entry) => /^extension\/readme\.md$/i.test(entry));
  assert.ok(readmeEntry, 'the README is packaged');
  const readme = zipEntryText(vsix, readmeEntry);
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)|<img [^>]*src="([^"]+)"/g)].map((match) => match[1] ?? match[2]);
  assert.ok(images.length >= 2, `the README shows its screenshots (${images.join(', ')})`);
  for (const image of images) {
    assert.doesNotMatch(image, /^[a-z]+:/i, `${image}: relative, so it resolves inside the installed extension`);
    assert.ok(entries.has(`extension/${path.posix.normalize(image)}`), `${image} is in the .vsix`);
  }
});
