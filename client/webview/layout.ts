/**
 * Where nodes go and how edges run: dagre's layered layout, kept fast on large graphs. No DOM
 * here, so it is unit-tested in Node.
 *
 * dagre routes an edge through one dummy node per rank it crosses (two, as it doubles the ranks to
 * make room for labels), and its ordering phase costs grow with all those dummies: a 300-stage file
 * whose stages mount stages far above them makes tens of thousands, and a layout far too slow to
 * wait for. Past a budget, the longest edges are left out of the layout and drawn as direct curves
 * instead.
 */
import { graphlib, layout as dagreLayout } from '@dagrejs/dagre';
import type { StageGraphDirection } from '../../server/src/protocol/stageGraph';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Box {
  /** Centre, as dagre places nodes. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LayoutNode {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

export interface LayoutEdge {
  readonly from: string;
  readonly to: string;
}

export interface Layout {
  /** Everything the layout depends on: an equal key means the same layout. */
  readonly key: string;
  readonly width: number;
  readonly height: number;
  readonly boxes: ReadonlyMap<string, Box>;
  /** dagre's route for each edge (by index), from boundary to boundary; undefined for an edge left out. */
  readonly routes: readonly (readonly Point[] | undefined)[];
}

/**
 * Ranks crossed by all routed edges together; each costs dagre two dummy nodes. dagre's time grows
 * with it, so the budget trades a few direct edges on the largest graphs for their layout time;
 * graphs of everyday size stay below it and fully routed (docs/performance.md, "Stage graph").
 */
export const defaultRoutingBudget = 1000;

/**
 * An estimate of the ranks each edge crosses: nodes on the longest path from the sources (edges
 * that close a cycle do not count), a source sitting just above its nearest user as dagre's ranker
 * tends to put it.
 */
export function estimateSpans(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): number[] {
  const index = new Map(nodes.map((node, position) => [node.id, position]));
  const outgoing = nodes.map(() => [] as number[]);
  edges.forEach((edge, edgeIndex) => {
    const from = index.get(edge.from);
    if (from !== undefined && edge.from !== edge.to) outgoing[from].push(edgeIndex);
  });

  // Depth-first, without recursion: reverse post-order is a topological order once the edges
  // that lead back to a node on the current path are set aside.
  const state = new Uint8Array(nodes.length); // 0 new, 1 on the path, 2 done
  const backEdges = new Set<number>();
  const order: number[] = [];
  for (let root = 0; root < nodes.length; root++) {
    if (state[root] !== 0) continue;
    const stack: [node: number, next: number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      if (next < outgoing[node].length) {
        top[1]++;
        const edgeIndex = outgoing[node][next];
        const target = index.get(edges[edgeIndex].to);
        if (target === undefined) continue;
        if (state[target] === 1) backEdges.add(edgeIndex);
        else if (state[target] === 0) {
          state[target] = 1;
          stack.push([target, 0]);
        }
      } else {
        state[node] = 2;
        order.push(node);
        stack.pop();
      }
    }
  }
  order.reverse();

  const depth = new Array<number>(nodes.length).fill(0);
  const hasIncoming = new Array<boolean>(nodes.length).fill(false);
  for (const node of order) {
    for (const edgeIndex of outgoing[node]) {
      if (backEdges.has(edgeIndex)) continue;
      const target = index.get(edges[edgeIndex].to) as number;
      hasIncoming[target] = true;
      depth[target] = Math.max(depth[target], depth[node] + 1);
    }
  }
  nodes.forEach((_, node) => {
    const users = outgoing[node].map((edgeIndex) => depth[index.get(edges[edgeIndex].to) as number]);
    if (!hasIncoming[node] && users.length > 0) depth[node] = Math.max(0, Math.min(...users) - 1);
  });
  return edges.map((edge) => {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    return from === undefined || to === undefined || from === to ? 0 : Math.max(1, Math.abs(depth[to] - depth[from]));
  });
}

/** Which edges dagre routes: all of them within the budget, else the shortest first until it is spent. */
export function chooseRoutedEdges(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], budget = defaultRoutingBudget): boolean[] {
  const spans = estimateSpans(nodes, edges);
  const routed = spans.map(() => false);
  let spent = 0;
  const shortestFirst = spans.map((span, edgeIndex) => ({ span, edgeIndex })).sort((a, b) => a.span - b.span || a.edgeIndex - b.edgeIndex);
  for (const { span, edgeIndex } of shortestFirst) {
    // Neighbouring ranks and self-references cost next to nothing, and give the layout its shape.
    if (span > 1 && spent + span > budget) continue;
    routed[edgeIndex] = true;
    spent += span;
  }
  return routed;
}

export function layoutKey(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], direction: StageGraphDirection): string {
  return JSON.stringify([direction, nodes.map((node) => [node.id, node.width, node.height]), edges.map((edge) => [edge.from, edge.to])]);
}

/**
 * Lays the graph out, or returns `previous` when nothing it depends on changed: typing inside a
 * RUN line redraws the graph without laying it out again.
 */
export function layoutGraph(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  direction: StageGraphDirection,
  previous?: Layout,
  budget = defaultRoutingBudget,
): Layout {
  const key = layoutKey(nodes, edges, direction);
  if (previous?.key === key) return previous;
  const routed = chooseRoutedEdges(nodes, edges, budget);
  const graph = new graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: direction, nodesep: 22, ranksep: 84, edgesep: 12, marginx: 8, marginy: 8 });
  for (const node of nodes) graph.setNode(node.id, { width: node.width, height: node.height });
  edges.forEach((edge, index) => {
    if (routed[index]) graph.setEdge(edge.from, edge.to, {}, `e${index}`);
  });
  dagreLayout(graph);
  const boxes = new Map<string, Box>();
  for (const node of nodes) {
    const placed = graph.node(node.id);
    boxes.set(node.id, { x: placed.x ?? 0, y: placed.y ?? 0, width: node.width, height: node.height });
  }
  const routes = edges.map((edge, index) => (routed[index] ? (graph.edge({ v: edge.from, w: edge.to, name: `e${index}` })?.points ?? []) : undefined));
  const size = graph.graph();
  return { key, width: size.width ?? 0, height: size.height ?? 0, boxes, routes };
}
