import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildFileChecks } from '../../server/src/analysis/builds/check';
import { allRules } from '../../server/src/analysis/rules/index';
import { hadolintEquivalents } from '../../server/src/analysis/suppression';
import { check } from './helpers';

const docs = path.resolve(__dirname, '../../docs');
const index = readFileSync(path.join(docs, 'rules/README.md'), 'utf8');

function page(code: string): string {
  return readFileSync(path.join(docs, 'rules', `${code}.md`), 'utf8');
}

/** The ```dockerfile block under a `## <heading>` section, if the page has one. */
function example(text: string, heading: string): string | undefined {
  const section = text.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  return section ? /```dockerfile\n([\s\S]*?)```/.exec(section)?.[1] : undefined;
}

describe('build-file check documentation', () => {
  for (const buildCheck of buildFileChecks) {
    test(`${buildCheck.code} has a page and an index row stating its default severity`, () => {
      const text = page(buildCheck.code);
      assert.equal(text.split('\n')[0], `# ${buildCheck.code}`);
      assert.ok(text.includes(`Default severity: \`${buildCheck.defaultSeverity}\``));
      assert.ok(index.includes(`| [${buildCheck.code}](${buildCheck.code}.md) | ${buildCheck.defaultSeverity} |`));
    });
  }
});

describe('rule documentation', () => {
  for (const rule of allRules) {
    test(`${rule.code} has a page stating its default severity`, () => {
      assert.ok(existsSync(path.join(docs, 'rules', `${rule.code}.md`)), `docs/rules/${rule.code}.md is missing`);
      const text = page(rule.code);
      assert.equal(text.split('\n')[0], `# ${rule.code}`);
      assert.ok(text.includes(`Default severity: \`${rule.defaultSeverity}\``), `the page does not say "Default severity: \`${rule.defaultSeverity}\`"`);
    });

    test(`${rule.code} is in the index with its default severity`, () => {
      assert.ok(index.includes(`| [${rule.code}](${rule.code}.md) | ${rule.defaultSeverity} |`), `docs/rules/README.md has no row for ${rule.code} at ${rule.defaultSeverity}`);
    });

    test(`${rule.code}: the page's bad example fires and its good example does not`, (t) => {
      if (!existsSync(path.join(docs, 'rules', `${rule.code}.md`))) return t.skip('no page yet: reported above');
      const text = page(rule.code);
      const bad = example(text, 'Bad');
      const good = example(text, 'Good');
      if (bad !== undefined) assert.ok(check(rule, bad).length > 0, 'the bad example raises no finding');
      if (good !== undefined) assert.deepEqual(check(rule, good), [], 'the good example raises a finding');
    });
  }
});

describe('suppression documentation', () => {
  const text = readFileSync(path.join(docs, 'suppression.md'), 'utf8');
  const rows = [...text.matchAll(/^\| (DL\d{4}) \| [^|]* \| ([^|]*) \|$/gm)].map((match) => [match[1], match[2].trim()]);

  test('the hadolint table lists exactly the equivalences in code', () => {
    assert.deepEqual(
      rows,
      Object.entries(hadolintEquivalents).map(([code, rules]) => [code, rules.join(', ')]),
    );
  });
});
