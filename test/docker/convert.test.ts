// The converter proven by real builds: each fixture app is built and run as written and as
// converted to multi-stage, on the offline engine of setup.sh. Both images must print the same,
// and the converted one must be smaller; the sizes are printed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { convertToMultiStage } from '../../server/src/analysis/convert/index';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { fixturesRoot } from './agreement';
import { engineForSuite } from './engine';

/** One app per ecosystem the stand-in images can build offline. */
const apps = ['c-hello', 'go-hello', 'node-hello', 'python-hello'];

/**
 * Runtime images a conversion picks that images.conf does not tag, with the stand-in to tag them
 * as: a Debian minbase without the toolchain for a slim Debian.
 */
const extraRuntimeImages: Readonly<Record<string, string>> = { 'debian:trixie-slim': 'local/debian:bookworm' };

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

describe('converted fixture apps build, run the same and are smaller', () => {
  const requireEngine = engineForSuite(async (engine) => {
    for (const [name, standIn] of Object.entries(extraRuntimeImages)) {
      if ((await engine.docker(['image', 'inspect', name])).code !== 0) {
        const tagged = await engine.docker(['tag', standIn, name]);
        assert.equal(tagged.code, 0, tagged.stderr);
      }
    }
  });

  for (const app of apps) {
    test(app, async (t) => {
      const docker = requireEngine(t);
      if (!docker) return;
      const context = path.join(fixturesRoot, 'apps', app);
      const text = readFileSync(path.join(context, 'Dockerfile'), 'utf8');
      const conversion = convertToMultiStage(new DocumentModel(`file://${context}/Dockerfile`, 1, text));
      assert.equal(conversion.kind, 'converted', conversion.kind === 'declined' ? conversion.reason : '');
      const single = `dockerfile-stages-test/${app}:single`;
      const multi = `dockerfile-stages-test/${app}:multi-stage`;
      try {
        await docker.build({ context, tag: single });
        await docker.build({ context, dockerfileText: conversion.text, tag: multi });
        const [before, after] = await Promise.all([docker.run(single), docker.run(multi)]);
        assert.equal(before.code, 0, before.stderr);
        assert.equal(after.code, 0, after.stderr);
        assert.match(before.stdout, new RegExp(`^hello from ${app}\\b`));
        assert.equal(after.stdout, before.stdout, 'the converted image prints what the original prints');

        const [singleSize, multiSize] = [await docker.imageSize(single), await docker.imageSize(multi)];
        t.diagnostic(`${app}: ${conversion.buildImage} ${megabytes(singleSize)} -> ${conversion.runtimeImage} ${megabytes(multiSize)}`);
        assert.ok(multiSize < singleSize, `the multi-stage image (${megabytes(multiSize)}) is smaller than the original (${megabytes(singleSize)})`);
      } finally {
        await docker.removeImage(single);
        await docker.removeImage(multi);
      }
    });
  }
});
