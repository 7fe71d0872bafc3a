import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { dockerOnPath } from '../../../client/src/stageCommandLine';
import { stageCommandLine, stageImageTag } from '../../../server/src/protocol/stageCommandLine';

test('docker counts as on the PATH only as an executable file in one of its folders', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'docker-on-path-'));
  try {
    const docker = path.join(folder, 'docker');
    assert.equal(dockerOnPath(['/nonexistent', folder].join(path.delimiter), ['']), false);
    writeFileSync(docker, '#!/bin/sh\n');
    chmodSync(docker, 0o644);
    assert.equal(dockerOnPath(folder, ['']), false, 'not executable');
    chmodSync(docker, 0o755);
    assert.equal(dockerOnPath(['', '/nonexistent', folder].join(path.delimiter), ['']), true);
    assert.equal(dockerOnPath('', ['']), false);
  } finally {
    rmSync(folder, { recursive: true });
  }
});

test('the command lines build the stage from its Dockerfile in its context, quoting what a shell would split', () => {
  const args = { dockerfile: "/w/it's here/Dockerfile", stage: 'Dev', context: '/w/app' };
  assert.equal(stageImageTag('Dev'), 'dockerfile-stages/dev:latest');
  assert.equal(stageCommandLine(args, false), `docker build --target Dev -f '/w/it'\\''s here/Dockerfile' -t dockerfile-stages/dev:latest /w/app`);
  assert.equal(stageCommandLine(args, true), `${stageCommandLine(args, false)} && docker run --rm -it dockerfile-stages/dev:latest`);
});
