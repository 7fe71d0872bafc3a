/**
 * The stage graph webview: a toolbar (target, zoom, export), the graph with pan and zoom, a legend,
 * and the empty and notice states. It talks to the extension host only through the typed messages
 * of messages.ts, and starts by saying `ready`.
 */
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import { edgeKindLabels, stageTitle, type StageGraph, type StageGraphDirection, type StageGraphStage } from '../../server/src/protocol/stageGraph';
import { htmlElement, svgElement } from './dom';
import { standaloneSvg } from './exportSvg';
import { parseHostMessage, type GraphDocument, type HostMessage, type WebviewMessage } from './messages';
import { edgeKinds, GraphRenderer, type DrawnGraph } from './render';

/** What survives the webview being hidden and recreated (VS Code's `getState`/`setState`). */
type FitMode = 'readable' | 'whole' | 'none';

interface ViewState {
  readonly documentUri?: string;
  readonly transform?: { readonly k: number; readonly x: number; readonly y: number };
  /**
   * How the view follows the graph as it changes: kept readable around the target (the start),
   * the whole graph (after Fit), or left where the user panned and zoomed it.
   */
  readonly fit?: FitMode;
  /** The legend as the user last left it; until then it opens only where it leaves the graph room. */
  readonly legendOpen?: boolean;
}

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): ViewState | undefined;
  setState(state: ViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let viewState: ViewState = vscode.getState() ?? {};
const post = (message: WebviewMessage) => vscode.postMessage(message);

// ---- page structure ----------------------------------------------------------------------

const toolbar = htmlElement('header', { class: 'toolbar', 'aria-label': 'Stage graph controls' }, document.body);
const documentLabel = htmlElement('span', { class: 'document', 'aria-live': 'polite' }, toolbar);
const targetLabel = htmlElement('label', { class: 'target-picker' }, toolbar, 'Target ');
const targetSelect = htmlElement('select', { 'aria-label': 'Target stage: the stage to build; stages it does not need are faded' }, targetLabel);
const viewGroup = htmlElement('div', { class: 'group', role: 'group', 'aria-label': 'View' }, toolbar);
const fitButton = htmlElement('button', { type: 'button', title: 'Show the whole graph (0)' }, viewGroup, 'Fit');
const zoomInButton = htmlElement('button', { type: 'button', title: 'Zoom in (+)', 'aria-label': 'Zoom in' }, viewGroup, '+');
const zoomOutButton = htmlElement('button', { type: 'button', title: 'Zoom out (-)', 'aria-label': 'Zoom out' }, viewGroup, '−');
// The exports sit in a menu so that the toolbar keeps to one row in a narrow side panel.
const exportGroup = htmlElement('div', { class: 'group export-menu' }, toolbar);
const exportButton = htmlElement('button', { type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', title: 'Save the graph as SVG, DOT or Mermaid' }, exportGroup, 'Export ▾');
const exportMenu = htmlElement('div', { class: 'menu', role: 'menu', 'aria-label': 'Export', hidden: '' }, exportGroup);
const exportSvgButton = htmlElement('button', { type: 'button', role: 'menuitem', title: 'Save the drawn graph as an SVG file' }, exportMenu, 'SVG');
const exportDotButton = htmlElement('button', { type: 'button', role: 'menuitem', title: 'Save the graph as Graphviz DOT' }, exportMenu, 'DOT');
const exportMermaidButton = htmlElement('button', { type: 'button', role: 'menuitem', title: 'Save the graph as a Mermaid flowchart' }, exportMenu, 'Mermaid');
const exportItems = [exportSvgButton, exportDotButton, exportMermaidButton];

const notice = htmlElement('div', { class: 'notice', role: 'status', 'aria-live': 'polite', hidden: '' }, document.body);

const canvas = htmlElement('main', { class: 'canvas' }, document.body);
const svg = svgElement('svg', { class: 'graph', role: 'group', 'aria-label': 'Stage graph' }, canvas);
const renderer = new GraphRenderer(svgElement('defs', {}, svg));
const viewport = svgElement('g', { 'data-viewport': '' }, svg);

const emptyState = htmlElement('section', { class: 'empty-state', hidden: '' }, canvas);
const emptyTitle = htmlElement('h2', {}, emptyState);
const emptyText = htmlElement('p', {}, emptyState);
const emptyExample = htmlElement('pre', { hidden: '' }, emptyState);

const legend = htmlElement('aside', { class: 'legend', 'aria-label': 'Legend' }, canvas);
const legendToggle = htmlElement('button', { type: 'button', class: 'legend-toggle', 'aria-expanded': 'false', 'aria-controls': 'legend-items' }, legend, 'Legend');
const legendItems = htmlElement('div', { class: 'legend-items', id: 'legend-items', hidden: '' }, legend);
buildLegend(legendItems);

function buildLegend(legend: HTMLElement): void {
  for (const kind of edgeKinds) {
    const item = htmlElement('div', { class: 'legend-item' }, legend);
    const sample = svgElement('svg', { width: 36, height: 10, 'aria-hidden': 'true', class: `edge edge-${kind}` }, item);
    svgElement('line', { class: 'line', x1: 1, y1: 5, x2: 35, y2: 5 }, sample);
    htmlElement('span', {}, item, edgeKindLabels[kind]);
  }
  const picked = htmlElement('div', { class: 'legend-item' }, legend);
  const pickedSample = svgElement('svg', { width: 36, height: 10, 'aria-hidden': 'true', class: 'edge edge-from edge-selected chosen' }, picked);
  svgElement('line', { class: 'line', x1: 1, y1: 5, x2: 35, y2: 5 }, pickedSample);
  htmlElement('span', {}, picked, 'FROM picked by platform or --build-arg');
  for (const [className, text] of [
    ['target', 'target stage'],
    ['unreachable', 'not needed by the target'],
    ['image', 'external image'],
  ] as const) {
    const item = htmlElement('div', { class: 'legend-item' }, legend);
    const sample = svgElement('svg', { width: 36, height: 14, 'aria-hidden': 'true', class: `node ${className === 'image' ? 'image' : `stage ${className}`}` }, item);
    svgElement('rect', { class: 'card', x: 2, y: 1, width: 32, height: 12, rx: className === 'image' ? 6 : 3 }, sample);
    htmlElement('span', {}, item, text);
  }
}

// ---- pan and zoom --------------------------------------------------------------------------

/**
 * The graph's view fills the canvas. Its size as last laid out: asking the SVG right after a draw
 * (as d3-zoom's default extent does) would make the browser lay out the whole new graph there and
 * then, before the frame that must do it anyway. When the size changes, the observer below fits
 * again before that frame is painted.
 */
let observedViewSize: { readonly width: number; readonly height: number } | undefined;
const viewSize = () => observedViewSize ?? svg.getBoundingClientRect();
/** The legend's border box as last laid out, for the same reason. */
let legendSize = { width: 0, height: 0 };
/** Where the legend sits: this far from the canvas's left and bottom edges (graph.css). */
const legendInset = 10;
/** Below this canvas size the legend starts closed, as an open one would cover much of the graph. */
const roomyCanvas = { width: 720, height: 520 };

const zoomBehavior: ZoomBehavior<SVGSVGElement, unknown> = zoom<SVGSVGElement, unknown>()
  .extent((): [[number, number], [number, number]] => {
    const { width, height } = viewSize();
    return [
      [0, 0],
      [width, height],
    ];
  })
  .scaleExtent([0.05, 4])
  .on('zoom', (event: { transform: ZoomTransform; sourceEvent: unknown }) => {
    viewport.setAttribute('transform', event.transform.toString());
    // Only the user's own gestures stop the view from following the graph's size.
    if (event.sourceEvent) viewState = { ...viewState, fit: 'none' };
  })
  .on('end', (event: { transform: ZoomTransform }) => saveState(event.transform));
const svgSelection = select(svg);
svgSelection.call(zoomBehavior).on('dblclick.zoom', null);

function saveState(transform: ZoomTransform): void {
  viewState = { ...viewState, transform: { k: transform.k, x: transform.x, y: transform.y } };
  vscode.setState(viewState);
}

/** Below this scale card text gets hard to read: the automatic view stops there and shows the target. */
const readableScale = 0.75;

interface Area {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

const fitPadding = 24;

/** The scale at which a graph of this size fits the area, at most 1. */
function scaleToFit(area: Area, graphWidth: number, graphHeight: number): number {
  return Math.min(1, (area.width - 2 * fitPadding) / Math.max(graphWidth, 1), (area.height - 2 * fitPadding) / Math.max(graphHeight, 1));
}

/**
 * The part of the canvas the legend leaves free: the strip above it or the strip to its right,
 * whichever shows this graph larger.
 */
function freeArea(width: number, height: number, graphWidth: number, graphHeight: number): Area {
  const above = { left: 0, top: 0, width, height: height - legendInset - legendSize.height };
  const beside = { left: legendInset + legendSize.width, top: 0, width: width - legendInset - legendSize.width, height };
  return scaleToFit(beside, graphWidth, graphHeight) > scaleToFit(above, graphWidth, graphHeight) ? beside : above;
}

/**
 * Fits the graph to the view, in the space the legend leaves. The readable fit, the start, keeps
 * text readable: a graph too big for that is shown around its target stage instead.
 */
function fit(mode: Exclude<FitMode, 'none'>): void {
  if (!drawn || !shown) return;
  const { width, height } = viewSize();
  if (width === 0 || height === 0) return;
  const area = freeArea(width, height, drawn.width, drawn.height);
  const scale = scaleToFit(area, drawn.width, drawn.height);
  const k = Math.max(zoomBehavior.scaleExtent()[0], mode === 'whole' ? scale : Math.max(scale, readableScale));
  const focus = (shown.graph.target ? drawn.layout.boxes.get(shown.graph.target) : undefined) ?? { x: drawn.width / 2, y: drawn.height / 2 };
  /** Centred where the graph fits on an axis; else around the focus, without leaving empty space at either end. */
  const offset = (view: number, size: number, centre: number) =>
    size * k + 2 * fitPadding <= view ? (view - size * k) / 2 : Math.min(fitPadding, Math.max(view - fitPadding - size * k, view / 2 - centre * k));
  const x = area.left + offset(area.width, drawn.width, focus.x);
  const y = area.top + offset(area.height, drawn.height, focus.y);
  svgSelection.call(zoomBehavior.transform, zoomIdentity.translate(x, y).scale(k));
  viewState = { ...viewState, fit: mode };
  vscode.setState(viewState);
}

/** After a change of the graph or the view's size, unless the user has placed the view. */
function refit(): void {
  if (viewState.fit !== 'none') fit(viewState.fit ?? 'readable');
}

fitButton.addEventListener('click', () => fit('whole'));
zoomInButton.addEventListener('click', () => svgSelection.call(zoomBehavior.scaleBy, 1.25));
zoomOutButton.addEventListener('click', () => svgSelection.call(zoomBehavior.scaleBy, 0.8));
new ResizeObserver((entries) => {
  const box = entries[entries.length - 1]?.contentRect;
  if (box) {
    observedViewSize = { width: box.width, height: box.height };
    if (viewState.legendOpen === undefined) showLegend(box.width >= roomyCanvas.width && box.height >= roomyCanvas.height);
  }
  refit();
}).observe(canvas);
new ResizeObserver((entries) => {
  const box = entries[entries.length - 1]?.borderBoxSize[0];
  if (box) legendSize = { width: box.inlineSize, height: box.blockSize };
  refit();
}).observe(legend, { box: 'border-box' });

function showLegend(open: boolean): void {
  legendToggle.setAttribute('aria-expanded', String(open));
  legendItems.hidden = !open;
}

legendToggle.addEventListener('click', () => {
  const open = legendToggle.getAttribute('aria-expanded') !== 'true';
  showLegend(open);
  viewState = { ...viewState, legendOpen: open };
  vscode.setState(viewState);
});
if (viewState.legendOpen !== undefined) showLegend(viewState.legendOpen);

function setExportMenuOpen(open: boolean): void {
  exportMenu.hidden = !open;
  exportButton.setAttribute('aria-expanded', String(open));
  if (open) exportItems.find((item) => !item.disabled)?.focus();
}

exportButton.addEventListener('click', () => setExportMenuOpen(exportMenu.hidden));
exportMenu.addEventListener('click', () => setExportMenuOpen(false));
exportMenu.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    setExportMenuOpen(false);
    exportButton.focus();
  } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    const enabled = exportItems.filter((item) => !item.disabled);
    const current = enabled.indexOf(document.activeElement as HTMLButtonElement);
    enabled[(current + (event.key === 'ArrowDown' ? 1 : enabled.length - 1)) % enabled.length]?.focus();
  }
});
document.addEventListener('pointerdown', (event) => {
  if (!exportMenu.hidden && event.target instanceof Node && !exportGroup.contains(event.target)) setExportMenuOpen(false);
});

