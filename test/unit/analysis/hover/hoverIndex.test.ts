import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePositions, contains, hoverIndexOf } from '../../../../server/src/analysis/hover/hoverIndex';
import { modelOf, positionOf, textIn } from './positions';

const text = [
  'ARG BASE=alpine:3.20',
  'FROM ${BASE} AS base',
  'RUN echo one \\',
  '    two',
  'FROM base AS build',
  'COPY --from=base /a /a',
  'RUN --mount=from=base,target=/b true',
  'FROM scratch',
  'COPY --from=build /a /a',
].join('\n');

describe('hover index', () => {
  test('finds the stage target under a position, and nothing between targets', () => {
    const index = hoverIndexOf(modelOf(text));
    const cases: [string, number, string | undefined][] = [
      ['AS base', 3, 'base'],
      ['${BASE}', 0, '${BASE}'],
      ['${BASE}', 7, '${BASE}'],
      ['FROM base', 5, 'base'],
      ['--from=base', 7, 'base'],
      ['from=base,', 5, 'base'],
      ['--from=build', 11, 'build'],
      ['COPY --from=base', 2, undefined],
      ['/a /a', 1, undefined],
    ];
    for (const [needle, offset, expected] of cases) {
      const target = index.targetAt(positionOf(text, needle, offset));
      assert.equal(target && textIn(text, target.range), expected, `${needle}+${offset}`);
    }
  });

  test('finds the instruction holding a position, continuation lines included', () => {
    const index = hoverIndexOf(modelOf(text));
    assert.equal(index.instructionAt(positionOf(text, 'two'))?.getKeyword(), 'RUN');
    assert.equal(index.instructionAt(positionOf(text, 'FROM scratch', 7))?.getKeyword(), 'FROM');
    assert.equal(index.instructionAt(positionOf(text, 'ARG', 1))?.getKeyword(), 'ARG');
    assert.equal(index.instructionAt({ line: 40, character: 0 }), undefined);
  });

  test('lists the references leading to each stage', () => {
    const index = hoverIndexOf(modelOf(text));
    assert.deepEqual(
      index.referrersOf(0).map((reference) => [reference.kind, reference.value.range.start.line]),
      [
        ['from', 4],
        ['copy', 5],
        ['mount', 6],
      ],
    );
    assert.deepEqual(index.referrersOf(1).map((reference) => reference.kind), ['copy']);
    assert.deepEqual(index.referrersOf(2), []);
  });

  test('is built once per document version', () => {
    const model = modelOf(text);
    assert.equal(hoverIndexOf(model), hoverIndexOf(model));
    assert.notEqual(hoverIndexOf(modelOf(text)), hoverIndexOf(model));
  });

  test('position helpers: ranges include both ends', () => {
    const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } };
    assert.ok(contains(range, { line: 1, character: 2 }));
    assert.ok(contains(range, { line: 1, character: 5 }));
    assert.ok(!contains(range, { line: 1, character: 6 }));
    assert.ok(!contains(range, { line: 0, character: 3 }));
    assert.ok(comparePositions({ line: 0, character: 9 }, { line: 1, character: 0 }) < 0);
  });
});
