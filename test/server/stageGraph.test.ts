import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stageGraphExportRequest, stageGraphRequest } from '../../server/src/protocol/requests';
import type { StageGraphExportParams, StageGraphParams } from '../../server/src/protocol/stageGraph';
import { ServerProcess } from './serverProcess';

const uri = 'file:///work/project/Dockerfile';
const text = [
  'ARG NODE_VERSION=22',
  'FROM node:${NODE_VERSION}-alpine AS deps',
  'RUN npm ci',
  'FROM deps AS build',
  'RUN --mount=type=cache,target=/root/.npm npm run build',
  'FROM nginx:1.27-alpine',
  'COPY --from=build /app/dist /usr/share/nginx/html',
  '',
].join('\n');

describe('dockerfileStages/stageGraph over stdio', () => {
  let server: ServerProcess;

  before(async () => {
    server = await ServerProcess.start();
    await server.open(uri, text);
  });
  after(() => server.stop());

  test('answers stages, images and edges in the shape of the contract', async () => {
    const graph = await server.request(stageGraphRequest, { textDocument: { uri } } satisfies StageGraphParams);
    assert.deepEqual(graph, {
      stages: [
        {
          id: 'stage:0',
          index: 0,
          name: 'deps',
          baseImage: 'node:22-alpine',
          range: { start: { line: 1, character: 0 }, end: { line: 2, character: 10 } },
          isTarget: false,
          reachable: true,
        },
        {
          id: 'stage:1',
          index: 1,
          name: 'build',
          baseImage: 'deps',
          range: { start: { line: 3, character: 0 }, end: { line: 4, character: 54 } },
          isTarget: false,
          reachable: true,
        },
        {
          id: 'stage:2',
          index: 2,
          name: null,
          baseImage: 'nginx:1.27-alpine',
          range: { start: { line: 5, character: 0 }, end: { line: 6, character: 49 } },
          isTarget: true,
          reachable: true,
        },
      ],
      images: [
        { id: 'image:node:22-alpine', name: 'node:22-alpine' },
        { id: 'image:nginx:1.27-alpine', name: 'nginx:1.27-alpine' },
      ],
      edges: [
        { from: 'image:node:22-alpine', to: 'stage:0', kind: 'from', range: { start: { line: 1, character: 5 }, end: { line: 1, character: 32 } } },
        { from: 'stage:0', to: 'stage:1', kind: 'from', range: { start: { line: 3, character: 5 }, end: { line: 3, character: 9 } } },
        { from: 'image:nginx:1.27-alpine', to: 'stage:2', kind: 'from', range: { start: { line: 5, character: 5 }, end: { line: 5, character: 22 } } },
        { from: 'stage:1', to: 'stage:2', kind: 'copy', range: { start: { line: 6, character: 12 }, end: { line: 6, character: 17 } } },
      ],
      target: 'stage:2',
      platforms: ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm/v6', 'linux/386', 'linux/ppc64le', 'linux/s390x', 'linux/riscv64'],
    });
  });

  test('a target recomputes reachability; the graph follows edits', async () => {
    const forDeps = await server.request(stageGraphRequest, { textDocument: { uri }, target: 'deps' } satisfies StageGraphParams);
    assert.ok(forDeps);
    assert.equal(forDeps.target, 'stage:0');
    assert.deepEqual(
      forDeps.stages.map((stage) => stage.reachable),
      [true, false, false],
    );

    const edited = `${text}FROM alpine:3.20 AS debug\n`;
    await server.replace(uri, edited);
    const after = await server.request(stageGraphRequest, { textDocument: { uri } } satisfies StageGraphParams);
    assert.ok(after);
    assert.equal(after.stages.length, 4);
    assert.equal(after.target, 'stage:3');
    assert.deepEqual(
      after.stages.map((stage) => stage.reachable),
      [false, false, false, true],
    );
    await server.replace(uri, text);
  });

  test('exports DOT and Mermaid from the same graph', async () => {
    const dot = await server.request(stageGraphExportRequest, { textDocument: { uri }, format: 'dot', direction: 'LR' } satisfies StageGraphExportParams);
    assert.match(dot ?? '', /^digraph stages \{\n {2}rankdir=LR;/);
    assert.match(dot ?? '', /s1 -> s2 \[style=dashed, label="COPY --from"\];/);
    const mermaid = await server.request(stageGraphExportRequest, { textDocument: { uri }, format: 'mermaid' } satisfies StageGraphExportParams);
    assert.match(mermaid ?? '', /^flowchart TB\n/);
    assert.match(mermaid ?? '', /s1 -\.->\|"COPY --from"\| s2/);
  });

  test('export parameters other than the protocol names are refused as invalid, not written into the text', async () => {
    for (const params of [
      { textDocument: { uri }, format: 'dot', direction: 'TB;\n  evil [label="x"]' },
      { textDocument: { uri }, format: 'mermaid', direction: 42 },
      { textDocument: { uri }, format: 'svg' },
    ]) {
      await assert.rejects(server.request(stageGraphExportRequest, params), (error: { code?: number; message?: string }) => error.code === -32602 && /must be/.test(error.message ?? ''));
    }
  });

  test('a document the server does not have answers null', async () => {
    const params = { textDocument: { uri: 'file:///work/project/Other.dockerfile' } };
    assert.equal(await server.request(stageGraphRequest, params), null);
    assert.equal(await server.request(stageGraphExportRequest, { ...params, format: 'dot' }), null);
  });
});