// ---- drawing -------------------------------------------------------------------------------

let drawn: DrawnGraph | undefined;
let shown: { readonly document: GraphDocument; readonly graph: StageGraph; readonly direction: StageGraphDirection } | undefined;
let restoring = viewState.documentUri !== undefined;

function setEmpty(title: string, text: string, example?: string): void {
  drawn = undefined;
  shown = undefined;
  viewport.replaceChildren();
  svg.setAttribute('hidden', '');
  emptyState.hidden = false;
  emptyTitle.textContent = title;
  emptyText.textContent = text;
  emptyExample.hidden = example === undefined;
  emptyExample.textContent = example ?? '';
  setControlsEnabled(false);
}

function setNotice(text: string | undefined): void {
  notice.hidden = text === undefined;
  notice.textContent = text ?? '';
}

function setControlsEnabled(enabled: boolean, textExports = enabled): void {
  for (const control of [targetSelect, fitButton, zoomInButton, zoomOutButton, exportSvgButton]) control.disabled = !enabled;
  exportDotButton.disabled = !textExports;
  exportMermaidButton.disabled = !textExports;
  exportButton.disabled = exportItems.every((item) => item.disabled);
  if (exportButton.disabled) setExportMenuOpen(false);
}

/** How many stages carry each name, compared as BuildKit does, without case. */
function nameCounts(stages: readonly StageGraphStage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const stage of stages) {
    const name = stage.name?.toLowerCase();
    if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** The value `selectTarget` sends for a stage: its name when that names only it, else its index. */
function targetValue(stage: StageGraphStage, counts: ReadonlyMap<string, number>): string {
  return stage.name && counts.get(stage.name.toLowerCase()) === 1 ? stage.name : String(stage.index);
}

function fillTargetPicker(graph: StageGraph): void {
  const counts = nameCounts(graph.stages);
  targetSelect.replaceChildren(
    ...graph.stages.map((stage) => {
      const builtBy = stage.builtBy ? ` · built by ${stage.builtBy.join(', ')}` : '';
      const option = htmlElement('option', { value: targetValue(stage, counts) }, undefined, `${stageTitle(stage)} (line ${stage.range.start.line + 1})${builtBy}`);
      option.selected = stage.isTarget;
      return option;
    }),
  );
}

function showGraph(message: Extract<HostMessage, { type: 'graph' }>): void {
  const { document: graphDocument, graph, direction } = message;
  setNotice(undefined);
  documentLabel.textContent = graphDocument.name;
  documentLabel.title = graphDocument.uri;
  if (graph.stages.length === 0) {
    setEmpty(
      'No stages yet',
      'This Dockerfile has no FROM instruction. Add one and each stage appears here with the images and stages it uses:',
      'FROM golang:1.22 AS build\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app',
    );
    return;
  }
  const previous = shown;
  svg.removeAttribute('hidden');
  emptyState.hidden = true;
  drawn = renderer.draw(graph, direction, viewport, drawn?.layout);
  shown = message;
  svg.setAttribute('aria-label', `Stage graph of ${graphDocument.name}: ${count(graph.stages.length, 'stage')}, ${count(graph.images.length, 'external image')}, ${count(graph.edges.length, 'reference')}`);
  fillTargetPicker(graph);
  setControlsEnabled(true);

  const sameDocument = previous?.document.uri === graphDocument.uri;
  if (restoring && viewState.documentUri === graphDocument.uri && viewState.transform && viewState.fit === 'none') {
    const { k, x, y } = viewState.transform;
    svgSelection.call(zoomBehavior.transform, zoomIdentity.translate(x, y).scale(k));
  } else if (!sameDocument || previous?.direction !== direction) {
    fit('readable');
  } else {
    refit();
  }
  restoring = false;
  viewState = { ...viewState, documentUri: graphDocument.uri };
  vscode.setState(viewState);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function showInvalid(message: Extract<HostMessage, { type: 'invalid' }>): void {
  documentLabel.textContent = message.document.name;
  if (shown?.document.uri === message.document.uri) {
    setNotice(`${message.reason} Showing the last graph that could be drawn.`);
    // The server would export the file as it is now, not the graph on screen.
    setControlsEnabled(true, false);
    targetSelect.disabled = true;
  } else {
    setEmpty('No graph yet', message.reason);
    setNotice(undefined);
  }
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'graph':
      showGraph(message);
      break;
    case 'invalid':
      showInvalid(message);
      break;
    case 'noDocument':
      documentLabel.textContent = '';
      setNotice(undefined);
      setEmpty('No Dockerfile open', 'Open a Dockerfile (Dockerfile, Containerfile, *.dockerfile) and its stage graph appears here. The graph follows the Dockerfile you are editing.');
      break;
  }
}

// ---- interaction ---------------------------------------------------------------------------

function revealTarget(element: Element): void {
  if (!shown) return;
  const nodeId = element.closest('[data-node]')?.getAttribute('data-node');
  const edgeIndex = element.closest('[data-edge]')?.getAttribute('data-edge');
  if (edgeIndex !== null && edgeIndex !== undefined) {
    const edge = shown.graph.edges[Number(edgeIndex)];
    if (edge) post({ type: 'reveal', range: edge.range });
    return;
  }
  if (nodeId === null || nodeId === undefined) return;
  const stage = shown.graph.stages.find((candidate) => candidate.id === nodeId);
  // A stage reveals its FROM line; an image, the first reference to it.
  const range = stage ? { start: stage.range.start, end: stage.range.start } : shown.graph.edges.find((edge) => edge.from === nodeId)?.range;
  if (range) post({ type: 'reveal', range });
}

svg.addEventListener('click', (event) => {
  if (event.target instanceof Element) revealTarget(event.target);
});

svg.addEventListener('keydown', (event) => {
  const target = event.target instanceof Element ? event.target : undefined;
  if ((event.key === 'Enter' || event.key === ' ') && target?.closest('[data-node], [data-edge]')) {
    event.preventDefault();
    revealTarget(target);
  }
});

document.addEventListener('keydown', (event) => {
  if (event.target instanceof HTMLSelectElement || event.altKey || event.ctrlKey || event.metaKey || !drawn) return;
  if (event.key === '+' || event.key === '=') svgSelection.call(zoomBehavior.scaleBy, 1.25);
  else if (event.key === '-') svgSelection.call(zoomBehavior.scaleBy, 0.8);
  else if (event.key === '0') fit('whole');
});

/** Lights up the references of the node or edge under the pointer or keyboard focus. */
function highlight(element: Element | null): void {
  for (const lit of viewport.querySelectorAll('.related')) lit.classList.remove('related');
  const nodeId = element?.closest('[data-node]')?.getAttribute('data-node');
  const edgeElement = element?.closest('[data-edge]');
  const related = nodeId ? (drawn?.edgesAt.get(nodeId) ?? []) : edgeElement ? [edgeElement] : [];
  svg.classList.toggle('focusing', related.length > 0 || Boolean(nodeId));
  for (const lit of related) lit.classList.add('related');
  if (nodeId) drawn?.nodes.get(nodeId)?.classList.add('related');
}

svg.addEventListener('pointerover', (event) => highlight(event.target instanceof Element ? event.target : null));
svg.addEventListener('pointerleave', () => highlight(document.activeElement));
svg.addEventListener('focusin', (event) => {
  const element = event.target instanceof SVGGraphicsElement ? event.target : undefined;
  highlight(element ?? null);
  if (element) keepInView(element);
});
svg.addEventListener('focusout', () => highlight(null));

/** Pans a keyboard-focused node or edge into view. */
function keepInView(element: SVGGraphicsElement): void {
  const box = element.getBoundingClientRect();
  const view = svg.getBoundingClientRect();
  if (box.left >= view.left && box.right <= view.right && box.top >= view.top && box.bottom <= view.bottom) return;
  const local = element.getBBox();
  const matrix = element.getCTM();
  const viewportMatrix = viewport.getCTM();
  if (!matrix || !viewportMatrix) return;
  // The element's centre in graph coordinates: its own transform, without the zoom's.
  const inGraph = new DOMPoint(local.x + local.width / 2, local.y + local.height / 2).matrixTransform(viewportMatrix.inverse().multiply(matrix));
  svgSelection.call(zoomBehavior.translateTo, inGraph.x, inGraph.y);
}

targetSelect.addEventListener('change', () => {
  const last = shown?.graph.stages.at(-1);
  const value = targetSelect.value;
  post({ type: 'selectTarget', target: last && value === targetValue(last, nameCounts(shown?.graph.stages ?? [])) ? null : value });
});

exportSvgButton.addEventListener('click', () => {
  if (!drawn) return;
  highlight(null);
  post({ type: 'exportSvg', svg: standaloneSvg(svg, drawn.width, drawn.height) });
});
exportDotButton.addEventListener('click', () => post({ type: 'exportText', format: 'dot' }));
exportMermaidButton.addEventListener('click', () => post({ type: 'exportText', format: 'mermaid' }));

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseHostMessage(event.data);
  if (message) handle(message);
});

setEmpty('Loading…', 'Waiting for the stage graph.');
post({ type: 'ready' });
