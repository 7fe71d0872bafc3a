import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'shell-quote';
import { parseShellTokens } from '../../../server/src/analysis/shellTokens';

const keep = (name: string): string => `$${name}`;

/** shell-quote's own answer, or the error it throws. */
function libraryTokens(source: string): unknown {
  try {
    return parse(source, keep);
  } catch (error) {
    return (error as Error).message;
  }
}

function groupedTokens(source: string): unknown {
  try {
    return parseShellTokens(source, keep);
  } catch (error) {
    return (error as Error).message;
  }
}

/** Pieces that exercise every rule the cutting follows: quotes, escapes, operators, whitespace, variables. */
const piece = fc.constantFrom('a', 'b1', ' ', '  ', '\t', '\n', '"', "'", '\\', '\\"', "\\'", '\\ ', '$a', '${a}', '${', '}', '|', '||', '&', '&&', ';', ';;', '(', ')', '<', '<<', '<<<', '>', '>>', '>&', '<&', '<(', '*', '?', '#', '\\#', '\u00a0');

describe('parseShellTokens', () => {
  test('gives exactly shell-quote\'s tokens, on sources long enough to be cut into groups', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 150, maxLength: 400 }), (pieces) => {
        const source = pieces.join('');
        assert.deepEqual(groupedTokens(source), libraryTokens(source));
      }),
      { numRuns: 400 },
    );
  });

  test('splits a RUN of 20,000 variable words into its 20,000 words', () => {
    const source = ' $a'.repeat(20_000);
    const tokens = parseShellTokens(source, keep);
    assert.equal(tokens.length, 20_000);
    assert.ok(tokens.every((token) => token === '$a'));
  });
});
