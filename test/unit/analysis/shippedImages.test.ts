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
