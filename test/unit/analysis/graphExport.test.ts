import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeEdges, stageLabelLines, toDot, toMermaid } from '../../../server/src/analysis/graphExport';
import { buildStageGraph } from '../../../server/src/analysis/stageGraph';
import type { StageGraph } from '../../../server/src/protocol/stageGraph';
import { lines, modelOf } from '../helpers';

const text = lines(
  'FROM golang:1.22 AS build',
  'RUN --mount=type=bind,from=tools,target=/t make',
  'FROM alpine:3.20 AS tools',
  'FROM alpine:3.20 AS debug',
  'FROM gcr.io/distroless/static',
  'COPY --from=build /out/app /app',
  'COPY --from=build /out/config /config',
);
const graph = buildStageGraph(modelOf(text));

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const hostile: StageGraph = {
  stages: [{ id: 'stage:0', index: 0, name: 'a"b', baseImage: 'x\\y <img src=x onerror=alert(1)> #1; &amp;', range, isTarget: true, reachable: true }],
  images: [{ id: 'image:q"uote', name: 'q"uote\nnext' }],
  edges: [{ from: 'image:q"uote', to: 'stage:0', kind: 'from', range }],
  target: 'stage:0',
};

describe('graph export', () => {
  test('a stage reads as name, base and 1-based line; an unnamed stage by its index', () => {
    assert.deepEqual(stageLabelLines(graph.stages[0]), ['build', 'golang:1.22', 'line 1']);
    assert.deepEqual(stageLabelLines(graph.stages[3]), ['stage 3', 'gcr.io/distroless/static', 'line 5']);
  });

  test('references with the same endpoints and kind merge into one arrow, keeping each range', () => {
    const copies = mergeEdges(graph.edges).filter((edge) => edge.kind === 'copy');
    assert.equal(copies.length, 1);
    assert.deepEqual(
      copies[0].edges.map((edge) => edge.range.start.line),
      [5, 6],
    );
  });

  test('DOT: nodes, one style per kind, target bold, unreachable grey, images as ovals', () => {
    assert.equal(
      toDot(graph),
      [
        'digraph stages {',
        '  rankdir=TB;',
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        '  i0 [label="golang:1.22", shape=oval, style=dashed];',
        '  i1 [label="alpine:3.20", shape=oval, style=dashed];',
        '  i2 [label="gcr.io/distroless/static", shape=oval, style=dashed];',
        '  s0 [label="build\\ngolang:1.22\\nline 1"];',
        '  s1 [label="tools\\nalpine:3.20\\nline 3"];',
        '  s2 [label="debug\\nalpine:3.20\\nline 4", color=gray60, fontcolor=gray60];',
        '  s3 [label="stage 3\\ngcr.io/distroless/static\\nline 5", style="rounded,bold", penwidth=2.5];',
        '  i0 -> s0 [style=solid, penwidth=1.6, label="FROM"];',
        '  s1 -> s0 [style=dotted, penwidth=1.4, label="RUN --mount"];',
        '  i1 -> s1 [style=solid, penwidth=1.6, label="FROM"];',
        '  i1 -> s2 [style=solid, penwidth=1.6, label="FROM"];',
        '  i2 -> s3 [style=solid, penwidth=1.6, label="FROM"];',
        '  s0 -> s3 [style=dashed, label="COPY --from ×2"];',
        '}',
        '',
      ].join('\n'),
    );
    assert.match(toDot(graph, { direction: 'LR' }), /^ {2}rankdir=LR;$/m);
  });

  test('Mermaid: a flowchart with one arrow per kind and classes for target, unreachable and images', () => {
    assert.equal(
      toMermaid(graph),
      [
        'flowchart TB',
        '  i0(["golang:1.22"])',
        '  i1(["alpine:3.20"])',
        '  i2(["gcr.io/distroless/static"])',
        '  s0("build<br/>golang:1.22<br/>line 1")',
        '  s1("tools<br/>alpine:3.20<br/>line 3")',
        '  s2("debug<br/>alpine:3.20<br/>line 4")',
        '  s3("stage 3<br/>gcr.io/distroless/static<br/>line 5")',
        '  i0 -->|"FROM"| s0',
        '  s1 ==>|"RUN --mount"| s0',
        '  i1 -->|"FROM"| s1',
        '  i1 -->|"FROM"| s2',
        '  i2 -->|"FROM"| s3',
        '  s0 -.->|"COPY --from ×2"| s3',
        '  classDef target stroke-width:3px',
        '  classDef unreachable opacity:0.5',
        '  classDef image stroke-dasharray:4 3',
        '  class s3 target',
        '  class s2 unreachable',
        '  class i0,i1,i2 image',
        '',
      ].join('\n'),
    );
    assert.match(toMermaid(graph, { direction: 'LR' }), /^flowchart LR$/m);
  });

  test('names cannot break out of DOT strings', () => {
    const dot = toDot(hostile);
    assert.ok(dot.includes('s0 [label="a\\"b\\nx\\\\y <img src=x onerror=alert(1)> #1; &amp;\\nline 1"'), dot);
    assert.ok(dot.includes('i0 [label="q\\"uote next"'), 'a line break in a name becomes a space');
    // Every quote left is a delimiter: an even number per line, none escaped by an odd run of backslashes.
    for (const line of dot.split('\n')) assert.equal((line.replace(/\\\\/g, '').replace(/\\"/g, '').match(/"/g) ?? []).length % 2, 0, line);
  });

  test('names cannot break out of Mermaid labels or become markup', () => {
    const mermaid = toMermaid(hostile);
    assert.ok(mermaid.includes('s0("a#34;b<br/>x\\y #60;img src=x onerror=alert(1)#62; #35;1; #38;amp;<br/>line 1")'), mermaid);
    assert.ok(mermaid.includes('i0(["q#34;uote next"])'));
    const labels = mermaid.replace(/<br\/>/g, '');
    assert.doesNotMatch(labels, /<|>(?!\|)/, 'no angle bracket but the arrows');
  });

  test('control characters in names reach neither DOT nor Mermaid: they are shown as their pictures', () => {
    const controls: StageGraph = { ...hostile, stages: [{ ...hostile.stages[0], name: 'a\u0000b\u001b[2J', baseImage: 'x\u0085\ud800y' }] };
    for (const exported of [toDot(controls), toMermaid(controls)]) {
      const invisible = [...exported.replace(/\n/g, '')].filter((character) => character.charCodeAt(0) < 0x20 || (character.charCodeAt(0) >= 0x7f && character.charCodeAt(0) <= 0x9f) || character.length === 1 && /[\ud800-\udfff]/.test(character));
      assert.deepEqual(invisible, [], exported);
      assert.ok(exported.includes('a\u2400b\u241b[2J'), exported);
      assert.ok(exported.includes('x\ufffd\ufffdy'), exported);
    }
  });

  test('an edge to a node the graph lacks is an error, not a dangling arrow', () => {
    const broken: StageGraph = { ...graph, edges: [{ from: 'stage:9', to: 'stage:0', kind: 'copy', range }] };
    assert.throws(() => toDot(broken), /stage:9/);
    assert.throws(() => toMermaid(broken), /stage:9/);
  });

  test('a FROM picked by platform or build argument carries what picks it; the pick this build does not make is drawn apart', () => {
    const picked = buildStageGraph(modelOf(lines('ARG VARIANT=alpine', 'FROM alpine AS runtime-alpine', 'FROM debian AS runtime-debian', 'FROM runtime-${VARIANT}')));
    const dot = toDot(picked);
    assert.match(dot, /s0 -> s2 \[style=solid, penwidth=1\.6, label="FROM VARIANT=alpine"\];/);
    assert.match(dot, /s1 -> s2 \[style=dashed, color=gray50, label="FROM --build-arg VARIANT=debian"\];/);
    const mermaid = toMermaid(picked);
    assert.match(mermaid, /s0 -->\|"FROM VARIANT=alpine"\| s2/);
    assert.match(mermaid, /s1 -\.->\|"FROM --build-arg VARIANT=debian"\| s2/);
  });
});
