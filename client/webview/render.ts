/**
 * Draws a stage graph as SVG: cards sized to their text, laid out by dagre (a layered layout for
 * directed graphs, see layout.ts), edges along dagre's routes with one line style per reference kind.
 */
import {
  edgeKindLabels,
  stageTitle,
  type StageGraph,
  type StageGraphDirection,
  type StageGraphEdge,
  type StageGraphEdgeKind,
  type StageGraphImage,
  type StageGraphStage,
} from '../../server/src/protocol/stageGraph';
import { svgElement, svgText } from './dom';
import { layoutGraph, type Box, type Layout, type Point } from './layout';

export const edgeKinds: readonly StageGraphEdgeKind[] = ['from', 'copy', 'mount'];

const card = {
  paddingX: 14,
  minWidth: 140,
  maxTextWidth: 280,
  stageHeight: 68,
  imageHeight: 44,
  radius: 6,
  badgeWidth: 58,
  badgeGap: 8,
};

export interface DrawnGraph {
  readonly width: number;
  readonly height: number;
  /** Each node's element (a stage card or an image pill) by node id. */
  readonly nodes: ReadonlyMap<string, SVGGElement>;
  /** The edges at each node, for highlighting a node's neighbourhood. */
  readonly edgesAt: ReadonlyMap<string, readonly SVGGElement[]>;
  /** Where each node sits, in graph coordinates; the next draw reuses it when nothing moved. */
  readonly layout: Layout;
}

