// The command line keeps the editor's size cap (issue 21): a 50 MB Dockerfile took minutes and
// gigabytes to lint. Above the cap a file is refused with exit 2 and says how to go on anyway.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { documentLimits } from '../../server/src/infra/limits';
import { bigRealistic } from '../fuzz/pathological';
import { runCli, workspace } from './helpers';

describe('dockerfile-stages size cap', () => {
  let files: ReturnType<typeof workspace>;
  /** One finding (the stage name's casing), and comments past the cap. */
  const overCap = `FROM alpine:3.20 AS Final\n${'# a comment line\n'.repeat(documentLimits.maxCharacters / 16 + 1)}`;
  before(() => {
    files = workspace({ 'big/Dockerfile': overCap, 'huge/Dockerfile': bigRealistic(4 * documentLimits.maxCharacters), 'small/Dockerfile': 'FROM alpine:3.20 AS Final\n' });
  });
  after(() => files.remove());
  const run = (args: string[], input?: string) => runCli(args, { cwd: files.root, input });

  test('lint, graph and convert refuse a file over the cap with exit 2 and say how to analyse it anyway', () => {
    for (const args of [['lint', 'big/Dockerfile'], ['graph', 'big/Dockerfile'], ['convert', 'big/Dockerfile'], ['lint', 'huge'], ['lint', '-']]) {
      const result = run(args, args.includes('-') ? overCap : undefined);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /is \d+\.\d MB: Dockerfile Stages analyses files up to 1\.0 MB, as the editor does; --no-size-limit analyses it anyway/, args.join(' '));
    }
  });

  test('the other files of a run are still linted', () => {
    const result = run(['lint', 'big', 'small']);
    assert.equal(result.status, 2);
    assert.match(result.stdout, /small\/Dockerfile:1:\d+: \w+ StageNameCasing/);
  });

  test('--no-size-limit analyses the file', () => {
    const result = run(['lint', '--no-size-limit', 'big/Dockerfile']);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /big\/Dockerfile:1:\d+: \w+ StageNameCasing/);
  });
});
