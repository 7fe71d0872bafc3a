// The command line keeps the editor's cap on the library's variable resolution (issue 21): a file
// of many variable references took dockerfile-utils' validation minutes. The cap is the server's
// own function (analysis/variableWork.ts), so the two agree on which files are over it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { libraryResolvesVariablesQuickly } from '../../server/src/analysis/variableWork';
import { lines, runCli, workspace } from './helpers';

/** A library finding (INVALID_PROTO, line 2) and one of our rules' (StageNameCasing, line 1). */
const head = lines('FROM alpine:3.20 AS Final', 'EXPOSE 80/bogus');
const under = `${head}RUN go build${' $a'.repeat(100)}\n`;
const over = `${head}RUN go build${' $a'.repeat(12_000)}\n`;

interface JsonFinding {
  readonly line: number;
  readonly code: string;
  readonly source: string;
}

describe('dockerfile-stages lint: the variable-work cap', () => {
  let files: ReturnType<typeof workspace>;
  before(() => {
    files = workspace({ 'under/Dockerfile': under, 'over/Dockerfile': over });
  });
  after(() => files.remove());
  const lint = (file: string) => runCli(['lint', '-f', 'json', file], { cwd: files.root });
  const findings = (stdout: string, source: string) =>
    (JSON.parse(stdout) as JsonFinding[]).filter((finding) => finding.source === source).map(({ line, code }) => `${line} ${code}`);

  test('the two files straddle the editor cap', () => {
    assert.equal(libraryResolvesVariablesQuickly(new DocumentModel('file:///under', 0, under)), true);
    assert.equal(libraryResolvesVariablesQuickly(new DocumentModel('file:///over', 0, over)), false);
  });

  test('under the cap, the library validates the file', () => {
    const result = lint('under/Dockerfile');
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, '');
    assert.deepEqual(findings(result.stdout, 'dockerfile-utils'), ['2 INVALID_PROTO']);
    assert.ok(findings(result.stdout, 'dockerfile-stages').includes('1 StageNameCasing'));
  });

  test('over it, the library is not called, stderr says why, and our rules report as under it', () => {
    const result = lint('over/Dockerfile');
    assert.equal(result.status, 1, result.stderr);
    assert.equal(
      result.stderr,
      'dockerfile-stages: over/Dockerfile: This file has 12000 variable references, too many for the language library to resolve quickly: the Dockerfile syntax checks of dockerfile-utils are off for this file, as each would take seconds. The stage rules still ran.\n',
    );
    assert.deepEqual(findings(result.stdout, 'dockerfile-utils'), []);
    assert.deepEqual(findings(result.stdout, 'dockerfile-stages'), findings(lint('under/Dockerfile').stdout, 'dockerfile-stages'));
  });
});
