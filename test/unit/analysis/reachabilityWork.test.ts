import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentModel } from '../../../server/src/analysis/documentModel';
import { defaultPlatforms } from '../../../server/src/analysis/platforms';
import { reachabilityOf } from '../../../server/src/analysis/reachability';
import { shippedImagesOf } from '../../../server/src/analysis/shippedImages';
import type { BuildInputs, StageModel } from '../../../server/src/analysis/stageTypes';
import { OperationCounter } from '../../server/operationCount';
import { lines, modelOf } from '../helpers';

/**
 * The work of working out which stages the builds of a file build, and the images they ship,
 * counted in FROM lines expanded: each build tried expands only the FROM lines that can name a
 * stage, and a FROM that names an image in every build costs none.
 */

// Counting starts before any analysis runs in this process: V8 counts code compiled before it started only in part.
const counter = new OperationCounter();
before(() => counter.start());

/** Counts the FROM texts the model expands from now on, by wrapping its `expandBases`. */
function countExpansions(document: DocumentModel): () => number {
  const model = document.stageModel as { -readonly [K in keyof StageModel]: StageModel[K] };
  const expandBases = model.expandBases.bind(model);
  let expanded = 0;
  model.expandBases = (inputs: BuildInputs, stageIndexes: Iterable<number>) => {
    const texts = expandBases(inputs, stageIndexes);
    expanded += texts.filter((text) => text !== undefined).length;
    return texts;
  };
  return () => expanded;
}

/** `count` stages, each on a versioned image and copying from the one before. */
function imageStages(count: number, from: (index: number) => string): string {
  const stages = Array.from({ length: count }, (_, index) => [`FROM ${from(index)} AS step${index}`, index > 0 ? `COPY --from=step${index - 1} /out /out` : 'RUN make']);
  return lines('ARG GO_VERSION=1.23', 'ARG FLAVOR=alpine', ...stages.flat());
}

describe('the work of reachability', () => {
  test('FROM lines that name an image in every build (golang:${GO_VERSION}) expand no FROM text', () => {
    const document = modelOf(imageStages(20, () => 'golang:${GO_VERSION}-alpine'));
    const expansions = countExpansions(document);
    const reachability = reachabilityOf(document, { platforms: defaultPlatforms });
    assert.equal(reachability.reached.size, 20, 'the COPY chain builds every stage');
    assert.equal(reachability.choices.size, 0);
    assert.equal(expansions(), 0);
  });

  test('FROM lines that name images through variables cost about what the same FROM lines written out cost', () => {
    const operations = (from: string) => {
      const document = modelOf(imageStages(200, () => from));
      void document.stageModel;
      counter.take();
      reachabilityOf(document, { platforms: defaultPlatforms });
      return counter.take();
    };
    operations('golang:1.23-alpine');
    const literal = operations('golang:1.23-alpine');
    const withVariables = operations('golang:${GO_VERSION}-alpine');
    // Only reading which FROM lines hold a variable, and that none can name a stage, is added;
    // expanding and matching each of them for every build tried cost several times the whole.
    assert.ok(withVariables <= literal * 1.5, `${withVariables} operations with variables, ${literal} written out`);
  });

  test('a FROM that can name a stage is expanded, and only it, for each build tried', () => {
    const text = `${imageStages(20, () => 'golang:${GO_VERSION}-alpine')}\n${lines('FROM golang AS build-alpine', 'FROM golang AS build-debian', 'FROM build-${FLAVOR}')}`;
    const document = modelOf(text);
    const expansions = countExpansions(document);
    const reachability = reachabilityOf(document, { platforms: defaultPlatforms });
    assert.deepEqual(
      reachability.choices.get(22)?.options.map((option) => option.stageIndex).sort(),
      [20, 21],
      'the last FROM picks build-alpine by default and build-debian with FLAVOR=debian',
    );
    // Its default and its wildcard, FLAVOR probed set and empty, and the three builds that look
    // for stages only other platforms build: seven expansions of the one FROM, none of the others.
    assert.equal(expansions(), 7);
  });

  test('the shipped images expand the FROM their chain ends on once for every platform when it reads no platform ARG, and no other FROM', () => {
    const document = modelOf(imageStages(30, () => 'golang:${GO_VERSION}-alpine'));
    const expansions = countExpansions(document);
    const images = shippedImagesOf(document, { platforms: defaultPlatforms });
    assert.deepEqual(
      images.map((image) => [image.chain, image.baseImage, image.platforms.length]),
      [[[29], 'golang:1.23-alpine', defaultPlatforms.length]],
    );
    assert.equal(expansions(), 1);
  });

  test('a FROM that reads a platform ARG, through a global ARG default too, is expanded once per platform', () => {
    const text = lines('ARG GO_VERSION=1.23', 'ARG SUFFIX=${TARGETARCH}', 'FROM golang AS tools', 'RUN make', 'FROM golang:${GO_VERSION}-${SUFFIX}', 'COPY --from=tools /out /out');
    const document = modelOf(text);
    const expansions = countExpansions(document);
    const images = shippedImagesOf(document, { platforms: defaultPlatforms });
    assert.ok(images.some((image) => image.baseImage === 'golang:1.23-arm64' && image.platforms.join() === 'linux/arm64'));
    assert.deepEqual(
      images.find((image) => image.baseImage === 'golang:1.23-arm')?.platforms,
      ['linux/arm/v7', 'linux/arm/v6'],
      'the two ARM platforms give TARGETARCH one value, so they ship one image',
    );
    assert.equal(expansions(), defaultPlatforms.length);
  });
});
