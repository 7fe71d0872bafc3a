import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../../../../../server/src/analysis/lint';
import { parsePlatform, type Platform } from '../../../../../server/src/analysis/platforms';
import { packageCacheInFinalStage } from '../../../../../server/src/analysis/rules/image/finalStage';
import { lines, modelOf } from '../../../helpers';

const text = lines(
  'FROM debian:bookworm-slim AS runtime-amd64',
  'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*',
  'FROM debian:bookworm-slim AS runtime-arm64',
  'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates',
  'FROM runtime-$TARGETARCH',
  'COPY app /app',
);

function cacheFindings(platforms: readonly Platform[]): number[] {
  return lint(modelOf(text), { rules: [packageCacheInFinalStage], platforms }).map((finding) => finding.range.start.line + 1);
}

describe('final-stage rules judge what ships on each configured platform', () => {
  test('the arm64 runtime ships on linux/arm64, so its apt lists are reported there', () => {
    assert.deepEqual(cacheFindings([parsePlatform('linux/amd64') as Platform, parsePlatform('linux/arm64') as Platform]), [4]);
  });

  test('built for linux/amd64 only, the arm64 runtime never ships and is not judged as final', () => {
    assert.deepEqual(cacheFindings([parsePlatform('linux/amd64') as Platform]), []);
  });
});
