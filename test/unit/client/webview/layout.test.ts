import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseRoutedEdges, estimateSpans, layoutGraph, type LayoutEdge, type LayoutNode } from '../../../../client/webview/layout';

const node = (id: string): LayoutNode => ({ id, width: 160, height: 60 });
const edge = (from: string, to: string): LayoutEdge => ({ from, to });

describe('webview layout', () => {
  test('spans follow the longest path; a source sits above its nearest user', () => {
    const nodes = ['a', 'b', 'c', 'd', 'image'].map(node);
    const edges = [edge('a', 'b'), edge('b', 'c'), edge('c', 'd'), edge('a', 'd'), edge('image', 'c'), edge('image', 'd')];
    assert.deepEqual(estimateSpans(nodes, edges), [1, 1, 1, 3, 1, 2]);
  });

  test('cycles and self-references do not stop the estimate', () => {
    const nodes = ['a', 'b', 'c'].map(node);
    const spans = estimateSpans(nodes, [edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('b', 'b')]);
    assert.deepEqual(spans, [1, 1, 2, 0]);
  });

  test('past the budget the longest edges are left out, never those between neighbouring ranks', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e'].map(node);
    const edges = [edge('a', 'b'), edge('b', 'c'), edge('c', 'd'), edge('d', 'e'), edge('a', 'e'), edge('a', 'c')];
    assert.deepEqual(chooseRoutedEdges(nodes, edges, 100), [true, true, true, true, true, true]);
    assert.deepEqual(chooseRoutedEdges(nodes, edges, 6), [true, true, true, true, false, true]);
    assert.deepEqual(chooseRoutedEdges(nodes, edges, 0), [true, true, true, true, false, false]);
  });

  test('dagre places every node without overlap and routes edges from card to card', () => {
    const nodes = ['base', 'build', 'test', 'final', 'image'].map(node);
    const edges = [edge('image', 'base'), edge('base', 'build'), edge('base', 'test'), edge('build', 'final'), edge('build', 'final')];
    const layout = layoutGraph(nodes, edges, 'TB');
    const boxes = nodes.map((entry) => layout.boxes.get(entry.id));
    for (const box of boxes) assert.ok(box && box.x - box.width / 2 >= 0 && box.y - box.height / 2 >= 0 && box.x + box.width / 2 <= layout.width && box.y + box.height / 2 <= layout.height);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        assert.ok(a && b);
        assert.ok(Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2, `${nodes[i].id} and ${nodes[j].id} overlap`);
      }
    }
    const base = layout.boxes.get('base');
    const build = layout.boxes.get('build');
    assert.ok(base && build && base.y < build.y, 'top to bottom: a stage below what it uses');
    assert.equal(layout.routes.length, edges.length);
    for (const route of layout.routes) assert.ok(route && route.length >= 2);
    const lr = layoutGraph(nodes, edges, 'LR');
    assert.ok((lr.boxes.get('base')?.x ?? 0) < (lr.boxes.get('build')?.x ?? 0), 'left to right');
  });

  test('the same nodes and edges reuse the layout; a change lays out again', () => {
    const nodes = ['a', 'b'].map(node);
    const first = layoutGraph(nodes, [edge('a', 'b')], 'TB');
    assert.equal(layoutGraph(['a', 'b'].map(node), [edge('a', 'b')], 'TB', first), first);
    assert.notEqual(layoutGraph(nodes, [edge('a', 'b')], 'LR', first), first);
    assert.notEqual(layoutGraph([node('a'), { id: 'b', width: 300, height: 60 }], [edge('a', 'b')], 'TB', first), first);
  });

  test('an edge left out of the layout has no route, and its nodes are still placed', () => {
    const nodes = ['a', 'b', 'c', 'd'].map(node);
    const layout = layoutGraph(nodes, [edge('a', 'b'), edge('b', 'c'), edge('c', 'd'), edge('a', 'd')], 'TB', undefined, 0);
    assert.equal(layout.routes[3], undefined);
    assert.ok(layout.routes[0]);
    assert.equal(layout.boxes.size, 4);
  });
});
