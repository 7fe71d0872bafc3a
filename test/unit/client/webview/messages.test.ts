import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostMessage, parseWebviewMessage } from '../../../../client/webview/messages';
import type { StageGraph } from '../../../../server/src/protocol/stageGraph';

const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } };
const graph: StageGraph = {
  stages: [{ id: 'stage:0', index: 0, name: 'build', baseImage: 'golang:1.22', range, isTarget: true, reachable: true }],
  images: [{ id: 'image:golang:1.22', name: 'golang:1.22' }],
  edges: [{ from: 'image:golang:1.22', to: 'stage:0', kind: 'from', range }],
  target: 'stage:0',
};
const document = { uri: 'file:///w/Dockerfile', name: 'Dockerfile' };

describe('webview messages are checked on arrival', () => {
  test('the webview accepts the host messages it knows', () => {
    const message = { type: 'graph', document, graph, direction: 'TB' };
    assert.deepEqual(parseHostMessage(message), message);
    assert.deepEqual(parseHostMessage({ type: 'invalid', document, reason: 'why' }), { type: 'invalid', document, reason: 'why' });
    assert.deepEqual(parseHostMessage({ type: 'noDocument' }), { type: 'noDocument' });
    const built = { type: 'graph', document, graph: { ...graph, stages: [{ ...graph.stages[0], builtBy: ['compose.yaml', '.github/workflows/ci.yml'] }] }, direction: 'TB' };
    assert.deepEqual(parseHostMessage(built), built);
  });

  test('the webview ignores malformed or unknown host messages', () => {
    for (const bad of [
      null,
      'graph',
      { type: 'graph', document, graph, direction: 'BT' },
      { type: 'graph', document: { uri: 1, name: 'x' }, graph, direction: 'TB' },
      { type: 'graph', document, graph: { ...graph, stages: [{ ...graph.stages[0], name: 7 }] }, direction: 'TB' },
      { type: 'graph', document, graph: { ...graph, edges: [{ ...graph.edges[0], kind: 'link' }] }, direction: 'TB' },
      { type: 'graph', document, graph: { ...graph, edges: [{ ...graph.edges[0], from: 'stage:9' }] }, direction: 'TB' },
      { type: 'graph', document, graph: { ...graph, target: 3 }, direction: 'TB' },
      { type: 'graph', document, graph: { ...graph, stages: [{ ...graph.stages[0], builtBy: 'compose.yaml' }] }, direction: 'TB' },
      { type: 'graph', document, graph: { ...graph, stages: [{ ...graph.stages[0], builtBy: [{ html: '<b>' }] }] }, direction: 'TB' },
      { type: 'invalid', document, reason: { html: '<b>' } },
      { type: 'html', html: '<img src=x onerror=alert(1)>' },
    ]) {
      assert.equal(parseHostMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  test('the host accepts the webview messages it knows, with nothing extra', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'reveal', range }), { type: 'reveal', range });
    assert.deepEqual(parseWebviewMessage({ type: 'selectTarget', target: 'build' }), { type: 'selectTarget', target: 'build' });
    assert.deepEqual(parseWebviewMessage({ type: 'selectTarget', target: null }), { type: 'selectTarget', target: null });
    assert.deepEqual(parseWebviewMessage({ type: 'exportSvg', svg: '<svg/>' }), { type: 'exportSvg', svg: '<svg/>' });
    assert.deepEqual(parseWebviewMessage({ type: 'exportText', format: 'dot' }), { type: 'exportText', format: 'dot' });
  });

  test('the host ignores malformed or unknown webview messages', () => {
    for (const bad of [
      undefined,
      { type: 'reveal', range: { start: { line: '1', character: 0 }, end: range.end } },
      { type: 'reveal' },
      { type: 'selectTarget', target: 3 },
      { type: 'exportSvg', svg: 42 },
      { type: 'exportText', format: 'png' },
      { type: 'writeFile', path: '/etc/passwd', content: '' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});
