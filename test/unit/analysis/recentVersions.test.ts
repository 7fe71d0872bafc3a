import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileParser, type Argument } from 'dockerfile-ast';
import { instructionKey, RecentVersions } from '../../../server/src/analysis/recentVersions';

test('recent versions keep two generations, bounded by characters, and what is read again moves to the newer one', () => {
  const recent = new RecentVersions<Argument[]>(2);
  const args = (value: string) => [{ getValue: () => value }] as unknown as Argument[];
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(args);
  recent.remember('a', a);
  recent.remember('b', b);
  recent.remember('c', c); // a and b are now the older generation
  assert.equal(recent.get('a'), a, 'read from the older generation, and kept');
  recent.remember('d', d); // c and a become the older generation; b is dropped
  assert.equal(recent.get('b'), undefined);
  assert.equal(recent.get('a'), a);
  assert.equal(recent.get('c'), c);
  assert.equal(recent.get('d'), d);

  const large = new RecentVersions<Argument[]>(10);
  large.remember('0123456789', a); // a key as large as a generation still gets one of its own
  large.remember('xy', b);
  large.remember('0123456789-longer', c);
  assert.equal(large.get('0123456789'), undefined, 'two large keys later, the first is gone');
  assert.equal(large.get('xy'), b);
});

test('an instruction key changes with the text, the place and the escape character, and nothing else', () => {
  const [a, b] = DockerfileParser.parse('FROM alpine\nRUN echo a\n').getInstructions();
  const [same] = DockerfileParser.parse('FROM alpine\n# a comment\n').getInstructions();
  const [moved] = DockerfileParser.parse('\n\nFROM alpine\n').getInstructions();
  const [otherEscape] = DockerfileParser.parse('# escape=`\n\nFROM alpine\n').getInstructions();
  assert.equal(instructionKey(same), instructionKey(a));
  assert.notEqual(instructionKey(b), instructionKey(a));
  assert.notEqual(instructionKey(moved), instructionKey(a));
  assert.deepEqual(otherEscape.getRange(), moved.getRange());
  assert.notEqual(instructionKey(otherEscape), instructionKey(moved), 'same text and place, another escape character');
});
