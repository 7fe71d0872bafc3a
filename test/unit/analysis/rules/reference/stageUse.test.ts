import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyWholeFilesystem, unreachableStage } from '../../../../../server/src/analysis/rules/reference/stageUse';
import { check, lines, rangeText } from '../../../helpers';

describe('UnreachableStage', () => {
  test('a stage the target never uses is faded over its whole extent', () => {
    const text = lines('FROM golang:1.22 AS build', 'RUN go build', 'FROM golang:1.22 AS test', 'RUN go test ./...', '', 'FROM alpine', 'COPY --from=build /out /out');
    const [finding, ...rest] = check(unreachableStage, text);
    assert.equal(rest.length, 0);
    assert.equal(finding.unnecessary, true);
    assert.equal(rangeText(text, finding), 'FROM golang:1.22 AS test\nRUN go test ./...');
    assert.equal(finding.message, "Stage 'test' is not used by the target stage 2 (FROM alpine); docker build skips it unless it is built with --target.");
  });

  test('never the target; not stages reached through FROM, mounts or forward references', () => {
    const text = lines('FROM alpine AS base', 'FROM base AS deps', 'RUN --mount=from=assets,target=/a true', 'FROM alpine AS assets', 'FROM alpine', 'COPY --from=deps / /x');
    assert.deepEqual(check(unreachableStage, text), []);
    assert.deepEqual(check(unreachableStage, lines('FROM alpine AS only')), []);
  });
});

describe('CopyWholeFilesystem', () => {
  test('fires on / from a stage or an image, in shell and JSON form', () => {
    const text = lines('FROM golang:1.22 AS build', 'FROM alpine', 'COPY --from=build / /', 'COPY --from=build ["/.", "/rootfs"]', 'COPY --from=busybox:1.36 /* /');
    const findings = check(copyWholeFilesystem, text);
    assert.deepEqual(
      findings.map((finding) => rangeText(text, finding)),
      ['/', '"/."', '/*'],
    );
    assert.match(findings[0].message, /whole filesystem of stage 'build'/);
    assert.match(findings[2].message, /whole filesystem of image busybox:1.36/);
  });

  test('fires on a bare alias of a known OS image', () => {
    assert.equal(check(copyWholeFilesystem, lines('FROM alpine:3.20 AS base', 'FROM scratch', 'COPY --from=base / /')).length, 1);
  });

  test('does not fire on an alias of an unknown image (the tonistiigi/xx pattern) or an unknown image', () => {
    const text = lines('FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.5.0 AS xx', 'FROM golang:1.22-alpine', 'COPY --from=xx / /', 'COPY --from=ghcr.io/acme/rootfs:1 / /');
    assert.deepEqual(check(copyWholeFilesystem, text), []);
  });

  test('does not fire on a stage built FROM scratch (an export stage), sub-paths, or plain COPY', () => {
    const text = lines(
      'FROM golang:1.22 AS build',
      'FROM scratch AS artifacts',
      'COPY --from=build /out/app /app',
      'FROM artifacts AS more',
      'FROM alpine',
      'COPY --from=artifacts / /',
      'COPY --from=more / /',
      'COPY --from=build /out/ /',
      'COPY / /',
    );
    assert.deepEqual(check(copyWholeFilesystem, text), []);
  });
});
