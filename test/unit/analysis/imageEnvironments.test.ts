import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import table from '../../../server/src/analysis/data/imageEnvironments.json';
import { stageFacts } from '../../../server/src/analysis/convert/stageFacts';
import { lookupImage } from '../../../server/src/analysis/imageCatalog';
import { imageEnvironmentOf, knownImageValues } from '../../../server/src/analysis/imageEnvironments';
import { undefinedVar } from '../../../server/src/analysis/rules/buildkit/expandedWords';
import { check, lines, modelOf } from '../helpers';

const repositories = Object.keys(table.repositories);

/** A stage on the image that uses every variable the table lists for it in a word BuildKit expands. */
function usingEvery(repository: string, names: readonly string[]): string {
  return lines(`FROM ${repository}`, ...names.map((name, index) => `LABEL used${index}="\${${name}}"`));
}

describe('the image environment table feeds UndefinedVar and the conversion alike', () => {
  test('every name it lists for an image is defined in a stage on that image, and only there', () => {
    for (const repository of repositories) {
      const names = Object.keys(imageEnvironmentOf(repository));
      assert.ok(names.length > 0, repository);
      assert.deepEqual(check(undefinedVar, usingEvery(repository, names)), [], repository);
    }
    assert.equal(check(undefinedVar, usingEvery('debian:12', ['GOPATH'])).length, 1, 'an image without it does not define GOPATH');
  });

  test('the values it knows are the catalog lookup\'s env, which the conversion starts a stage with', () => {
    assert.deepEqual(knownImageValues(imageEnvironmentOf('golang')), { GOPATH: '/go' });
    let withValues = 0;
    for (const repository of repositories) {
      const values = knownImageValues(imageEnvironmentOf(repository));
      const lookup = lookupImage(`${repository}:latest`);
      if (lookup.known) assert.deepEqual(lookup.env, values, repository);
      if (Object.keys(values).length === 0) continue;
      withValues++;
      assert.ok(lookup.known, `${repository} has values but no catalog entry, so the conversion would not see them`);
      const model = modelOf(lines(`FROM ${repository}`, 'RUN true'));
      const [run] = stageFacts(model, model.stageModel.stages[0]).instructions;
      assert.deepEqual(run.env, values, repository);
    }
    assert.ok(withValues > 0, 'the table holds values');
  });

  test('an image named like a property of every object has no environment', () => {
    assert.deepEqual(imageEnvironmentOf('__proto__'), {});
    assert.deepEqual(imageEnvironmentOf('constructor'), {});
  });
});
