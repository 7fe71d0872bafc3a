import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../server/src/analysis/rules/index';

const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

test('the README lists every rule with its default severity and a link to its page', () => {
  for (const rule of allRules) {
    assert.ok(readme.includes(`| [${rule.code}](docs/rules/${rule.code}.md) | ${rule.defaultSeverity} |`), `${rule.code} is listed`);
  }
});

test('the README gives the two commands CI runs', () => {
  assert.match(readme, /<!-- main-command -->\n```sh\nnpm ci && npm start\n```/);
  assert.match(readme, /<!-- test-command -->\n```sh\nnpm ci && npm test\n```/);
});
