import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHadolintConfig } from '../../../server/src/analysis/hadolintConfig';

test('reads the ignored list of a .hadolint.yaml', () => {
  const config = parseHadolintConfig('failure-threshold: warning\nignored:\n  - DL3006\n  - UnreachableStage\ntrustedRegistries:\n  - docker.io\n');
  assert.deepEqual(config.ignored, ['DL3006', 'UnreachableStage']);
});

test('a file without a usable ignored list ignores nothing', () => {
  assert.deepEqual(parseHadolintConfig('').ignored, []);
  assert.deepEqual(parseHadolintConfig('ignored: DL3006\n').ignored, []);
  assert.deepEqual(parseHadolintConfig('ignored: [DL3006, 7, null]\n').ignored, ['DL3006']);
  assert.deepEqual(parseHadolintConfig('ignored: [unclosed\n').ignored, []);
  assert.deepEqual(parseHadolintConfig('- just\n- a list\n').ignored, []);
});
