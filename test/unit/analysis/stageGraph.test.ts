import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPlatformNames } from '../../../server/src/analysis/platforms';
import { buildStageGraph, resolveTargetIndex } from '../../../server/src/analysis/stageGraph';
import type { StageGraph } from '../../../server/src/protocol/stageGraph';
import { lines, modelOf } from '../helpers';

function graphOf(text: string, target?: string): StageGraph {
  return buildStageGraph(modelOf(text), { target });
}

/** Edges as `from -kind-> to` with the referenced text, which is easier to read in a failure. */
function edgeList(graph: StageGraph, text: string): string[] {
  const lineTexts = text.split('\n');
  return graph.edges.map((edge) => {
    const { start, end } = edge.range;
    assert.equal(start.line, end.line, 'a reference sits on one line');
    return `${edge.from} -${edge.kind}-> ${edge.to} (${lineTexts[start.line].slice(start.character, end.character)})`;
  });
}

const goService = lines(
  'ARG GO_VERSION=1.22',
  'FROM golang:${GO_VERSION} AS build',
  'WORKDIR /src',
  'RUN --mount=type=cache,target=/root/.cache --mount=type=bind,from=tools,source=/bin/lint,target=/usr/bin/lint go build -o /out/app .',
  '',
  'FROM alpine:3.20 AS tools',
  'RUN apk add --no-cache golangci-lint',
  '',
  'FROM build AS test',
  'RUN go test ./...',
  '',
  'FROM gcr.io/distroless/static-debian12',
  'COPY --from=build /out/app /app',
  'COPY --from=nginx:1.27 /etc/nginx/mime.types /etc/mime.types',
  'ENTRYPOINT ["/app"]',
);

describe('stage graph', () => {
  test('stages carry id, index, name, ARG-resolved base image, range, target and reachability', () => {
    const graph = graphOf(goService);
    assert.deepEqual(
      graph.stages.map(({ id, index, name, baseImage, isTarget, reachable }) => ({ id, index, name, baseImage, isTarget, reachable })),
      [
        { id: 'stage:0', index: 0, name: 'build', baseImage: 'golang:1.22', isTarget: false, reachable: true },
        { id: 'stage:1', index: 1, name: 'tools', baseImage: 'alpine:3.20', isTarget: false, reachable: true },
        { id: 'stage:2', index: 2, name: 'test', baseImage: 'build', isTarget: false, reachable: false },
        { id: 'stage:3', index: 3, name: null, baseImage: 'gcr.io/distroless/static-debian12', isTarget: true, reachable: true },
      ],
    );
    assert.equal(graph.target, 'stage:3');
    assert.deepEqual(
      graph.stages.map((stage) => [stage.range.start.line, stage.range.end.line]),
      [
        [1, 3],
        [5, 6],
        [8, 9],
        [11, 14],
      ],
    );
  });

  test('edges run from what is used to the stage using it, with the reference range; images appear once', () => {
    const graph = graphOf(goService);
    assert.deepEqual(edgeList(graph, goService), [
      'image:golang:1.22 -from-> stage:0 (golang:${GO_VERSION})',
      'stage:1 -mount-> stage:0 (tools)',
      'image:alpine:3.20 -from-> stage:1 (alpine:3.20)',
      'stage:0 -from-> stage:2 (build)',
      'image:gcr.io/distroless/static-debian12 -from-> stage:3 (gcr.io/distroless/static-debian12)',
      'stage:0 -copy-> stage:3 (build)',
      'image:nginx:1.27 -copy-> stage:3 (nginx:1.27)',
    ]);
    assert.deepEqual(
      graph.images.map((image) => [image.id, image.name]),
      [
        ['image:golang:1.22', 'golang:1.22'],
        ['image:alpine:3.20', 'alpine:3.20'],
        ['image:gcr.io/distroless/static-debian12', 'gcr.io/distroless/static-debian12'],
        ['image:nginx:1.27', 'nginx:1.27'],
      ],
    );
  });

  test('a chosen target moves the highlight and recomputes reachability', () => {
    const byName = graphOf(goService, 'TEST');
    assert.equal(byName.target, 'stage:2');
    assert.deepEqual(
      byName.stages.map((stage) => [stage.name, stage.isTarget, stage.reachable]),
      [
        ['build', false, true],
        ['tools', false, true],
        ['test', true, true],
        [null, false, false],
      ],
    );
    assert.equal(graphOf(goService, '1').target, 'stage:1', 'an index names a stage');
    assert.deepEqual(
      graphOf(goService, '1').stages.filter((stage) => stage.reachable).map((stage) => stage.index),
      [1],
    );
    for (const unknown of ['nope', '7', '-1', '']) assert.equal(graphOf(goService, unknown).target, 'stage:3', `${unknown} falls back to the last stage`);
  });

  test('the last stage of a repeated name is the target BuildKit builds', () => {
    const model = modelOf(lines('FROM alpine AS app', 'FROM busybox AS app', 'FROM scratch'));
    assert.equal(resolveTargetIndex(model.stageModel, 'app'), 1);
  });

  test('references that lead to no stage or image have no edge; scratch is no image', () => {
    const text = lines(
      'ARG BASE',
      'FROM ${BASE} AS unresolved',
      'FROM scratch AS empty',
      'COPY --from=5 /a /a',
      'COPY --from=context /b /b',
      'COPY --from=${NOPE} /c /c',
      'COPY --from=scratch /d /d',
    );
    const graph = graphOf(text);
    assert.deepEqual(
      graph.stages.map((stage) => stage.baseImage),
      ['${BASE}', 'scratch'],
      'an unresolved base shows as written',
    );
    assert.deepEqual(edgeList(graph, text), ['image:scratch -copy-> stage:1 (scratch)'], 'only a COPY --from=scratch pulls the name as an image');
  });

  test('COPY and mounts reach later stages, a stage may refer to itself, a later name in FROM is an image', () => {
    const text = lines('FROM alpine AS first', 'COPY --from=second /a /a', 'COPY --from=first /b /b', 'FROM second AS second');
    const graph = graphOf(text);
    assert.deepEqual(edgeList(graph, text), [
      'image:alpine -from-> stage:0 (alpine)',
      'stage:1 -copy-> stage:0 (second)',
      'stage:0 -copy-> stage:0 (first)',
      'image:second -from-> stage:1 (second)',
    ]);
    assert.deepEqual(
      graph.images.map((image) => image.name),
      ['alpine', 'second'],
    );
  });

  test('an empty file has no stages and no target', () => {
    const empty = { stages: [], images: [], edges: [], target: null, platforms: defaultPlatformNames };
    assert.deepEqual(graphOf(''), empty);
    assert.deepEqual(graphOf('# just a comment\nARG A=1\n'), empty);
  });
});
