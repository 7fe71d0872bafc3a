import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractStageRefactor } from '../../../../server/src/analysis/refactors/extractStage';
import { applyEdits, lines, modelOf } from '../../helpers';

const selection = (start: number, end: number) => ({ start: { line: start, character: 0 }, end: { line: end, character: 1 } });

describe('extract instructions into a stage', () => {
  const text = lines(
    'FROM alpine:3.20 AS tools',
    'FROM node:20',
    'WORKDIR /app',
    'ENV NODE_ENV=development',
    '# lockfile first',
    'COPY package*.json ./',
    'RUN npm ci',
    'COPY . .',
    'CMD ["node", "index.js"]',
    'FROM alpine:3.20',
    'COPY --from=1 /app /app',
  );

  test('moves them into a new stage on the same base, after the settings they ran under, and copies their folder back', () => {
    const refactor = extractStageRefactor(modelOf(text), selection(5, 6));
    assert.equal(refactor?.title, "Extract 2 instructions into a new stage 'deps'");
    assert.equal(
      applyEdits(text, refactor.edits),
      lines(
        'FROM alpine:3.20 AS tools',
        'FROM node:20 AS deps',
        'WORKDIR /app',
        'ENV NODE_ENV=development',
        '# lockfile first',
        'COPY package*.json ./',
        'RUN npm ci',
        '',
        'FROM node:20',
        'WORKDIR /app',
        'ENV NODE_ENV=development',
        'COPY --from=deps /app /app',
        'COPY . .',
        'CMD ["node", "index.js"]',
        'FROM alpine:3.20',
        'COPY --from=2 /app /app',
      ),
    );
  });

  test('is not offered for runtime metadata, a whole stage, or a stage without a WORKDIR', () => {
    const model = modelOf(text);
    assert.equal(extractStageRefactor(model, selection(8, 8)), undefined, 'CMD');
    assert.equal(extractStageRefactor(model, selection(2, 8)), undefined, 'every instruction of the stage');
    const rootless = modelOf(lines('FROM node:20', 'COPY . .', 'RUN npm ci', 'CMD ["node", "index.js"]'));
    assert.equal(extractStageRefactor(rootless, selection(1, 2)), undefined);
  });
});
