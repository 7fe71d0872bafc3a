import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { blocks, code, lineLink, list, webLink } from '../../../../server/src/analysis/hover/markdown';

describe('hover markdown', () => {
  test('code spans hold backticks and user text without turning it into markup', () => {
    assert.equal(code('build'), '`build`');
    assert.equal(code('a`b'), '``a`b``');
    assert.equal(code('`x'), '`` `x ``');
    assert.equal(code('**not bold** [x](y)'), '`**not bold** [x](y)`');
    assert.equal(code('two\nlines'), '`two lines`');
  });

  test('line links point at the document with a 1-based #L fragment', () => {
    assert.equal(lineLink('file:///w/Dockerfile', 0), '[line 1](file:///w/Dockerfile#L1)');
    assert.equal(lineLink('file:///w/Dockerfile', 11, 'here'), '[here](file:///w/Dockerfile#L12)');
  });

  test('link targets cannot be cut short by spaces or parentheses, and an existing fragment is replaced', () => {
    assert.equal(lineLink('file:///w/my (copy)/Dockerfile#L3', 4), '[line 5](file:///w/my%20%28copy%29/Dockerfile#L5)');
    assert.equal(webLink('page', 'https://example.com/a b'), '[page](https://example.com/a%20b)');
  });

  test('blocks skip empty parts and lists skip empty input', () => {
    assert.equal(blocks('a', undefined, '', false, 'b'), 'a\n\nb');
    assert.equal(list([]), undefined);
    assert.equal(list(['x', 'y']), '- x\n- y');
  });
});
