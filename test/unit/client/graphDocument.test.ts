import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { invalidGraphReason } from '../../../client/src/graphDocument';
import { buildStageGraph } from '../../../server/src/analysis/stageGraph';
import { modelOf } from '../helpers';

function reasonFor(text: string): string | undefined {
  return invalidGraphReason(buildStageGraph(modelOf(text)), text);
}

describe('when a Dockerfile gives no graph', () => {
  test('a file with stages gives one', () => {
    assert.equal(reasonFor('FROM alpine AS base\nRUN true\n'), undefined);
  });

  test('an empty file, or one with only comments and directives, is the empty state, not an error', () => {
    assert.equal(reasonFor(''), undefined);
    assert.equal(reasonFor('\n  \n'), undefined);
    assert.equal(reasonFor('# syntax=docker/dockerfile:1\n# to be written\n'), undefined);
  });

  test('instructions without a FROM keep the last graph', () => {
    assert.equal(reasonFor('ARG VERSION=1\n'), 'This Dockerfile has no FROM instruction yet.');
    assert.equal(reasonFor('FRO alpine\n'), 'This Dockerfile has no FROM instruction yet.');
  });

  test('a FROM without an image, as while typing it, keeps the last graph', () => {
    assert.equal(reasonFor('FROM alpine AS base\n\nFROM \n'), 'The FROM instruction on line 3 names no image yet.');
  });
});
