import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { undefinedVar, workdirRelativePath } from '../../../../../server/src/analysis/rules/buildkit/expandedWords';
import { check, lines } from '../../../helpers';

// BuildKit sets its automatic platform ARGs inside a stage only after `ARG TARGETARCH` there,
// then with the platform's value (linux/amd64 for a plain build here).
describe('automatic platform ARGs inside a stage, as BuildKit expands them', () => {
  test('without the ARG line, UndefinedVar reports the use', () => {
    const findings = check(undefinedVar, lines('FROM alpine:3.20', 'ENV ARCH=$TARGETARCH'));
    assert.deepEqual(
      findings.map((finding) => finding.message),
      ["Usage of undefined variable '$TARGETARCH'"],
    );
  });

  test('after ARG TARGETARCH, the use is defined and expands to the platform value', () => {
    assert.deepEqual(check(undefinedVar, lines('FROM alpine:3.20', 'ARG TARGETARCH', 'ENV ARCH=$TARGETARCH')), []);
    const [relative] = check(workdirRelativePath, lines('FROM alpine:3.20', 'ARG TARGETARCH', 'WORKDIR $TARGETARCH'));
    assert.equal(relative?.message, 'Relative workdir "amd64" can have unexpected results if the base image changes');
  });

  test('a RUN is left to the shell either way', () => {
    assert.deepEqual(check(undefinedVar, lines('FROM alpine:3.20', 'RUN echo $TARGETARCH')), []);
  });
});