/** Arrowheads, one per kind so each takes its kind's colour from the stylesheet. */
export function drawMarkers(defs: SVGDefsElement): void {
  for (const kind of edgeKinds) {
    const marker = svgElement('marker', { id: `arrow-${kind}`, class: `arrow arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, defs);
    svgElement('path', { d: 'M 0 0 L 10 5 L 0 10 z' }, marker);
  }
}

function lineOf(range: { start: { line: number } }): number {
  return range.start.line + 1;
}

function stageDescription(stage: StageGraphStage): string {
  const state = stage.isTarget ? ', the build target' : stage.reachable ? '' : ', not needed by the target';
  return `Stage ${stageTitle(stage)}, based on ${stage.baseImage}, line ${lineOf(stage.range)}${state}`;
}

/** Shortens a text element to `maxWidth` with an ellipsis; the full text stays in the node's tooltip. */
function fitText(element: SVGTextElement, maxWidth: number): number {
  const full = element.textContent ?? '';
  let width = element.getComputedTextLength();
  if (width <= maxWidth) return width;
  let low = 0;
  let high = full.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    element.textContent = `${full.slice(0, middle)}…`;
    if (element.getComputedTextLength() <= maxWidth) low = middle;
    else high = middle - 1;
  }
  element.textContent = `${full.slice(0, low)}…`;
  width = element.getComputedTextLength();
  return width;
}

interface PendingNode {
  readonly id: string;
  readonly element: SVGGElement;
  readonly texts: readonly SVGTextElement[];
  readonly badge: SVGGElement | undefined;
  readonly height: number;
  /** Room beyond the text and padding: the rounded ends of an image pill. */
  readonly extraWidth: number;
  width: number;
}

function createStageNode(stage: StageGraphStage, layer: SVGGElement): PendingNode {
  const classes = ['node', 'stage', stage.isTarget ? 'target' : '', stage.reachable ? '' : 'unreachable'].filter(Boolean).join(' ');
  const element = svgElement('g', { class: classes, tabindex: 0, role: 'button', 'aria-label': stageDescription(stage), 'data-node': stage.id }, layer);
  svgText({}, `${stageDescription(stage)}. Click to go to its line.`, svgElement('title', {}, element));
  svgElement('rect', { class: 'card', rx: card.radius, height: card.stageHeight }, element);
  const title = svgText({ class: 'title', x: card.paddingX, y: 24 }, stageTitle(stage), element);
  const base = svgText({ class: 'base', x: card.paddingX, y: 43 }, stage.baseImage || '(no image)', element);
  const meta = svgText({ class: 'meta', x: card.paddingX, y: 59 }, `line ${lineOf(stage.range)}${stage.reachable ? '' : ' · unreachable'}`, element);
  let badge: SVGGElement | undefined;
  if (stage.isTarget) {
    badge = svgElement('g', { class: 'badge', 'aria-hidden': 'true' }, element);
    svgElement('rect', { rx: 8, height: 16, y: 11 }, badge);
    svgText({ y: 23 }, 'TARGET', badge);
  }
  return { id: stage.id, element, texts: [title, base, meta], badge, height: card.stageHeight, extraWidth: 0, width: 0 };
}

function createImageNode(image: StageGraphImage, users: number, layer: SVGGElement): PendingNode {
  const label = `External image ${image.name}, used ${users === 1 ? 'once' : `${users} times`}`;
  const element = svgElement('g', { class: 'node image', tabindex: 0, role: 'button', 'aria-label': label, 'data-node': image.id }, layer);
  svgText({}, `${label}. Click to go to its first use.`, svgElement('title', {}, element));
  svgElement('rect', { class: 'card', rx: card.imageHeight / 2, height: card.imageHeight }, element);
  const caption = svgText({ class: 'caption', x: card.paddingX + 4, y: 17 }, 'IMAGE', element);
  const name = svgText({ class: 'base', x: card.paddingX + 4, y: 33 }, image.name, element);
  return { id: image.id, element, texts: [caption, name], badge: undefined, height: card.imageHeight, extraWidth: 8, width: 0 };
}

function edgeDescription(edge: StageGraphEdge, names: ReadonlyMap<string, string>): string {
  return `${edgeKindLabels[edge.kind]} ${names.get(edge.from)} into ${names.get(edge.to)}, line ${lineOf(edge.range)}`;
}

/** The layout's main axis (ranks follow it) and its cross axis, so one routine draws both directions. */
interface Axes {
  readonly main: 'x' | 'y';
  readonly cross: 'x' | 'y';
  readonly mainSize: 'width' | 'height';
  readonly crossSize: 'width' | 'height';
}

const axesOf = (direction: StageGraphDirection): Axes =>
  direction === 'TB' ? { main: 'y', cross: 'x', mainSize: 'height', crossSize: 'width' } : { main: 'x', cross: 'y', mainSize: 'width', crossSize: 'height' };

const point = (axes: Axes, main: number, cross: number): Point => (axes.main === 'y' ? { x: cross, y: main } : { x: main, y: cross });

/**
 * An edge as a curve that leaves its source and enters its target along the layout's direction,
 * through the bend points dagre reserved for it across the ranks in between. Straight lines from
 * dagre's boundary points would cut through neighbouring cards when the ends lie far apart. An edge
 * dagre did not route (see layout.ts) runs straight from card to card.
 */
function edgePath(route: readonly Point[] | undefined, source: Box, target: Box, axes: Axes): string {
  const first = route?.[0] ?? target;
  const last = route?.[route.length - 1] ?? source;
  const points = route ?? [];
  const { main, cross, mainSize, crossSize } = axes;
  const inset = 14;
  const port = (box: Box, towards: number, along: number): Point => {
    const half = box[crossSize] / 2;
    const spread = Math.min(Math.max(along, box[cross] - half + inset), box[cross] + half - inset);
    return point(axes, box[main] + (towards >= box[main] ? 1 : -1) * (box[mainSize] / 2), spread);
  };
  // A route between neighbouring ranks has one bend, halfway: the curve needs none.
  const bends = points.length > 3 ? points.slice(1, -1) : [];
  const start = port(source, (bends[0] ?? target)[main], first[cross]);
  const end = port(target, (bends[bends.length - 1] ?? source)[main], last[cross]);
  const through = [start, ...bends, end];
  let d = `M ${start.x} ${start.y}`;
  for (let i = 1; i < through.length; i++) {
    const from = through[i - 1];
    const to = through[i];
    const middle = (from[main] + to[main]) / 2;
    const control1 = point(axes, middle, from[cross]);
    const control2 = point(axes, middle, to[cross]);
    d += ` C ${control1.x} ${control1.y} ${control2.x} ${control2.y} ${to.x} ${to.y}`;
  }
  return d;
}

/** A stage that uses itself: dagre's loop beside the card, smoothed. */
function loopPath(points: readonly Point[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M ${first.x} ${first.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const bend = rest[i];
    const next = rest[i + 1];
    d += ` Q ${bend.x} ${bend.y} ${(bend.x + next.x) / 2} ${(bend.y + next.y) / 2}`;
  }
  const last = rest[rest.length - 1];
  if (last) d += ` L ${last.x} ${last.y}`;
  return d;
}

/**
 * Replaces the content of `viewport` with the graph. Nodes are created first so their text can be
 * measured; dagre then places them and routes the edges, unless `previous` already did for the same
 * nodes and edges.
 */
export function drawGraph(graph: StageGraph, direction: StageGraphDirection, viewport: SVGGElement, previous?: Layout): DrawnGraph {
  viewport.replaceChildren();
  // Nodes come first in the document so Tab visits the stages before the references between them.
  const nodeLayer = svgElement('g', { class: 'nodes' }, viewport);
  const edgeLayer = svgElement('g', { class: 'edges' }, viewport);

  const uses = new Map<string, number>();
  for (const edge of graph.edges) uses.set(edge.from, (uses.get(edge.from) ?? 0) + 1);
  const pending = [
    ...graph.stages.map((stage) => createStageNode(stage, nodeLayer)),
    ...graph.images.map((image) => createImageNode(image, uses.get(image.id) ?? 0, nodeLayer)),
  ];

  // All nodes are in the document before the first measurement: one style and layout pass.
  for (const entry of pending) {
    const badgeWidth = entry.badge ? card.badgeWidth + card.badgeGap : 0;
    const textWidth = Math.max(...entry.texts.map((text, index) => fitText(text, card.maxTextWidth - (index === 0 ? badgeWidth : 0)) + (index === 0 ? badgeWidth : 0)));
    entry.width = Math.max(card.minWidth, Math.ceil(textWidth + 2 * card.paddingX + entry.extraWidth));
  }

  const layout = layoutGraph(
    pending.map((entry) => ({ id: entry.id, width: entry.width, height: entry.height })),
    graph.edges,
    direction,
    previous,
  );

  const nodes = new Map<string, SVGGElement>();
  for (const entry of pending) {
    const placed = layout.boxes.get(entry.id) ?? { x: 0, y: 0 };
    const left = placed.x - entry.width / 2;
    const top = placed.y - entry.height / 2;
    entry.element.setAttribute('transform', `translate(${left} ${top})`);
    entry.element.querySelector('.card')?.setAttribute('width', String(entry.width));
    if (entry.badge) {
      const badgeLeft = entry.width - card.paddingX - card.badgeWidth;
      entry.badge.querySelector('rect')?.setAttribute('x', String(badgeLeft));
      entry.badge.querySelector('rect')?.setAttribute('width', String(card.badgeWidth));
      entry.badge.querySelector('text')?.setAttribute('x', String(badgeLeft + card.badgeWidth / 2));
    }
    nodes.set(entry.id, entry.element);
  }

  const axes = axesOf(direction);
  const boxOf = (id: string): Box => layout.boxes.get(id) ?? { x: 0, y: 0, width: 0, height: 0 };
  const names = new Map([...graph.stages.map((stage) => [stage.id, `stage ${stageTitle(stage)}`] as const), ...graph.images.map((image) => [image.id, `image ${image.name}`] as const)]);
  const edgesAt = new Map<string, SVGGElement[]>();
  graph.edges.forEach((edge, index) => {
    const route = layout.routes[index];
    const d = edge.from === edge.to ? loopPath(route ?? []) : edgePath(route, boxOf(edge.from), boxOf(edge.to), axes);
    const description = edgeDescription(edge, names);
    const element = svgElement('g', { class: `edge edge-${edge.kind}`, tabindex: 0, role: 'button', 'aria-label': description, 'data-edge': index }, edgeLayer);
    svgText({}, `${description}. Click to go to the reference.`, svgElement('title', {}, element));
    svgElement('path', { class: 'hit', d }, element);
    svgElement('path', { class: 'line', d, 'marker-end': `url(#arrow-${edge.kind})` }, element);
    for (const end of new Set([edge.from, edge.to])) {
      const list = edgesAt.get(end) ?? [];
      list.push(element);
      edgesAt.set(end, list);
    }
  });

  return { width: layout.width, height: layout.height, nodes, edgesAt, layout };
}
