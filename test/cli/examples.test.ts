// examples/README.md says, per example, what `dockerfile-stages lint` reports at its defaults; the
// built CLI must report exactly that, so the README and a new user's first run agree.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot, runCli } from './helpers';

interface ExampleRow {
  readonly file: string;
  readonly codes: readonly string[];
}

/** The rows of the README's table: the file in backticks and the codes of its last column. */
function readmeRows(): ExampleRow[] {
  const readme = readFileSync(path.join(repoRoot, 'examples', 'README.md'), 'utf8');
  return readme
    .split('\n')
    .map((line) => /^\| `([^`]+)` \|.*\| ([^|]+) \|$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ file: match[1], codes: match[2].trim() === '—' ? [] : match[2].split(',').map((code) => code.trim()) }));
}

describe('the examples report what their README says', () => {
  const rows = readmeRows();
  test('the README lists every example', () => assert.equal(rows.length, 6));
  for (const row of rows) {
    test(row.file, () => {
      const result = runCli(['lint', '--format', 'json', path.join('examples', row.file)]);
      const codes = [...new Set((JSON.parse(result.stdout) as { code: string }[]).map((finding) => finding.code))].sort();
      assert.deepEqual(codes, [...row.codes].sort());
      assert.equal(result.status, row.codes.length > 0 ? 1 : 0, 'a default lint fails exactly when something is reported');
    });
  }
});
