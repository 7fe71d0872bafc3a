import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentModel } from '../../../server/src/analysis/documentModel';
import { parsePlatform, defaultPlatforms, type Platform } from '../../../server/src/analysis/platforms';
import { shippedImagesOf } from '../../../server/src/analysis/shippedImages';
import { lines, modelOf } from '../helpers';

const platformsOf = (...names: string[]): Platform[] => names.map((name) => parsePlatform(name) as Platform);

/** Buildx's shape: the last stage picks its binaries by TARGETOS. */
const byTargetOs = lines('FROM scratch AS binaries-linux', 'FROM scratch AS binaries-darwin', 'FROM golang:1.23 AS binaries-windows', 'FROM binaries-$TARGETOS AS binaries');

describe('shippedImagesOf', () => {
  test('one image per FROM chain, with the platforms that build it', () => {
    const model = modelOf(byTargetOs);
    const images = shippedImagesOf(model, { platforms: platformsOf('linux/amd64', 'linux/arm64', 'windows/amd64') });
    assert.deepEqual(
      images.map((image) => ({ chain: image.chain, platforms: image.platforms, buildArgs: image.buildArgs })),
      [
        { chain: [3, 0], platforms: ['linux/amd64', 'linux/arm64'], buildArgs: [] },
        { chain: [3, 2], platforms: ['windows/amd64'], buildArgs: [] },
      ],
    );
  });

  test('a build argument that picks the base adds the image it ships, with the value it needs', () => {
    const text = lines('ARG VARIANT=slim', 'FROM debian:12-slim AS runtime-slim', 'FROM debian:12 AS runtime-full', 'FROM runtime-${VARIANT}');
    const images = shippedImagesOf(modelOf(text), { platforms: platformsOf('linux/amd64') });
    assert.deepEqual(
      images.map((image) => [image.chain, image.buildArgs.map((selection) => `${selection.name}=${selection.value}`)]),
      [
        [[2, 0], []],
        [[2, 1], ['VARIANT=full']],
      ],
    );
  });

  test('extra roots ship too, each with its own chain', () => {
    const text = lines('FROM alpine:3.20 AS base', 'FROM base AS tool', 'FROM scratch AS app');
    const images = shippedImagesOf(modelOf(text), { platforms: platformsOf('linux/amd64'), extraRoots: [1] });
    assert.deepEqual(images.map((image) => [image.rootIndex, image.chain]).sort(), [
      [1, [1, 0]],
      [2, [2]],
    ]);
  });

  test('a file without a platform pick ships one image on every platform', () => {
    const images = shippedImagesOf(modelOf(lines('FROM golang:1.23 AS build', 'FROM alpine:3.20')), { platforms: defaultPlatforms });
    assert.equal(images.length, 1);
    assert.equal(images[0].platforms.length, defaultPlatforms.length);
  });

  test('a global ARG declared again reads the platform ARG only through the declaration in force', () => {
    const platforms = platformsOf('linux/amd64', 'linux/arm64', 'linux/riscv64');
    // `ARG TAG=3.20` replaces `ARG TAG=${TARGETARCH}`: every platform builds on alpine:3.20, worked out once.
    const replaced = countingExpansions(lines('ARG TAG=${TARGETARCH}', 'ARG TAG=3.20', 'FROM alpine:${TAG}'));
    const shipped = shippedImagesOf(replaced.document, { platforms });
    assert.deepEqual(shipped.map((image) => [image.baseImage, image.platforms.length]), [['alpine:3.20', 3]]);
    assert.equal(replaced.expansions(), 1);
    // `${VARIANT}-slim` reads the VARIANT declared before it, and so TARGETARCH.
    const extended = countingExpansions(lines('ARG VARIANT=${TARGETARCH}', 'ARG VARIANT=${VARIANT}-slim', 'FROM example/runtime:${VARIANT}'));
    assert.deepEqual(
      shippedImagesOf(extended.document, { platforms }).map((image) => image.baseImage),
      ['example/runtime:amd64-slim', 'example/runtime:arm64-slim', 'example/runtime:riscv64-slim'],
    );
    assert.equal(extended.expansions(), 3);
  });

  test('worked out once per version and options, and again for other options or another version', () => {
    const model = modelOf(byTargetOs);
    const linux = { platforms: platformsOf('linux/amd64') };
    const first = shippedImagesOf(model, linux);
    assert.equal(shippedImagesOf(model, { platforms: platformsOf('linux/amd64') }), first, 'the same options find the value of the first request');
    assert.notEqual(shippedImagesOf(model, { platforms: platformsOf('windows/amd64') }), first);
    const nextVersion = new DocumentModel(model.uri, model.version + 1, model.text);
    assert.notEqual(shippedImagesOf(nextVersion, linux), first, 'a new version works its images out again');
    assert.deepEqual(shippedImagesOf(nextVersion, linux), first);
  });
});

/** A document whose FROM expansions are counted: the work the shipped images do per platform. */
function countingExpansions(text: string): { document: DocumentModel; expansions: () => number } {
  const document = modelOf(text);
  const model = document.stageModel;
  const expand = model.expandBases.bind(model);
  let expansions = 0;
  model.expandBases = (inputs, stageIndexes) => {
    expansions++;
    return expand(inputs, stageIndexes);
  };
  return { document, expansions: () => expansions };
}
