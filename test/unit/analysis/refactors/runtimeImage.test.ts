import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runtimeImageRefactors } from '../../../../server/src/analysis/refactors/runtimeImage';
import { buildImageInFinalStage } from '../../../../server/src/analysis/rules/image/finalStage';
import { defaultRuleContext } from '../../../../server/src/analysis/rules/rule';
import { lines, modelOf } from '../../helpers';

describe('switch the final stage to a runtime image', () => {
  test('offers the BuildImageInFinalStage fixes as refactors', () => {
    const model = modelOf(lines('FROM golang:1.22 AS build', 'RUN go build -o /app .', 'FROM node:20', 'COPY --from=build /app /app', 'CMD ["node", "server.js"]'));
    const refactors = runtimeImageRefactors(model);
    assert.deepEqual(refactors.map((refactor) => refactor.title), ['Use node:20-slim (same Node.js on Debian slim)']);
    assert.deepEqual(refactors[0].edits, buildImageInFinalStage.check(model, defaultRuleContext)[0].fixes?.[0].edits);
  });

  test('offers nothing while the final stage builds: that needs the conversion', () => {
    assert.deepEqual(runtimeImageRefactors(modelOf(lines('FROM golang:1.22', 'RUN go build -o /app .'))), []);
  });
});
