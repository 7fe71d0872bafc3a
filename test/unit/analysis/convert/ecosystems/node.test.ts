import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../../../helpers';
import { convertText, goldenTests } from '../golden';

describe('Node.js', () => {
  goldenTests('node', ['node-single-express', 'node-single-typescript', 'node-hello', 'static-single-node-serve', 'node-escape-backtick', 'node-yarn-workspace', 'node-prisma', 'node-lts-plain', 'node-express-dotenv', 'node-pg-native', 'node-sqlite', 'node-ts-api', 'static-markdown-site', 'node-start-ts-node', 'node-global-serve']);

  test('prunes development dependencies after the build, and not when none were installed', () => {
    const pruned = convertText(lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'CMD ["node", "dist/index.js"]'));
    assert.equal(pruned.kind, 'converted');
    assert.match(pruned.text, /RUN npm ci && npm run build\n\n# The runtime stage copies production dependencies only\nRUN npm prune --omit=dev\n/);
    const production = convertText(lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'CMD ["node", "index.js"]'));
    assert.equal(production.kind, 'converted');
    assert.doesNotMatch(production.text, /prune/);
  });

  test('declines an app without a WORKDIR to copy', () => {
    const result = convertText(lines('FROM node:20', 'COPY . .', 'RUN npm ci && npm run build', 'CMD ["node", "dist/index.js"]'));
    assert.equal(result.kind, 'declined');
    assert.match(result.reason, /WORKDIR/);
  });
});
