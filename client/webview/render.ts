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
import { TextMeasure, textStyleOf, type TextStyle } from './textWidth';

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
function drawMarkers(defs: SVGDefsElement): void {
  for (const kind of edgeKinds) {
    const marker = svgElement('marker', { id: `arrow-${kind}`, class: `arrow arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, defs);
    svgElement('path', { d: 'M 0 0 L 10 5 L 0 10 z' }, marker);
  }
}

function lineOf(range: { start: { line: number } }): number {
  return range.start.line + 1;
}

function stageDescription(stage: StageGraphStage): string {
  let state = stage.isTarget ? ', the build target' : stage.reachable ? '' : ', not needed by the target';
  if (stage.builtWhen) state += stage.reachable ? `, built only ${stage.builtWhen}` : `, built only ${stage.builtWhen}, not a configured platform`;
  if (stage.builtBy) state += `, built by ${stage.builtBy.join(', ')}`;
  return `Stage ${stageTitle(stage)}, based on ${stage.baseImage}, line ${lineOf(stage.range)}${state}`;
}

/** The card's last line: where the stage is, and whether or when it is built. */
function stageMeta(stage: StageGraphStage): string {
  const when = stage.builtWhen ? ` · ${stage.builtWhen}` : '';
  const builtBy = stage.builtBy ? ` · built by ${stage.builtBy.join(', ')}` : '';
  return `line ${lineOf(stage.range)}${stage.reachable ? '' : ' · unreachable'}${when}${builtBy}`;
}

/** The card texts whose widths size a card; each has its own font in the stylesheet. */
type TextRole = 'title' | 'base' | 'meta' | 'caption';
const textRoles: readonly TextRole[] = ['title', 'base', 'meta', 'caption'];

interface CardText {
  readonly role: TextRole;
  readonly x: number;
  readonly y: number;
  /** The full text; the card shows it shortened to fit, the node's tooltip and label keep it whole. */
  readonly text: string;
}

/** A node before it is placed: what it shows and the size its text needs. */
interface NodeContent {
  readonly id: string;
  readonly className: string;
  readonly label: string;
  readonly tooltip: string;
  readonly texts: readonly CardText[];
  readonly isTarget: boolean;
  readonly height: number;
  readonly radius: number;
  /** Room beyond the text and padding: the rounded ends of an image pill. */
  readonly extraWidth: number;
}

function stageContent(stage: StageGraphStage): NodeContent {
  const description = stageDescription(stage);
  return {
    id: stage.id,
    className: ['node', 'stage', stage.isTarget ? 'target' : '', stage.reachable ? '' : 'unreachable'].filter(Boolean).join(' '),
    label: description,
    tooltip: `${description}. Click to go to its line.`,
    texts: [
      { role: 'title', x: card.paddingX, y: 24, text: stageTitle(stage) },
      { role: 'base', x: card.paddingX, y: 43, text: stage.baseImage || '(no image)' },
      { role: 'meta', x: card.paddingX, y: 59, text: stageMeta(stage) },
    ],
    isTarget: stage.isTarget,
    height: card.stageHeight,
    radius: card.radius,
    extraWidth: 0,
  };
}

function imageContent(image: StageGraphImage, users: number): NodeContent {
  const label = `External image ${image.name}, used ${users === 1 ? 'once' : `${users} times`}`;
  return {
    id: image.id,
    className: 'node image',
    label,
    tooltip: `${label}. Click to go to its first use.`,
    texts: [
      { role: 'caption', x: card.paddingX + 4, y: 17, text: 'IMAGE' },
      { role: 'base', x: card.paddingX + 4, y: 33, text: image.name },
    ],
    isTarget: false,
    height: card.imageHeight,
    radius: card.imageHeight / 2,
    extraWidth: 8,
  };
}

/** A node's texts as the card shows them, and the card's width. */
function sizeCard(content: NodeContent, measure: TextMeasure, styles: Readonly<Record<TextRole, TextStyle>>): { readonly texts: readonly string[]; readonly width: number } {
  const badgeWidth = content.isTarget ? card.badgeWidth + card.badgeGap : 0;
  let textWidth = 0;
  const texts = content.texts.map((entry, index) => {
    // The TARGET badge sits beside the first line.
    const beside = index === 0 ? badgeWidth : 0;
    const fitted = measure.fit(styles[entry.role], entry.text, card.maxTextWidth - beside);
    textWidth = Math.max(textWidth, fitted.width + beside);
    return fitted.text;
  });
  return { texts, width: Math.max(card.minWidth, Math.ceil(textWidth + 2 * card.paddingX + content.extraWidth)) };
}

function drawNode(content: NodeContent, texts: readonly string[], box: Box, layer: SVGGElement): SVGGElement {
  const left = box.x - box.width / 2;
  const top = box.y - box.height / 2;
  const element = svgElement('g', { class: content.className, transform: `translate(${left} ${top})`, tabindex: 0, role: 'button', 'aria-label': content.label, 'data-node': content.id }, layer);
  svgElement('title', {}, element).textContent = content.tooltip;
  svgElement('rect', { class: 'card', rx: content.radius, width: box.width, height: box.height }, element);
  content.texts.forEach((entry, index) => svgText({ class: entry.role, x: entry.x, y: entry.y }, texts[index], element));
  if (content.isTarget) {
    const badge = svgElement('g', { class: 'badge', 'aria-hidden': 'true' }, element);
    const badgeLeft = box.width - card.paddingX - card.badgeWidth;
    svgElement('rect', { rx: 8, x: badgeLeft, y: 11, width: card.badgeWidth, height: 16 }, badge);
    svgText({ x: badgeLeft + card.badgeWidth / 2, y: 23 }, 'TARGET', badge);
  }
  return element;
}

function edgeDescription(edge: StageGraphEdge, names: ReadonlyMap<string, string>): string {
  const picked = edge.selectedBy === undefined ? '' : `, picked ${edge.selectedBy ? `by ${edge.selectedBy}` : 'by default'}${edge.chosen ? ' (this build)' : ''}`;
  return `${edgeKindLabels[edge.kind]} ${names.get(edge.from)} into ${names.get(edge.to)}${picked}, line ${lineOf(edge.range)}`;
}

/** A FROM that picks its stage by platform or build argument: its own line style, and what picks it. */
function edgeClasses(edge: StageGraphEdge): string {
  if (edge.selectedBy === undefined) return `edge edge-${edge.kind}`;
  return `edge edge-${edge.kind} edge-selected ${edge.chosen ? 'chosen' : 'alternative'}`;
}

/** The label of a selected edge, halfway along its route. */
function drawSelectionLabel(edge: StageGraphEdge, route: readonly Point[] | undefined, source: Box, target: Box, element: SVGGElement): void {
  if (!edge.selectedBy) return;
  const middle = route && route.length > 0 ? route[Math.floor(route.length / 2)] : { x: (source.x + target.x) / 2, y: (source.y + target.y) / 2 };
  svgText({ class: 'edge-label', x: middle.x + 4, y: middle.y - 4 }, edge.selectedBy, element);
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
 * Draws stage graphs into an SVG: the arrowheads and the probes that give card text its fonts live
 * in the SVG's `defs`, and text widths are remembered between draws.
 */
export class GraphRenderer {
  private readonly measure = new TextMeasure();
  private readonly probes: Readonly<Record<TextRole, SVGTextElement>>;

  constructor(defs: SVGDefsElement) {
    drawMarkers(defs);
    // Never rendered (inside defs), but given the fonts of a card's texts by the stylesheet.
    const probeCard = svgElement('g', { class: 'text-probe', 'aria-hidden': 'true' }, defs);
    this.probes = Object.fromEntries(textRoles.map((role) => [role, svgElement('text', { class: role }, probeCard)])) as Record<TextRole, SVGTextElement>;
  }

  /**
   * Replaces the content of `viewport` with the graph. Card sizes come from their text, measured
   * off the document; dagre then places the cards and routes the edges, unless `previous` already
   * did for the same nodes and edges. The graph is built detached and goes in at once, so the
   * browser styles and lays it out once, for the next frame.
   */
  draw(graph: StageGraph, direction: StageGraphDirection, viewport: SVGGElement, previous?: Layout): DrawnGraph {
    // Read before anything changes in the document, so this style read has nothing else to update.
    const styles = Object.fromEntries(textRoles.map((role) => [role, textStyleOf(this.probes[role])])) as Record<TextRole, TextStyle>;

    const uses = new Map<string, number>();
    for (const edge of graph.edges) uses.set(edge.from, (uses.get(edge.from) ?? 0) + 1);
    const contents = [...graph.stages.map(stageContent), ...graph.images.map((image) => imageContent(image, uses.get(image.id) ?? 0))];
    const sized = contents.map((content) => sizeCard(content, this.measure, styles));

    const layout = layoutGraph(
      contents.map((content, index) => ({ id: content.id, width: sized[index].width, height: content.height })),
      graph.edges,
      direction,
      previous,
    );
    const boxOf = (id: string): Box => layout.boxes.get(id) ?? { x: 0, y: 0, width: 0, height: 0 };

    // Nodes come first in the document so Tab visits the stages before the references between them.
    const nodeLayer = svgElement('g', { class: 'nodes' });
    const edgeLayer = svgElement('g', { class: 'edges' });
    const nodes = new Map<string, SVGGElement>();
    contents.forEach((content, index) => nodes.set(content.id, drawNode(content, sized[index].texts, boxOf(content.id), nodeLayer)));

    const axes = axesOf(direction);
    const names = new Map([...graph.stages.map((stage) => [stage.id, `stage ${stageTitle(stage)}`] as const), ...graph.images.map((image) => [image.id, `image ${image.name}`] as const)]);
    const edgesAt = new Map<string, SVGGElement[]>();
    graph.edges.forEach((edge, index) => {
      const route = layout.routes[index];
      const d = edge.from === edge.to ? loopPath(route ?? []) : edgePath(route, boxOf(edge.from), boxOf(edge.to), axes);
      const description = edgeDescription(edge, names);
      const element = svgElement('g', { class: edgeClasses(edge), tabindex: 0, role: 'button', 'aria-label': description, 'data-edge': index }, edgeLayer);
      svgElement('title', {}, element).textContent = `${description}. Click to go to the reference.`;
      svgElement('path', { class: 'hit', d }, element);
      svgElement('path', { class: 'line', d, 'marker-end': `url(#arrow-${edge.kind})` }, element);
      drawSelectionLabel(edge, route, boxOf(edge.from), boxOf(edge.to), element);
      for (const end of new Set([edge.from, edge.to])) {
        const list = edgesAt.get(end) ?? [];
        list.push(element);
        edgesAt.set(end, list);
      }
    });

    viewport.replaceChildren(nodeLayer, edgeLayer);
    return { width: layout.width, height: layout.height, nodes, edgesAt, layout };
  }
}
