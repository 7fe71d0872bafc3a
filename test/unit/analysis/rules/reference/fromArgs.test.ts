import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { invalidDefaultArgInFrom, isValidBaseImageReference, undefinedArgInFrom } from '../../../../../server/src/analysis/rules/reference/fromArgs';
import { applyFix, check, lines, rangeText } from '../../../helpers';

describe('UndefinedArgInFrom', () => {
  test('an undeclared variable in the image or --platform, with BuildKit\'s suggestion as a fix', () => {
    const text = lines('ARG MY_ARCH=amd64', 'FROM --platform=$BULIDPLATFORM alpine', 'FROM busybox:${tag}${version}-$MYARCH');
    const findings = check(undefinedArgInFrom, text);
    assert.deepEqual(
      findings.map((finding) => finding.message),
      [
        "FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?); declare it with ARG before the first FROM.",
        "FROM argument 'tag' is not declared; declare it with ARG before the first FROM.",
        "FROM argument 'version' is not declared; declare it with ARG before the first FROM.",
        "FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?); declare it with ARG before the first FROM.",
      ],
    );
    assert.equal(rangeText(text, findings[0]), '$BULIDPLATFORM');
    assert.equal(applyFix(text, findings[3]), lines('ARG MY_ARCH=amd64', 'FROM --platform=$BULIDPLATFORM alpine', 'FROM busybox:${tag}${version}-$MY_ARCH'));
  });

  test('a default in ${VAR:-x} does not declare VAR (as in BuildKit)', () => {
    assert.equal(check(undefinedArgInFrom, lines('FROM alpine:${VERSION:-3.20}')).length, 1);
  });

  test('does not fire on global ARGs (with or without default), platform ARGs, or what dockerfile-utils reports', () => {
    const text = lines('ARG BASE=alpine', 'ARG TAG', 'FROM --platform=$BUILDPLATFORM ${BASE}:${TAG}', 'FROM --platform=$TARGETPLATFORM golang:1-$TARGETARCH AS b', 'ARG LATE', 'FROM $BASE');
    assert.deepEqual(check(undefinedArgInFrom, text), []);
    // The image is a lone undeclared variable: dockerfile-utils says the base name is blank.
    assert.deepEqual(check(undefinedArgInFrom, lines('FROM $IMAGE')), []);
  });

  test('an ARG declared inside a stage does not count for later FROM lines', () => {
    assert.equal(check(undefinedArgInFrom, lines('FROM alpine', 'ARG V=1', 'FROM alpine:$V')).length, 1);
  });
});

describe('InvalidDefaultArgInFrom', () => {
  test('an ARG without default leaves an empty tag or image (BuildKit lint tests)', () => {
    const findings = check(invalidDefaultArgInFrom, lines('ARG VERSION', 'ARG IMAGE', 'ARG SFX="box:"', 'FROM busybox:$VERSION', 'FROM $IMAGE', 'FROM busy${SFX}'));
    assert.deepEqual(
      findings.map((finding) => finding.message),
      [
        "Default value for ARG busybox:$VERSION results in 'busybox:', not a valid image reference; give the ARG a default that makes a complete image name.",
        'Default value for ARG $IMAGE results in an empty image name; give the ARG a default that makes a complete image name.',
        "Default value for ARG busy${SFX} results in 'busybox:', not a valid image reference; give the ARG a default that makes a complete image name.",
      ],
    );
  });

  test('an upper-case default is not a valid repository name', () => {
    assert.equal(check(invalidDefaultArgInFrom, lines('ARG IMAGE=Alpine', 'FROM $IMAGE')).length, 1);
  });

  test('does not fire on valid results, platform values, stage names, or an undeclared name that leaves a valid image', () => {
    const text = lines(
      'ARG VERSION="latest"',
      'ARG VARIANT=""',
      'ARG NOVARIANT',
      'ARG STAGE=build',
      'FROM busybox:${VERSION} AS build',
      'FROM busybox:stable${VARIANT}',
      'FROM busybox:stable${NOVARIANT}',
      'FROM golang:1.22-$TARGETARCH',
      'FROM ${STAGE}',
      'FROM alpine${UNDECLARED}',
      'FROM alpine:3.20',
    );
    assert.deepEqual(check(invalidDefaultArgInFrom, text), []);
  });

  test("fires, as BuildKit does, when an undeclared variable (which expands to nothing) leaves an invalid image", () => {
    const findings = check(invalidDefaultArgInFrom, lines('FROM golang:${GO_VERSION}-alpine', 'FROM alpine:$UNDECLARED'));
    assert.deepEqual(findings.map((finding) => finding.range.start.line), [0, 1]);
  });
});

describe('isValidBaseImageReference', () => {
  test('follows the distribution reference grammar', () => {
    for (const valid of ['alpine', 'alpine:3.20', 'ghcr.io/org/app:v1', 'localhost:5000/x', 'Registry.Example.com/app', `alpine@sha256:${'a'.repeat(64)}`, 'a__b/c-d']) {
      assert.ok(isValidBaseImageReference(valid), valid);
    }
    for (const invalid of ['', 'alpine:', 'Alpine', 'app:tag:tag', '-x', 'a/B', `${'a'.repeat(64)}`, 'alpine@sha256:abc']) {
      assert.ok(!isValidBaseImageReference(invalid), invalid);
    }
  });
});
