// BuildKit's check directives as its current frontend reads them, and hadolint's pragmas as
// hadolint reads them (cases from hadolint's test/Hadolint/PragmaSpec.hs), through lint().
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type LintOptions } from '../../../../../server/src/analysis/lint';
import { pinnedFrontendMinor } from '../../../../../server/src/analysis/suppression';
import { lines, modelOf } from '../../../helpers';

function codes(text: string, options: LintOptions = {}): string[] {
  return lint(modelOf(text), options).map((finding) => `${finding.range.start.line + 1}:${finding.code}`);
}

function has(text: string, code: string, options: LintOptions = {}): boolean {
  return codes(text, options).some((entry) => entry.endsWith(`:${code}`));
}

describe('# check= directives', () => {
  test('experimental checks run only when the file turns them on (by name or all), or the setting names them', () => {
    const body = ['FROM alpine:3.20', '# not a description', 'ARG version=1'];
    assert.equal(has(lines(...body), 'InvalidDefinitionDescription'), false);
    assert.equal(has(lines('# check=experimental=InvalidDefinitionDescription', ...body), 'InvalidDefinitionDescription'), true);
    assert.equal(has(lines('# check=experimental=all', ...body), 'InvalidDefinitionDescription'), true);
    assert.equal(has(lines('# check=experimental=CopyIgnoredFile', ...body), 'InvalidDefinitionDescription'), false);
    assert.equal(has(lines(...body), 'InvalidDefinitionDescription', { severities: { InvalidDefinitionDescription: 'warning' } }), true);
  });

  test('error=true makes BuildKit checks errors, and only those', () => {
    const findings = lint(modelOf(lines('# check=error=true', 'FROM alpine', 'ENV A b')));
    assert.equal(findings.find((finding) => finding.code === 'LegacyKeyValueFormat')?.severity, 'error');
    assert.equal(findings.find((finding) => finding.code === 'UnpinnedBaseImage')?.severity, 'warning');
  });

  test('a # check=skip= comment right above an instruction skips the checks there only', () => {
    const text = lines('FROM alpine:3.20', '# check=skip=LegacyKeyValueFormat', 'ENV A b', 'ENV C d', '# why: kept for old tooling', '# check=skip=all', 'ENV E f', '', '# check=skip=UndefinedVar', 'LABEL g h');
    assert.deepEqual(
      codes(text).filter((entry) => entry.endsWith('LegacyKeyValueFormat')),
      ['4:LegacyKeyValueFormat', '10:LegacyKeyValueFormat'],
    );
  });

  test('a skip comment does not silence rules that are not BuildKit checks', () => {
    assert.equal(has(lines('# check=skip=all', 'FROM ubuntu'), 'UnpinnedBaseImage'), true);
  });
});

