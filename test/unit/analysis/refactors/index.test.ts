import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { refactorKinds, stageOnFromLine, stageRefactors } from '../../../../server/src/analysis/refactors/index';
import { lines, modelOf } from '../../helpers';

const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });

describe('stage refactors', () => {
  const model = modelOf(lines('FROM golang:1.22', 'WORKDIR /src', 'RUN go build -o /app .', 'FROM node:20', 'WORKDIR /srv', 'COPY --from=0 /app /app', 'CMD ["node", "server.js"]'));

  test('a FROM line offers naming its stage, and the final one the runtime image', () => {
    assert.deepEqual(stageRefactors(model, at(0)).map((refactor) => refactor.kind), [refactorKinds.nameStage]);
    assert.deepEqual(stageRefactors(model, at(3)).map((refactor) => refactor.kind), [refactorKinds.nameStage, refactorKinds.runtimeImage]);
  });

  test('instructions offer extracting them', () => {
    assert.deepEqual(stageRefactors(model, at(2)).map((refactor) => refactor.kind), [refactorKinds.extractStage]);
  });

  test('extraction is left out when not wanted, and FROM lines keep theirs', () => {
    assert.deepEqual(stageRefactors(model, at(2), false), []);
    assert.deepEqual(stageRefactors(model, at(3), false).map((refactor) => refactor.kind), [refactorKinds.nameStage, refactorKinds.runtimeImage]);
  });

  test('every kind sits under refactor, so VS Code lists and previews them', () => {
    for (const kind of Object.values(refactorKinds)) assert.match(kind, /^refactor\.(rewrite|extract)\.dockerfileStages\./);
  });
});

describe('the stage on a FROM line', () => {
  test('every line of a FROM, continued lines and comments between them included, and no other line', () => {
    const text = lines('# syntax=docker/dockerfile:1', 'ARG BASE=alpine', 'FROM golang:1.22 \\', '# a comment inside', '  AS build', 'RUN go build', 'FROM ${BASE}', 'FROM scratch', 'COPY --from=build /app /app', 'FROM \\', '  busybox');
    const model = modelOf(text);
    const expected = [undefined, undefined, 0, 0, 0, undefined, 1, 2, undefined, 3, 3, undefined];
    assert.deepEqual(
      expected.map((_, line) => stageOnFromLine(model, at(line))?.index),
      expected,
    );
  });

  test('none in a file without stages', () => {
    assert.equal(stageOnFromLine(modelOf(lines('# nothing yet', 'ARG A=1')), at(1)), undefined);
  });
});

