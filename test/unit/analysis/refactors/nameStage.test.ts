import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nameStageRefactor } from '../../../../server/src/analysis/refactors/nameStage';
import { numericStageReference } from '../../../../server/src/analysis/rules/reference/stageReferences';
import { defaultRuleContext } from '../../../../server/src/analysis/rules/rule';
import { applyEdits, lines, modelOf } from '../../helpers';

describe('name a stage', () => {
  const text = lines('FROM golang:1.22', 'RUN go build -o /app .', 'FROM alpine:3.20', 'COPY --from=0 /app /app');

  test('adds AS with a name from the image and rewrites the numeric references', () => {
    const model = modelOf(text);
    const refactor = nameStageRefactor(model, model.stageModel.stages[0]);
    assert.equal(refactor?.title, "Name stage 0 'golang'");
    assert.equal(applyEdits(text, refactor.edits), lines('FROM golang:1.22 AS golang', 'RUN go build -o /app .', 'FROM alpine:3.20', 'COPY --from=golang /app /app'));
  });

  test('makes the same edits as the NumericStageReference fix', () => {
    const model = modelOf(text);
    const fix = numericStageReference.check(model, defaultRuleContext)[0].fixes?.[0];
    assert.deepEqual(nameStageRefactor(model, model.stageModel.stages[0])?.edits, fix?.edits);
  });

  test('is not offered for a stage that has a name', () => {
    const model = modelOf(lines('FROM golang:1.22 AS build', 'FROM alpine:3.20'));
    assert.equal(nameStageRefactor(model, model.stageModel.stages[0]), undefined);
  });
});
