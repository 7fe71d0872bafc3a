import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHover } from '../../../../server/src/analysis/hover/index';
import { parsePlatform, type Platform } from '../../../../server/src/analysis/platforms';
import { hoverAt, modelOf, positionOf, textIn, today } from './positions';

const text = [
  'ARG IMAGE=alpine-$TARGETARCH', // 0
  'FROM alpine:3.20 AS base', // 1
  'RUN echo before $TARGETARCH', // 2
  'ARG TARGETARCH', // 3
  'RUN echo after $TARGETARCH', // 4
  'FROM base AS child', // 5
  'ENV ARCH=$TARGETARCH', // 6
  'FROM alpine:3.20', // 7
  'ENV OS=$TARGETOS', // 8
  'ARG TARGETOS=plan9', // 9
  'ENV MINE=$TARGETOS', // 10
].join('\n');

describe('hover on the automatic platform ARGs', () => {
  test('inside a stage after ARG TARGETARCH: declared, with its value per configured platform', () => {
    const hover = hoverAt(text, 'after $TARGETARCH', 8);
    assert.ok(hover);
    assert.equal(textIn(text, hover.range), 'TARGETARCH');
    assert.match(hover.markdown, /Declared by `ARG TARGETARCH` on line 4/);
    assert.match(hover.markdown, /- `amd64` on linux\/amd64\n- `arm64` on linux\/arm64\n- `arm` on linux\/arm\/v7, linux\/arm\/v6/);
  });

  test('inside a stage before any ARG line: not set, as BuildKit expands it to nothing', () => {
    assert.match(hoverAt(text, 'before $TARGETARCH', 9)?.markdown ?? '', /Not set here: .*Add `ARG TARGETARCH` to the stage/);
    assert.match(hoverAt(text, 'OS=$TARGETOS', 5)?.markdown ?? '', /Not set here/);
  });

  test('a stage built on another inherits its ARG line', () => {
    assert.match(hoverAt(text, 'ARCH=$TARGETARCH', 7)?.markdown ?? '', /Declared by `ARG TARGETARCH` on line 4/);
  });

  test('in the global scope it needs no ARG line', () => {
    assert.match(hoverAt(text, '$TARGETARCH', 3)?.markdown ?? '', /Set in the global scope, without an `ARG` line/);
  });

  test('a value written in the stage is the user’s: left to the library', () => {
    assert.equal(hoverAt(text, 'MINE=$TARGETOS', 7), undefined);
  });

  test('the values follow dockerfileStages.platforms', () => {
    const platforms = ['linux/amd64', 'windows/amd64'].map((name) => parsePlatform(name) as Platform);
    const hover = buildHover(modelOf(text), positionOf(text, 'after $TARGETARCH', 8), { now: today, platforms });
    assert.match(hover?.markdown ?? '', /- `amd64` on linux\/amd64, windows\/amd64$/);
  });
});
