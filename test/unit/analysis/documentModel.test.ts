import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derivedKey, DocumentModel, DocumentModelCache } from '../../../server/src/analysis/documentModel';

test('line starts follow LSP line endings: \\n, \\r\\n and a lone \\r', () => {
  const model = new DocumentModel('file:///w/Dockerfile', 1, 'FROM a\r\nRUN b\rCMD c\nUSER d');
  assert.deepEqual(model.lineStarts, [0, 8, 14, 20]);
  assert.equal(model.lineCount, 4);
  assert.deepEqual(new DocumentModel('u', 1, '').lineStarts, [0]);
  assert.deepEqual(new DocumentModel('u', 1, 'FROM a\n').lineStarts, [0, 7]);
});

test('the parse happens on first use and once per model', () => {
  const model = new DocumentModel('file:///w/Dockerfile', 1, 'FROM alpine:3.20 AS base\n');
  const first = model.dockerfile;
  assert.equal(model.dockerfile, first);
  assert.equal(first.getFROMs()[0].getBuildStage(), 'base');
});

test('a derived value is computed once per version and key, undefined included, and a new version computes its own', () => {
  const lengthKey = derivedKey<number>('length');
  const missingKey = derivedKey<string | undefined>('nothing');
  let computed = 0;
  const lengthOf = (model: DocumentModel) =>
    model.derive(lengthKey, () => {
      computed++;
      return model.text.length;
    });
  const first = new DocumentModel('file:///w/Dockerfile', 1, 'FROM a\n');
  assert.equal(lengthOf(first), 7);
  assert.equal(lengthOf(first), 7);
  assert.equal(computed, 1);
  let missing = 0;
  for (let round = 0; round < 2; round++) assert.equal(first.derive(missingKey, () => void missing++), undefined);
  assert.equal(missing, 1, 'an undefined value is remembered too');
  assert.equal(lengthOf(new DocumentModel(first.uri, 2, 'FROM ab\n')), 8);
  assert.equal(computed, 2);
  assert.notEqual(derivedKey<number>('length'), lengthKey, 'keys of the same description stay apart');
});

test('a value derived per key is computed once per version and key, and apart for each key', () => {
  const countKey = derivedKey<Map<string, number>>('count of a word');
  let computed = 0;
  const countOf = (model: DocumentModel, word: string) =>
    model.deriveFor(countKey, word, () => {
      computed++;
      return model.text.split(word).length - 1;
    });
  const first = new DocumentModel('file:///w/Dockerfile', 1, 'FROM a\nRUN a b\n');
  assert.equal(countOf(first, 'a'), 2);
  assert.equal(countOf(first, 'a'), 2);
  assert.equal(countOf(first, 'b'), 1);
  assert.equal(computed, 2, 'once per key');
  assert.equal(countOf(new DocumentModel(first.uri, 2, 'FROM a\n'), 'a'), 1);
  assert.equal(computed, 3, 'a new version computes its own');
  let missing = 0;
  const missingKey = derivedKey<Map<string, undefined>>('nothing per key');
  for (let round = 0; round < 2; round++) first.deriveFor(missingKey, 'x', () => void missing++);
  assert.equal(missing, 1, 'an undefined value is remembered too');
});

test('the cache keeps one model per document and replaces it when the version changes', () => {
  const cache = new DocumentModelCache();
  const v1 = cache.get('file:///a', 1, 'FROM a\n');
  assert.equal(cache.get('file:///a', 1, 'FROM a\n'), v1);
  const v2 = cache.get('file:///a', 2, 'FROM b\n');
  assert.notEqual(v2, v1);
  assert.equal(cache.peek('file:///a'), v2);
  assert.equal(cache.findByText('FROM b\n'), v2);
  assert.equal(cache.findByText('FROM a\n'), undefined);
  cache.delete('file:///a');
  assert.equal(cache.peek('file:///a'), undefined);
});
