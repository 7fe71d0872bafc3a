import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseImageReference } from '../../../server/src/analysis/imageReference';

describe('parseImageReference', () => {
  test('an official image is docker.io/library/<name>', () => {
    const reference = parseImageReference('python:3.12-slim');
    assert.deepEqual(reference, {
      text: 'python:3.12-slim',
      registry: 'docker.io',
      path: 'library/python',
      familiarName: 'python',
      tag: '3.12-slim',
      digest: undefined,
    });
  });

  test('docker.io spellings normalize to the familiar name', () => {
    assert.equal(parseImageReference('docker.io/library/node:20')?.familiarName, 'node');
    assert.equal(parseImageReference('index.docker.io/nginxinc/nginx-unprivileged')?.familiarName, 'nginxinc/nginx-unprivileged');
  });

  test('a first component with a dot, a port or localhost is a registry', () => {
    const distroless = parseImageReference('gcr.io/distroless/static-debian12:nonroot');
    assert.equal(distroless?.registry, 'gcr.io');
    assert.equal(distroless?.familiarName, 'gcr.io/distroless/static-debian12');
    const local = parseImageReference('localhost:5000/team/app');
    assert.equal(local?.registry, 'localhost:5000');
    assert.equal(local?.tag, undefined);
    assert.equal(parseImageReference('myorg/app:1')?.registry, 'docker.io');
  });

  test('reads tag and digest together', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    const reference = parseImageReference(`alpine:3.20@${digest}`);
    assert.equal(reference?.tag, '3.20');
    assert.equal(reference?.digest, digest);
  });

  test('rejects what Docker rejects', () => {
    for (const text of ['', 'Python:3', 'python:', 'python:bad tag', 'a//b', '${IMAGE}', 'python@sha256']) {
      assert.equal(parseImageReference(text), undefined, text);
    }
  });
});