describe('# syntax=docker/dockerfile:1.N decides which checks exist', () => {
  test('reads the pinned minor version of the official frontend only', () => {
    assert.equal(pinnedFrontendMinor('docker/dockerfile:1.7'), 7);
    assert.equal(pinnedFrontendMinor('docker/dockerfile:1.7.1'), 7);
    assert.equal(pinnedFrontendMinor('docker/dockerfile:1.4-labs'), 4);
    assert.equal(pinnedFrontendMinor('docker/dockerfile:1.18.0-rc1'), 18);
    assert.equal(pinnedFrontendMinor('docker.io/docker/dockerfile:1.10@sha256:abc'), 10);
    assert.equal(pinnedFrontendMinor('docker.io/docker/dockerfile-upstream:1.17.0-labs'), 17);
  });

  test('a pin that names no 1.N release means the newest frontend (its checks are the current ones)', () => {
    // `:1` and `:labs` follow the newest release; a bare digest or another image carries no version we can read.
    for (const syntax of ['docker/dockerfile:1', 'docker/dockerfile:1-labs', 'docker/dockerfile:labs', 'docker/dockerfile', 'docker/dockerfile@sha256:0123abcd', 'example.com/custom/frontend:1.2']) {
      assert.equal(pinnedFrontendMinor(syntax), undefined, syntax);
    }
  });

  const exposeAndLegacy = (syntax: string) =>
    codes(lines(syntax, 'FROM alpine:3.20', 'EXPOSE 80/TCP 8080:80', 'ENV A b'))
      .filter((entry) => /Expose|Legacy/.test(entry))
      .sort();

  test('ExposeProtoCasing and ExposeInvalidFormat came with 1.18', () => {
    const all = ['3:ExposeInvalidFormat', '3:ExposeProtoCasing', '4:LegacyKeyValueFormat'];
    assert.deepEqual(exposeAndLegacy('# syntax=docker/dockerfile:1'), all);
    assert.deepEqual(exposeAndLegacy('# syntax=docker/dockerfile:labs'), all);
    assert.deepEqual(exposeAndLegacy('# syntax=docker/dockerfile@sha256:0123abcd'), all);
    assert.deepEqual(exposeAndLegacy('# syntax=docker/dockerfile:1.18'), all);
    assert.deepEqual(exposeAndLegacy('# syntax=docker/dockerfile:1.18.0-labs'), all);
    assert.deepEqual(exposeAndLegacy('# syntax=docker/dockerfile:1.17'), ['4:LegacyKeyValueFormat']);
    assert.deepEqual(exposeAndLegacy('# syntax=docker/dockerfile:1.17-labs'), ['4:LegacyKeyValueFormat']);
  });

  test('build checks came with 1.8: an older frontend has none', () => {
    assert.deepEqual(exposeAndLegacy('# syntax=docker/dockerfile:1.8'), ['4:LegacyKeyValueFormat']);
    assert.deepEqual(exposeAndLegacy('# syntax=docker/dockerfile:1.7'), []);
    assert.deepEqual(exposeAndLegacy('# syntax=docker/dockerfile:1.7-labs'), []);
  });

  test('SecretsUsedInArgOrEnv, InvalidDefaultArgInFrom, RedundantTargetPlatform and FromPlatformFlagConstDisallowed came with 1.9', () => {
    const body = ['ARG TAG', 'FROM alpine:${TAG} AS base', 'ARG API_TOKEN', 'FROM --platform=$TARGETPLATFORM alpine:3.20 AS web', 'FROM --platform=linux/amd64 alpine:3.20 AS tool'];
    const newIn9 = /SecretsUsedInArgOrEnv|InvalidDefaultArgInFrom|RedundantTargetPlatform|FromPlatformFlagConstDisallowed/;
    const at = (syntax: string) => codes(lines(syntax, ...body)).filter((entry) => newIn9.test(entry)).sort();
    assert.deepEqual(at('# syntax=docker/dockerfile:1.8'), []);
    assert.deepEqual(at('# syntax=docker/dockerfile:1.8.1'), []);
    const expected = ['3:InvalidDefaultArgInFrom', '4:SecretsUsedInArgOrEnv', '5:RedundantTargetPlatform', '6:FromPlatformFlagConstDisallowed'];
    assert.deepEqual(at('# syntax=docker/dockerfile:1.9'), expected);
    assert.deepEqual(at('# syntax=docker/dockerfile:1'), expected);
  });

  test('InvalidDefinitionDescription came with 1.11, and the experimental= option with 1.10', () => {
    const description = (syntax: string) =>
      has(lines(syntax, '# check=experimental=all', 'FROM alpine:3.20', '# not a description', 'ARG version=1'), 'InvalidDefinitionDescription');
    assert.equal(description('# syntax=docker/dockerfile:1.10'), false);
    assert.equal(description('# syntax=docker/dockerfile:1.11'), true);
    const ignored = (syntax: string) =>
      has(lines(syntax, '# check=experimental=CopyIgnoredFile', 'FROM alpine:3.20', 'COPY secret.txt /'), 'CopyIgnoredFile', { dockerignore: 'secret.txt' });
    assert.equal(ignored('# syntax=docker/dockerfile:1.8'), false);
    // 1.9 has the check but rejects `experimental=` as an unknown check option, so nothing turns it on.
    assert.equal(ignored('# syntax=docker/dockerfile:1.9'), false);
    assert.equal(ignored('# syntax=docker/dockerfile:1.10'), true);
  });
});

describe("hadolint's pragma cases (PragmaSpec.hs)", () => {
  test('ignores a single rule directly above the instruction, and only that rule', () => {
    assert.equal(has(lines('FROM ubuntu:24.04', '# hadolint ignore=DL3002', 'USER root'), 'RootUserInFinalStage'), false);
    assert.equal(has(lines('FROM ubuntu:24.04', '# hadolint ignore=DL3001', 'USER root'), 'RootUserInFinalStage'), true);
    assert.equal(has(lines('FROM ubuntu:24.04', '# hadolint ignore=DL3001,DL3002', 'USER root'), 'RootUserInFinalStage'), false);
  });

  test('ignores a rule only on the instruction right below', () => {
    assert.equal(has(lines('# hadolint ignore=DL3001,DL3002', 'FROM ubuntu:24.04', 'USER root'), 'RootUserInFinalStage'), true);
  });

  test('a list with an invalid rule name is invalid as a whole', () => {
    assert.equal(has(lines('FROM ubuntu:24.04', '# hadolint ignore=crazy,DL3002', 'USER root'), 'RootUserInFinalStage'), true);
    assert.equal(has(lines('# hadolint global ignore=crazy,DL3002', 'FROM ubuntu:24.04', 'USER root'), 'RootUserInFinalStage'), true);
  });

  test('blanks around commas and after the equals sign are allowed', () => {
    assert.equal(has(lines('FROM node:20 AS foo', '# hadolint ignore=DL3023, DL3021', 'COPY --from=foo bar baz .'), 'SelfReferencingStage'), false);
    assert.equal(has(lines('# hadolint global ignore = DL3023 , DL3021', 'FROM node:20 AS foo', 'COPY --from=foo bar baz .'), 'SelfReferencingStage'), false);
  });

  test('a comment may follow the pragma', () => {
    assert.equal(has(lines('FROM ubuntu:24.04', '# hadolint ignore=DL3002 ', 'USER root'), 'RootUserInFinalStage'), false);
    assert.equal(has(lines('FROM ubuntu:24.04', '# hadolint ignore=DL3002 # foobar', 'USER root'), 'RootUserInFinalStage'), false);
  });

  test('the global form applies to the whole file', () => {
    assert.equal(has(lines('# hadolint global ignore=DL3002', 'FROM ubuntu:24.04', 'USER root'), 'RootUserInFinalStage'), false);
  });
});
