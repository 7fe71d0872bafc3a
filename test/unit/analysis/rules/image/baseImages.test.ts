import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDeprecatedBaseImage, unpinnedBaseImage } from '../../../../../server/src/analysis/rules/image/baseImages';
import { check, lines, rangeText } from '../../../helpers';

describe('UnpinnedBaseImage', () => {
  test('fires on no tag and on latest', () => {
    const text = lines('FROM python', 'FROM node:latest AS web');
    const findings = check(unpinnedBaseImage, text);
    assert.deepEqual(findings.map((finding) => rangeText(text, finding)), ['python', 'node:latest']);
    assert.match(findings[0].message, /has no tag/);
  });

  test('fires on an ARG default that resolves to an untagged image', () => {
    assert.equal(check(unpinnedBaseImage, lines('ARG BASE=alpine', 'FROM ${BASE}')).length, 1);
  });

  test('does not fire on stage names, scratch, digests, tags, or ARGs that resolve to a tag or stay unknown', () => {
    const text = lines(
      'ARG TAG=3.20',
      'ARG FROM_CI',
      'FROM alpine:${TAG} AS base',
      'FROM base',
      'FROM scratch',
      `FROM alpine@sha256:${'a'.repeat(64)}`,
      'FROM ${FROM_CI}',
      'FROM localhost:5000/app:1.0',
    );
    assert.deepEqual(check(unpinnedBaseImage, text), []);
  });
});

describe('DeprecatedBaseImage', () => {
  const at = (date: string) => createDeprecatedBaseImage({ now: () => new Date(`${date}T12:00:00Z`) });

  test('fires on an end-of-life runtime and distribution, relative to the given date', () => {
    const text = lines('FROM python:3.8-slim-buster');
    const [finding] = check(at('2025-01-01'), text);
    assert.equal(rangeText(text, finding), 'python:3.8-slim-buster');
    assert.match(finding.message, /Python 3\.8 reached end of life on 2024-10-07; Debian 10 \(buster\) reached end of life on 2024-06-30/);
    assert.deepEqual(check(at('2024-06-01'), text), []);
  });

  test('fires on the deprecated openjdk repository whatever the date', () => {
    assert.equal(check(at('2020-01-01'), lines('FROM openjdk:17-jdk-slim')).length, 1);
  });

  test('does not fire on supported releases, floating tags, unknown images or stage names', () => {
    const text = lines('FROM node:22-alpine3.21 AS web', 'FROM python:3', 'FROM mycorp/base:1', 'FROM web');
    assert.deepEqual(check(at('2026-01-01'), text), []);
  });
});
