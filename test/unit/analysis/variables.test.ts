import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expandWord, type Binding } from '../../../server/src/analysis/variables';

const bindings: Record<string, Binding> = {
  TAG: { kind: 'value', value: '3.20' },
  EMPTY: { kind: 'value', value: '' },
  NOVALUE: { kind: 'unset' },
  PLATFORM: { kind: 'unknown' },
};
const lookup = (name: string): Binding | undefined => bindings[name];
const value = (text: string, escapeChar = '\\') => expandWord(text, lookup, escapeChar).value;

describe('expandWord', () => {
  test('plain and braced references', () => {
    assert.equal(value('alpine:$TAG'), 'alpine:3.20');
    assert.equal(value('alpine:${TAG}-slim'), 'alpine:3.20-slim');
    assert.equal(value('a${NOVALUE}b'), 'ab');
  });

  test('default and alternative forms, with and without the colon', () => {
    assert.equal(value('${EMPTY:-x}'), 'x');
    assert.equal(value('${EMPTY-x}'), '');
    assert.equal(value('${NOVALUE-x}'), 'x');
    assert.equal(value('${UNDECLARED:-alpine}'), 'alpine');
    assert.equal(value('${TAG:+set}'), 'set');
    assert.equal(value('${EMPTY:+set}'), '');
    assert.equal(value('${EMPTY+set}'), 'set');
    assert.equal(value('${NOVALUE+set}'), '');
    assert.equal(value('${UNDECLARED:-${TAG}}'), '3.20');
  });

  test('quotes are removed; single quotes keep $ literal', () => {
    assert.equal(value('"build"'), 'build');
    assert.equal(value("'$TAG'"), '$TAG');
    assert.equal(value('"a-$TAG"'), 'a-3.20');
  });

  test('the escape character makes $ literal, and may be a backtick', () => {
    assert.equal(value('\\$TAG'), '$TAG');
    assert.equal(value('`$TAG', '`'), '$TAG');
    assert.equal(value('a\\b', '`'), 'a\\b');
  });

  test('an unknown value makes the result unknown and is reported', () => {
    const expansion = expandWord('golang:${TAG}-$PLATFORM', lookup);
    assert.equal(expansion.value, undefined);
    assert.deepEqual(expansion.unknown, ['PLATFORM']);
    assert.deepEqual(expansion.referenced, ['TAG', 'PLATFORM']);
  });

  test('undeclared names expand to nothing; missing only when no default stands in', () => {
    const plain = expandWord('alpine:$VERSION', lookup);
    assert.equal(plain.value, 'alpine:');
    assert.deepEqual(plain.missing, ['VERSION']);
    assert.deepEqual(plain.undeclared, ['VERSION']);
    const defaulted = expandWord('${VERSION:-alpine}', lookup);
    assert.deepEqual(defaulted.missing, []);
    assert.deepEqual(defaulted.undeclared, ['VERSION']);
  });

  test('pattern operators need the value and count as unknown', () => {
    const expansion = expandWord('${TAG%.*}', lookup);
    assert.equal(expansion.value, undefined);
    assert.deepEqual(expansion.unknown, ['TAG']);
  });

  test('nesting is read 64 levels deep; deeper, the word is unknowable rather than a stack overflow', () => {
    const nested = (depth: number): string => `${'${a:-'.repeat(depth)}x${'}'.repeat(depth)}`;
    assert.equal(expandWord(nested(64), lookup).value, 'x');
    for (const depth of [65, 3_000, 100_000]) {
      const expansion = expandWord(`pre${nested(depth)}`, lookup);
      assert.equal(expansion.value, undefined, `${depth} levels`);
      assert.deepEqual(expansion.referenced, ['a']);
    }
  });

  test('malformed text never throws and stays as written', () => {
    assert.equal(value('${TAG'), '${TAG');
    assert.equal(value('${}'), '${}');
    assert.equal(value('cost: $5'), 'cost: $5');
    assert.equal(value('"unclosed'), 'unclosed');
  });
});
