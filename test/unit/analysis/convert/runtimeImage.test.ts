import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupImage } from '../../../../server/src/analysis/imageCatalog';
import { catalogRuntimeImages, chooseRuntimeImage, hasShell, packageManagerOf, sameImageCandidates } from '../../../../server/src/analysis/convert/runtimeImage';
import { stageFacts } from '../../../../server/src/analysis/convert/stageFacts';
import { lines, modelOf } from '../../helpers';

function factsOf(image: string) {
  const model = modelOf(lines(`FROM ${image}`, 'RUN make'));
  return stageFacts(model, model.stageModel.stages[0]);
}

describe('runtime image', () => {
  test('takes the catalog image when it keeps the distribution and C library', () => {
    const facts = factsOf('golang:1.22');
    assert.equal(chooseRuntimeImage(facts, { shell: false, packageManager: false, staticBinary: true }, catalogRuntimeImages(facts))?.image, 'gcr.io/distroless/static-debian12:nonroot');
    // Without a static binary, or with a shell needed, distroless does not fit: a slim Debian does.
    assert.equal(chooseRuntimeImage(facts, { shell: true, packageManager: false, staticBinary: true }, catalogRuntimeImages(facts))?.image, 'debian:trixie-slim');
  });

  test('stays on Alpine, and on the Alpine release the tag names', () => {
    const facts = factsOf('rust:1.81-alpine3.20');
    assert.equal(chooseRuntimeImage(facts, { shell: false, packageManager: false }, catalogRuntimeImages(facts))?.image, 'alpine:3.20');
    const unversioned = chooseRuntimeImage(factsOf('golang:1.22-alpine'), { shell: true, packageManager: true }, catalogRuntimeImages(factsOf('golang:1.22-alpine')));
    assert.equal(unversioned?.image, 'alpine:3.24');
    assert.match(unversioned?.note ?? '', /names no Alpine release/);
  });

  test('keeps a build image that is no toolchain, slimming Debian itself', () => {
    assert.deepEqual(sameImageCandidates(factsOf('debian:bookworm')), ['debian:bookworm-slim', 'debian:bookworm']);
    assert.deepEqual(sameImageCandidates(factsOf('python:3.12-slim')), ['python:3.12-slim']);
    assert.deepEqual(sameImageCandidates(factsOf('golang:1.22')), []);
  });

  test('knows which images have a shell and a package manager', () => {
    assert.ok(!hasShell(lookupImage('gcr.io/distroless/static-debian12')));
    assert.ok(hasShell(lookupImage('gcr.io/distroless/base-debian12:debug')));
    assert.equal(packageManagerOf(lookupImage('debian:bookworm-slim')), 'apt');
    assert.equal(packageManagerOf(lookupImage('alpine:3.20')), 'apk');
    assert.equal(packageManagerOf(lookupImage('gcr.io/distroless/cc-debian12')), undefined);
  });
});
