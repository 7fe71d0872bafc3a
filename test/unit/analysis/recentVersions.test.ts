import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileParser, type Argument } from 'dockerfile-ast';
import { instructionKey, recentKind, RecentVersions } from '../../../server/src/analysis/recentVersions';

test('recent versions keep two generations, bounded by characters, and what is read again moves to the newer one', () => {
  // Each key below counts with its kind's name and separator: 'a' is two characters.
  const kind = recentKind<Argument[]>('');
  const recent = new RecentVersions(4);
  const args = (value: string) => [{ getValue: () => value }] as unknown as Argument[];
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(args);
  recent.remember(kind, 'a', a);
  recent.remember(kind, 'b', b);
  recent.remember(kind, 'c', c); // a and b are now the older generation
  assert.equal(recent.get(kind, 'a'), a, 'read from the older generation, and kept');
  recent.remember(kind, 'd', d); // c and a become the older generation; b is dropped
  assert.equal(recent.get(kind, 'b'), undefined);
  assert.equal(recent.get(kind, 'a'), a);
  assert.equal(recent.get(kind, 'c'), c);
  assert.equal(recent.get(kind, 'd'), d);

  const large = new RecentVersions(11);
  large.remember(kind, '0123456789', a); // a key as large as a generation still gets one of its own
  large.remember(kind, 'xy', b);
  large.remember(kind, '0123456789-longer', c);
  assert.equal(large.get(kind, '0123456789'), undefined, 'two large keys later, the first is gone');
  assert.equal(large.get(kind, 'xy'), b);
});

test('kinds of value never share a key, in the one store', () => {
  const recent = new RecentVersions();
  const lengths = recentKind<number>('length');
  const words = recentKind<string>('word');
  recent.remember(lengths, 'RUN a', 5);
  assert.equal(recent.get(words, 'RUN a'), undefined);
  assert.equal(recent.reuse(words, 'RUN a', () => 'RUN'), 'RUN');
  assert.equal(recent.get(lengths, 'RUN a'), 5);
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
