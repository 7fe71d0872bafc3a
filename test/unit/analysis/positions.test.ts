import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineEndOffset, LinePositions, lineOf, lineStartsOf, offsetAt, positionAt } from '../../../server/src/analysis/positions';

/** Each of the three line breaks LSP knows, and a last line without one. */
const text = 'FROM a\r\nRUN b\rRUN c\nCMD d';
const lined = new LinePositions(text);

test('lines start after \\r\\n, lone \\r and \\n alike', () => {
  assert.deepEqual(lineStartsOf(text), [0, 8, 14, 20]);
  assert.deepEqual(lineStartsOf(''), [0]);
  assert.deepEqual(lineStartsOf('\n\n'), [0, 1, 2]);
});

test('an offset and its position turn into each other on every line', () => {
  for (let offset = 0; offset <= text.length; offset++) {
    const position = positionAt(lined, offset);
    assert.equal(lined.lineStarts[position.line] + position.character, offset, `offset ${offset}`);
    assert.equal(offsetAt(lined, position), offset, `position of offset ${offset}`);
  }
  assert.deepEqual(positionAt(lined, 9), { line: 1, character: 1 });
  assert.equal(lineOf(lined.lineStarts, 14), 2);
});

test('offsets outside the text clamp to its ends', () => {
  assert.deepEqual(positionAt(lined, -5), { line: 0, character: 0 });
  assert.deepEqual(positionAt(lined, text.length + 10), { line: 3, character: 5 });
});

test('positions outside the text or their line clamp to the nearest place in it', () => {
  assert.equal(offsetAt(lined, { line: -1, character: 3 }), 0);
  assert.equal(offsetAt(lined, { line: 9, character: 0 }), text.length);
  assert.equal(offsetAt(lined, { line: 0, character: 99 }), 8, 'a character past the line stops at the next line');
  assert.equal(offsetAt(lined, { line: 3, character: 99 }), text.length);
  assert.equal(offsetAt(lined, { line: 2, character: -4 }), 14);
});

test("a line's text ends before its line break, whichever it is", () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((line) => lineEndOffset(lined, line)),
    [6, 13, 19, text.length, text.length],
  );
  assert.equal(lineEndOffset(new LinePositions('\n\nx'), 1), 1, 'an empty line ends where it starts');
});

test('ranges are two clamped positions', () => {
  assert.deepEqual(lined.range(8, 11), { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
});
