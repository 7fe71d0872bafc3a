import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { platformArgsRead } from '../../../server/src/analysis/platformArgReads';
import { lines, modelOf } from '../helpers';

/** The platform ARGs `FROM ${names}` reads in a file whose global ARGs are `args`. */
function readBy(args: readonly string[], names: readonly string[]): string[] {
  const text = lines(...args, `FROM alpine:${names.map((name) => `\${${name}}`).join('-')}`);
  return platformArgsRead(modelOf(text).stageModel, names).sort();
}

describe('platformArgsRead', () => {
  test('a platform ARG read directly, or through defaults at any depth', () => {
    assert.deepEqual(readBy([], ['TARGETOS', 'VERSION']), ['TARGETOS']);
    assert.deepEqual(readBy(['ARG ARCH=${TARGETARCH}', 'ARG FLAVOR=${ARCH}-${TARGETVARIANT}'], ['FLAVOR']), ['TARGETARCH', 'TARGETVARIANT']);
    assert.deepEqual(readBy(['ARG VERSION=3.20'], ['VERSION']), []);
  });

  test('a global ARG declared twice is read from the later declaration, which reads the earlier one', () => {
    assert.deepEqual(readBy(['ARG TAG=${TARGETARCH}', 'ARG TAG=3.20'], ['TAG']), [], 'the later default replaces the platform ARG');
    assert.deepEqual(readBy(['ARG TAG=3.20', 'ARG TAG=${TARGETARCH}'], ['TAG']), ['TARGETARCH']);
    assert.deepEqual(readBy(['ARG TAG=${TARGETARCH}', 'ARG TAG=${TAG}-slim'], ['TAG']), ['TARGETARCH'], 'the later default reads the earlier value');
    assert.deepEqual(readBy(['ARG TAG=${TARGETARCH}', 'ARG TAG'], ['TAG']), ['TARGETARCH'], 'a declaration without a default keeps the value');
  });

  test('a default reads the declarations before it, not those after', () => {
    assert.deepEqual(readBy(['ARG OS=${TARGETOS}', 'ARG FLAVOR=${OS}', 'ARG OS=linux'], ['FLAVOR']), ['TARGETOS']);
    assert.deepEqual(readBy(['ARG OS=${TARGETOS}', 'ARG FLAVOR=${OS}', 'ARG OS=linux'], ['OS']), []);
    assert.deepEqual(readBy(['ARG FLAVOR=${OS}', 'ARG OS=${TARGETOS}'], ['FLAVOR']), []);
  });

  test('a platform ARG given a default in the global scope holds that default', () => {
    assert.deepEqual(readBy(['ARG TARGETOS=linux'], ['TARGETOS']), []);
    assert.deepEqual(readBy(['ARG TARGETOS'], ['TARGETOS']), ['TARGETOS']);
  });

  test('a default that reads itself ends the walk', () => {
    assert.deepEqual(readBy(['ARG LOOP=${LOOP}'], ['LOOP']), []);
    assert.deepEqual(readBy(['ARG LOOP=${LOOP}', 'ARG LOOP=${LOOP}-${TARGETOS}'], ['LOOP']), ['TARGETOS']);
  });
});
