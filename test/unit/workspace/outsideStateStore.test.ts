import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutsideStateStore } from '../../../server/src/workspace/outsideStateStore';

/** A store of counted reads: each value names the read that made it. */
function countingStore(): { store: OutsideStateStore<string>; read: (key: string) => () => string; reads: () => number } {
  let reads = 0;
  return {
    store: new OutsideStateStore<string>(),
    read: (key) => () => `${key} #${++reads}`,
    reads: () => reads,
  };
}

test('a key is read once until it is forgotten, and forgetting one key keeps the others', () => {
  const { store, read, reads } = countingStore();
  assert.equal(store.get('a', read('a')), 'a #1');
  assert.equal(store.get('a', read('a')), 'a #1');
  assert.equal(store.get('b', read('b')), 'b #2');
  store.forget('a');
  assert.equal(store.get('a', read('a')), 'a #3');
  assert.equal(store.get('b', read('b')), 'b #2');
  assert.equal(reads(), 3);
});

test('clear drops every key', () => {
  const { store, read } = countingStore();
  store.get('a', read('a'));
  store.get('b', read('b'));
  store.clear();
  assert.equal(store.get('a', read('a')), 'a #3');
  assert.equal(store.get('b', read('b')), 'b #4');
});

test('a kept value that is no longer current is read again and replaces it', () => {
  const { store, read } = countingStore();
  store.get('a', read('a'));
  assert.equal(store.get('a', read('a'), (kept) => kept.endsWith('#2')), 'a #2');
  assert.equal(store.get('a', read('a'), (kept) => kept.endsWith('#2')), 'a #2');
});
