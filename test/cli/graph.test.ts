import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { toDot, toMermaid } from '../../server/src/analysis/graphExport';
import { buildStageGraph } from '../../server/src/analysis/stageGraph';
import { stageGraphRequest } from '../../server/src/protocol/requests';
import type { StageGraph, StageGraphParams } from '../../server/src/protocol/stageGraph';
import { ServerProcess } from '../server/serverProcess';
import { lines, runCli, workspace } from './helpers';

const dockerfile = lines(
  'ARG NODE_VERSION=22',
  'FROM node:${NODE_VERSION}-alpine AS deps',
  'RUN npm ci',
  'FROM deps AS build',
  'RUN --mount=type=cache,target=/root/.npm npm run build',
  'FROM deps AS test',
  'RUN npm test',
  'FROM nginx:1.27-alpine',
  'COPY --from=build /app/dist /usr/share/nginx/html',
);

const graphOf = (target?: string) => buildStageGraph(new DocumentModel('file:///t/Dockerfile', 0, dockerfile), { target });

describe('dockerfile-stages graph', () => {
  let files: ReturnType<typeof workspace>;
  before(() => {
    files = workspace({ 'web/Dockerfile': dockerfile, 'two/Dockerfile': dockerfile, 'two/Containerfile': dockerfile });
  });
  after(() => files.remove());
  const run = (args: string[], input?: string) => runCli(['graph', ...args], { cwd: files.root, input });

  test('--format json (the default) prints what the editor gets from dockerfileStages/stageGraph', async () => {
    const server = await ServerProcess.start();
    try {
      const uri = pathToFileURL(path.join(files.root, 'web/Dockerfile')).href;
      await server.open(uri, dockerfile);
      for (const target of [undefined, 'test']) {
        const fromEditor = await server.request(stageGraphRequest, { textDocument: { uri }, target } satisfies StageGraphParams);
        const result = run(target === undefined ? ['web/Dockerfile'] : ['--target', target, '--format', 'json', 'web/Dockerfile']);
        assert.equal(result.status, 0);
        assert.deepEqual(JSON.parse(result.stdout), fromEditor);
      }
    } finally {
      await server.stop();
    }
    const graph = JSON.parse(run(['web/Dockerfile']).stdout) as StageGraph;
    assert.equal(graph.target, 'stage:3');
    assert.deepEqual(graph.images.map((image) => image.name), ['node:22-alpine', 'nginx:1.27-alpine']);
  });

  test('--format dot and mermaid print the editor export of the same graph', () => {
    const dot = run(['--format', 'dot', 'web/Dockerfile']);
    assert.equal(dot.status, 0);
    assert.equal(dot.stdout, toDot(graphOf()));
    const mermaid = run(['-f', 'mermaid', '--target', 'build', '--direction', 'LR', 'web/Dockerfile']);
    assert.equal(mermaid.status, 0);
    assert.equal(mermaid.stdout, toMermaid(graphOf('build'), { direction: 'LR' }));
    assert.match(mermaid.stdout, /^flowchart LR\n/);
  });

  test('--target takes a stage index too', () => {
    const graph = JSON.parse(run(['--target', '1', 'web/Dockerfile']).stdout) as StageGraph;
    assert.equal(graph.target, 'stage:1');
  });

  test('reads standard input and accepts a folder holding one Dockerfile', () => {
    assert.deepEqual(JSON.parse(run(['-'], dockerfile).stdout), graphOf());
    assert.deepEqual(JSON.parse(run(['web']).stdout), graphOf());
  });

  test('--platform (repeatable) sets the platforms a picked FROM is worked out for', () => {
    const picked = lines('FROM scratch AS bin-linux', 'FROM scratch AS bin-windows', 'FROM bin-$TARGETOS AS bin');
    const linux = JSON.parse(run(['-'], picked).stdout) as StageGraph;
    assert.deepEqual(linux.stages.map((stage) => [stage.name, stage.reachable, stage.builtWhen]), [
      ['bin-linux', true, undefined],
      ['bin-windows', false, 'for TARGETOS=windows'],
      ['bin', true, undefined],
    ]);
    const both = JSON.parse(run(['--platform', 'linux/amd64', '--platform', 'windows/amd64', '-'], picked).stdout) as StageGraph;
    assert.deepEqual(both.platforms, ['linux/amd64', 'windows/amd64']);
    assert.deepEqual(both.edges.map((edge) => [edge.from, edge.selectedBy, edge.chosen]), [
      ['stage:0', 'TARGETOS=linux', true],
      ['stage:1', 'TARGETOS=windows', false],
    ]);
  });

  const errors: Record<string, { args: string[]; message: RegExp }> = {
    'a --platform that is no platform': { args: ['--platform', 'linux', 'web/Dockerfile'], message: /--platform: "linux" is not a platform \(expected os\/arch or os\/arch\/variant/ },
    'an unknown --target': {
      args: ['--target', 'nope', 'web/Dockerfile'],
      message: /^dockerfile-stages: --target nope: web\/Dockerfile has no stage of that name or index; its stages are deps \(0\), build \(1\), test \(2\), 3\n$/,
    },
    'a --target index past the last stage': { args: ['--target', '4', 'web/Dockerfile'], message: /--target 4: .*its stages are deps \(0\)/ },
    'a missing file': { args: ['missing/Dockerfile'], message: /missing\/Dockerfile: no such file or directory/ },
    'a folder with two Dockerfiles': { args: ['two'], message: /graph takes one Dockerfile/ },
    'an unknown format': { args: ['--format', 'svg', 'web/Dockerfile'], message: /^dockerfile-stages: option .*argument 'svg' is invalid/ },
    'two paths': { args: ['web/Dockerfile', 'two/Dockerfile'], message: /^dockerfile-stages: too many arguments/ },
  };
  for (const [name, { args, message }] of Object.entries(errors)) {
    test(`${name} is an error on stderr with exit 2`, () => {
      const result = run(args);
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, message);
    });
  }
});
