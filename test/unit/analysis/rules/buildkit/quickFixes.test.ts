import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { invalidDefinitionDescription } from '../../../../../server/src/analysis/rules/buildkit/definitionDescription';
import { exposeInvalidFormat, exposeProtoCasing } from '../../../../../server/src/analysis/rules/buildkit/expandedWords';
import { redundantTargetPlatform } from '../../../../../server/src/analysis/rules/buildkit/fromPlatform';
import {
  consistentInstructionCasing,
  legacyKeyValueFormat,
  maintainerDeprecated,
  noEmptyContinuation,
} from '../../../../../server/src/analysis/rules/buildkit/instructionForms';
import { applyFix, check, lines } from '../../../helpers';

describe('quick fixes of the BuildKit checks', () => {
  test('LegacyKeyValueFormat writes key=value, quoting a value with blanks, and offers nothing where quoting would change it', () => {
    const text = lines('FROM alpine', 'ENV APP_HOME /srv/app', 'ENV GREETING hello world', 'LABEL note "a" b');
    const findings = check(legacyKeyValueFormat, text);
    assert.equal(applyFix(text, findings[0]), lines('FROM alpine', 'ENV APP_HOME=/srv/app', 'ENV GREETING hello world', 'LABEL note "a" b'));
    assert.equal(applyFix(text, findings[1]), lines('FROM alpine', 'ENV APP_HOME /srv/app', 'ENV GREETING="hello world"', 'LABEL note "a" b'));
    assert.deepEqual(findings[2].fixes, []);
  });

  test('ConsistentInstructionCasing writes the keyword in the majority casing', () => {
    const text = lines('from alpine', 'run true', 'COPY a b');
    assert.equal(applyFix(text, check(consistentInstructionCasing, text)[0]), lines('from alpine', 'run true', 'copy a b'));
  });

  test('ExposeProtoCasing lower-cases the protocol; ExposeInvalidFormat keeps the container port', () => {
    const text = lines('FROM nginx', 'EXPOSE 80/TCP 127.0.0.1:8443:443/udp');
    assert.equal(applyFix(text, check(exposeProtoCasing, text)[0]), lines('FROM nginx', 'EXPOSE 80/tcp 127.0.0.1:8443:443/udp'));
    assert.equal(applyFix(text, check(exposeInvalidFormat, text)[0]), lines('FROM nginx', 'EXPOSE 80/TCP 443/udp'));
  });

  test('RedundantTargetPlatform drops the flag', () => {
    const text = lines('FROM --platform=$TARGETPLATFORM alpine AS base');
    assert.equal(applyFix(text, check(redundantTargetPlatform, text)[0]), lines('FROM alpine AS base'));
  });

  test('MaintainerDeprecated becomes the authors label', () => {
    const text = lines('FROM alpine', 'MAINTAINER Jane Doe <jane@example.org>');
    assert.equal(applyFix(text, check(maintainerDeprecated, text)[0]), lines('FROM alpine', 'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.org>"'));
  });

  test('NoEmptyContinuation removes the empty lines', () => {
    const text = lines('FROM alpine', 'RUN apk add \\', '', '    curl');
    assert.equal(applyFix(text, check(noEmptyContinuation, text)[0]), lines('FROM alpine', 'RUN apk add \\', '    curl'));
  });

  test('InvalidDefinitionDescription starts the comment with the name, or separates it', () => {
    const text = lines('FROM alpine', '# the release to build', 'ARG version=1');
    const finding = check(invalidDefinitionDescription, text)[0];
    assert.equal(applyFix(text, finding, 0), lines('FROM alpine', '# version the release to build', 'ARG version=1'));
    assert.equal(applyFix(text, finding, 1), lines('FROM alpine', '# the release to build', '', 'ARG version=1'));
  });
});
