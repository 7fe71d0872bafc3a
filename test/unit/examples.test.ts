// The examples are a new user's first look: their base images must be releases the image catalog
// still supports today (not a fixed date: this test is meant to fail when one reaches its end of
// life, so the examples get moved on).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { endedLifecycles, lookupImage } from '../../server/src/analysis/imageCatalog';

const examples = path.resolve(__dirname, '..', '..', 'examples');

function exampleDockerfiles(): string[] {
  return readdirSync(examples, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /^(docker|container)file$/i.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** The external images a Dockerfile's stages start from, with ARG defaults applied. */
function baseImages(file: string): string[] {
  const model = new DocumentModel(`file://${file}`, 1, readFileSync(file, 'utf8'));
  return model.stageModel.stages.filter((stage) => stage.baseStageIndex === undefined).map((stage) => stage.base.resolved ?? stage.base.text);
}

/** Why an image is not a supported base today, or undefined when it is. */
function unsupported(image: string, today: Date): string | undefined {
  const info = lookupImage(image);
  if (!info.known) return 'the image catalog does not know it';
  if (info.deprecation) return info.deprecation.note;
  const ended = endedLifecycles(info, today);
  return ended.length > 0 ? ended.map((end) => `${end.subject} reached end of life on ${end.endOfLife}`).join('; ') : undefined;
}

describe('example base images', () => {
  test('the check itself tells an ended release from a supported one', () => {
    const today = new Date('2026-12-07T00:00:00Z');
    assert.match(unsupported('golang:1.22', today) ?? '', /Go 1\.22 reached end of life on 2025-02-11/);
    assert.match(unsupported('alpine:3.20', today) ?? '', /Alpine Linux 3\.20/);
    assert.equal(unsupported('alpine:3.23', today), undefined);
    assert.equal(unsupported('registry.example/unknown:1', today), 'the image catalog does not know it');
  });

  const files = exampleDockerfiles();
  test('every example folder has its Dockerfile', () => assert.ok(files.length >= 6, files.join(', ')));
  for (const file of files) {
    test(path.relative(examples, file), () => {
      const images = baseImages(file);
      assert.ok(images.length > 0);
      const problems = images.map((image) => [image, unsupported(image, new Date())]).filter(([, problem]) => problem !== undefined);
      assert.deepEqual(problems, [], 'every base image is known to the catalog and supported today');
    });
  }
});
