import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeNames, editDistance, freshStageName, isBareName, isOfficialImage, stageInsertionLine, stageNameForImage } from '../../../../../server/src/analysis/rules/reference/support';
import { lines, modelOf } from '../../../helpers';

describe('naming helpers', () => {
  test('closeNames keeps near misses, best first, and never the name itself', () => {
    assert.deepEqual(closeNames('bulder', ['bundler', 'builder', 'runtime', 'bulder']), ['builder', 'bundler']);
    assert.deepEqual(closeNames('ab', ['ac', 'xy']), ['ac']);
    assert.deepEqual(closeNames('app', ['web']), []);
  });

  test('a swap of two neighbouring letters is one edit, so a short typo still finds its stage', () => {
    assert.equal(editDistance('biuld', 'build'), 1);
    assert.equal(editDistance('ab', 'ba'), 1);
    assert.equal(editDistance('biuld', 'bold'), 2);
    assert.deepEqual(closeNames('biuld', ['runtime', 'build']), ['build']);
  });

  test('closeNames ranks by edits, then by the longest shared beginning, then file order', () => {
    assert.deepEqual(closeNames('webapp', ['xebaqp', 'xebapp', 'wxbapp']), ['wxbapp', 'xebapp', 'xebaqp']);
    assert.deepEqual(closeNames('webapp', ['webapx', 'webapy']), ['webapx', 'webapy']);
  });

  test('stageNameForImage takes the repository, never the registry, tag or digest', () => {
    assert.equal(stageNameForImage('nginx:1.27'), 'nginx');
    assert.equal(stageNameForImage('ghcr.io/acme/Tool_X:2@sha256:abc'), 'tool_x');
    assert.equal(stageNameForImage('localhost:5000/9lives'), 'lives');
    assert.equal(stageNameForImage('123'), 'image');
  });

  test('freshStageName skips stage names, reserved names and names references use', () => {
    const model = modelOf(lines('FROM alpine AS nginx', 'FROM golang', 'COPY --from=busybox /a /a')).stageModel;
    assert.equal(freshStageName(model, ['nginx', 'golang', 'busybox', 'scratch', 'web']), 'web');
    assert.equal(freshStageName(model, ['nginx']), 'nginx-2');
    const busybox = model.references.filter((reference) => reference.value.resolved === 'busybox');
    assert.equal(freshStageName(model, ['busybox'], busybox), 'busybox');
  });

  test('bare names and official images', () => {
    assert.ok(isBareName('build-stage_1'));
    assert.ok(!isBareName('nginx:1.27') && !isBareName('org/app') && !isBareName('a.b') && !isBareName('0'));
    assert.ok(isOfficialImage('busybox') && isOfficialImage('Composer'));
    assert.ok(!isOfficialImage('builder'));
  });

  test('text inserted before a stage goes above its introducing comments, not above a blank line', () => {
    const model = modelOf(lines('FROM a AS one', '', '# two', '# builds things', 'FROM b AS two'));
    assert.equal(stageInsertionLine(model, model.stageModel.stages[1]), 2);
    assert.equal(stageInsertionLine(model, model.stageModel.stages[0]), 0);
  });
});
