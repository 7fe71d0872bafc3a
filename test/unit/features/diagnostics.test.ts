import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationPacer } from '../../../server/src/features/diagnostics';

/** A pacer on a clock the test moves by hand. */
function pacerAt(start = 1000) {
  let now = start;
  const pacer = new ValidationPacer(200, () => now);
  return { pacer, advance: (ms: number) => (now += ms) };
}

describe('ValidationPacer', () => {
  test('a document just opened, or changed after a pause, is validated at once', () => {
    const { pacer, advance } = pacerAt();
    pacer.changed('a');
    assert.equal(pacer.waitMs('a'), 0);
    advance(500);
    pacer.changed('a');
    assert.equal(pacer.waitMs('a'), 0);
  });

  test('changes in quick succession wait until the text has been quiet for the quiet period', () => {
    const { pacer, advance } = pacerAt();
    pacer.changed('a');
    advance(50);
    pacer.changed('a');
    assert.equal(pacer.waitMs('a'), 200);
    advance(120);
    assert.equal(pacer.waitMs('a'), 80);
    advance(80);
    assert.equal(pacer.waitMs('a'), 0);
  });

  test('each keystroke of a burst restarts the quiet period, and a pause ends the burst', () => {
    const { pacer, advance } = pacerAt();
    for (let keystroke = 0; keystroke < 5; keystroke++) {
      pacer.changed('a');
      advance(100);
    }
    assert.equal(pacer.waitMs('a'), 100);
    advance(400);
    pacer.changed('a');
    assert.equal(pacer.waitMs('a'), 0, 'the first change after the pause');
  });

  test('documents are paced separately, and a closed one is forgotten', () => {
    const { pacer, advance } = pacerAt();
    pacer.changed('a');
    advance(10);
    pacer.changed('a');
    pacer.changed('b');
    assert.equal(pacer.waitMs('a'), 200);
    assert.equal(pacer.waitMs('b'), 0);
    pacer.forget('a');
    assert.equal(pacer.waitMs('a'), 0);
    pacer.changed('a');
    assert.equal(pacer.waitMs('a'), 0, 'reopened: a first change again');
  });
});
