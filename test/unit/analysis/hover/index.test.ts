import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt, textIn } from './positions';

const text = [
  'FROM golang:1.22 AS build',
  'RUN --mount=type=cache,target=/root/.cache go build -o /app .',
  'FROM gcr.io/distroless/static-debian12',
  'COPY --link --from=build /app /app',
  'ENV MODE=prod',
].join('\n');

describe('buildHover', () => {
  test('instruction keywords and plain arguments are left to the library', () => {
    for (const [needle, offset] of [
      ['RUN', 1],
      ['FROM gcr', 2],
      ['COPY', 0],
      ['go build', 1],
      ['/app /app', 2],
      ['MODE', 1],
    ] as const) {
      assert.equal(hoverAt(text, needle, offset), undefined, `${needle}+${offset}`);
    }
  });

  test('each kind of target gets its hover with its range', () => {
    const cases: [string, number, string, RegExp][] = [
      ['AS build', 4, 'build', /\*\*Stage\*\* `build`/],
      ['golang', 2, 'golang:1.22', /\*\*Go\*\* `golang:1\.22`/],
      ['gcr.io', 2, 'gcr.io/distroless/static-debian12', /\*\*Distroless static\*\*/],
      ['--from=build', 9, 'build', /\*\*Stage\*\* `build`/],
      ['--link', 3, '--link', /\*\*COPY --link\*\*/],
      ['--mount', 3, '--mount', /\*\*RUN --mount\*\*/],
      ['target=', 2, 'target=/root/.cache', /option of a `cache` mount/],
    ];
    for (const [needle, offset, covered, content] of cases) {
      const hover = hoverAt(text, needle, offset);
      assert.ok(hover, `${needle}+${offset}`);
      assert.equal(textIn(text, hover.range), covered);
      assert.match(hover.markdown, content);
    }
  });

  test("a variable in a flag value keeps the library's hover, which shows its value", () => {
    const withVariable = 'FROM alpine:3.20\nARG MODE=755\nCOPY --chmod=$MODE run.sh /run.sh\n';
    assert.equal(hoverAt(withVariable, '$MODE', 2), undefined);
    assert.match(hoverAt(withVariable, '--chmod', 3)?.markdown ?? '', /\*\*COPY --chmod\*\*/);
  });

  test('positions outside every instruction have no hover', () => {
    assert.equal(hoverAt('# a comment\n\nFROM alpine:3.20\n', 'comment', 1), undefined);
    assert.equal(hoverAt('', '', 0), undefined);
  });
});
