// Snapshot of every finding on the fixture corpus: our rules (lint) and dockerfile-utils'
// validation, compared with test/fixtures/corpus/<name>/expected.json. A rule change that moves
// findings on real-world files shows up here as a reviewable diff.
//   UPDATE_SNAPSHOTS=1 node --import tsx --test test/unit/corpus.test.ts   rewrites them
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ValidationCode } from 'dockerfile-utils';
import { validateWithLibrary } from '../../server/src/analysis/libraryValidation';
import { defaultSettings, toValidatorSettings } from '../../server/src/infra/settings';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { lint } from '../../server/src/analysis/lint';
import { createDeprecatedBaseImage } from '../../server/src/analysis/rules/image/baseImages';
import { allRules } from '../../server/src/analysis/rules/index';

const corpus = path.resolve(__dirname, '..', 'fixtures', 'corpus');
const updating = process.env.UPDATE_SNAPSHOTS === '1';

/** End-of-life findings depend on the date: the snapshots are taken as of this one, so they do not age. */
const snapshotDate = new Date('2026-11-27T00:00:00Z');
const rules = allRules.map((rule) => (rule.code === 'DeprecatedBaseImage' ? createDeprecatedBaseImage({ now: () => snapshotDate }) : rule));

interface SnapshotFinding {
  readonly source: 'dockerfile-stages' | 'dockerfile-utils';
  /** Our rule's code, or the name of dockerfile-utils' ValidationCode. */
  readonly code: string;
  /** 1-based, as the CLI prints it. */
  readonly line: number;
  readonly message: string;
}

function findingsOf(file: string, text: string): SnapshotFinding[] {
  const model = new DocumentModel(`file://${file}`, 1, text);
  const ours = lint(model, { rules }).map((finding): SnapshotFinding => ({
    source: 'dockerfile-stages',
    code: finding.code,
    line: finding.range.start.line + 1,
    message: finding.message,
  }));
  const library = validateWithLibrary(text, toValidatorSettings(defaultSettings)).diagnostics.map((diagnostic): SnapshotFinding => ({
    source: 'dockerfile-utils',
    code: typeof diagnostic.code === 'number' ? (ValidationCode[diagnostic.code] ?? String(diagnostic.code)) : String(diagnostic.code),
    line: diagnostic.range.start.line + 1,
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
  }));
  return [...ours, ...library].sort(
    (a, b) => a.line - b.line || a.source.localeCompare(b.source) || a.code.localeCompare(b.code) || a.message.localeCompare(b.message),
  );
}

const cases = readdirSync(corpus, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('corpus snapshots', () => {
  test('the corpus has its 60+ cases, each with a Dockerfile', () => {
    assert.ok(cases.length >= 60, `only ${cases.length} corpus cases`);
    const withoutDockerfile = cases.filter((name) => !existsSync(path.join(corpus, name, 'Dockerfile')));
    assert.deepEqual(withoutDockerfile, []);
  });

  test('the snapshot date replaces exactly the one date-dependent rule', () => {
    assert.equal(rules.length, allRules.length);
    assert.equal(rules.filter((rule, index) => rule !== allRules[index]).length, 1);
  });

  for (const name of cases) {
    const file = path.join(corpus, name, 'Dockerfile');
    const expectedFile = path.join(corpus, name, 'expected.json');
    test(name, () => {
      const text = readFileSync(file, 'utf8');
      let actual: SnapshotFinding[] = [];
      assert.doesNotThrow(() => {
        actual = findingsOf(file, text);
      }, `lint or validation crashed on ${name}`);
      if (updating) {
        writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
        return;
      }
      assert.ok(existsSync(expectedFile), `${name} has no expected.json; run with UPDATE_SNAPSHOTS=1 and review the result`);
      const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as SnapshotFinding[];
      assert.deepEqual(actual, expected, `findings on ${name} changed; if intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff`);
    });
  }
});
