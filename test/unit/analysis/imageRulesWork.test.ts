import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentModel } from '../../../server/src/analysis/documentModel';
import { cacheBustingCopyOrder } from '../../../server/src/analysis/rules/image/layerOrder';
import { defaultRuleContext } from '../../../server/src/analysis/rules/rule';
import { lines, modelOf } from '../helpers';

/**
 * The work the image rules do, counted where doing more would find nothing new and show in no
 * finding: only the cost would grow.
 */

/** Counts the calls of `getProperties` on the ENV instructions of the model, once its stages are read. */
function countPropertyReads(model: DocumentModel): () => number {
  void model.stageModel;
  let calls = 0;
  for (const instruction of model.dockerfile.getInstructions()) {
    if (instruction.getKeyword() !== 'ENV') continue;
    const target = instruction as unknown as { getProperties: () => unknown };
    const original = target.getProperties.bind(instruction);
    target.getProperties = () => {
      calls++;
      return original();
    };
  }
  return () => calls;
}

describe('the work of the image rules', () => {
  test("a stage's ENV values are read only when one of its RUNs may concern the rule asking", () => {
    const stage = (install: string) => lines('FROM node:20', 'ARG MODE=production', 'ENV APP_HOME=/app PORT=8080', 'COPY . .', `RUN ${install}`, 'FROM scratch', 'COPY --from=0 /app /app');
    const quiet = modelOf(stage('make all'));
    const quietReads = countPropertyReads(quiet);
    assert.deepEqual(cacheBustingCopyOrder.check(quiet, defaultRuleContext), []);
    assert.equal(quietReads(), 0, 'no RUN installs dependencies, so the stage was not walked');

    const installing = modelOf(stage('npm ci'));
    const installingReads = countPropertyReads(installing);
    assert.equal(cacheBustingCopyOrder.check(installing, defaultRuleContext).length, 1);
    assert.ok(installingReads() > 0, 'the RUN that installs was analysed with the values before it');
  });
});
