import {
  edgeKindLabels,
  stageTitle,
  type StageGraph,
  type StageGraphDirection,
  type StageGraphEdge,
  type StageGraphEdgeKind,
  type StageGraphStage,
} from '../protocol/stageGraph';
import { visibleText } from '../protocol/visibleText';

export interface ExportOptions {
  /** Top to bottom (the default) or left to right. */
  readonly direction?: StageGraphDirection;
}

/** The lines a stage shows: its name, its base, its line (1-based, as editors number them). */
export function stageLabelLines(stage: StageGraphStage): string[] {
  return [stageTitle(stage), stage.baseImage, `line ${stage.range.start.line + 1}`];
}

/** Edges merged by endpoints and kind: two `COPY --from=build` in one stage are one arrow in a diagram. */
export interface MergedEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: StageGraphEdgeKind;
  /** The references this arrow stands for, in file order. */
  readonly edges: readonly StageGraphEdge[];
}

export function mergeEdges(edges: readonly StageGraphEdge[]): MergedEdge[] {
  const merged = new Map<string, { from: string; to: string; kind: StageGraphEdgeKind; edges: StageGraphEdge[] }>();
  for (const edge of edges) {
    const key = JSON.stringify([edge.from, edge.to, edge.kind]);
    const existing = merged.get(key);
    if (existing) existing.edges.push(edge);
    else merged.set(key, { from: edge.from, to: edge.to, kind: edge.kind, edges: [edge] });
  }
  return [...merged.values()];
}

/**
 * An edge's label: its kind, how many references it stands for, and for a FROM that picks its
 * stage by platform or build argument the value that picks it (`FROM TARGETOS=linux`).
 */
function edgeLabel(edge: MergedEdge): string {
  const picked = edge.edges.find((each) => each.selectedBy !== undefined)?.selectedBy;
  if (picked !== undefined) return `${edgeKindLabels[edge.kind]} ${picked || 'default'}`;
  return edgeKindLabels[edge.kind] + (edge.edges.length > 1 ? ` ×${edge.edges.length}` : '');
}

/** A selected FROM that the current build does not pick. */
function isAlternative(edge: MergedEdge): boolean {
  return edge.edges.every((each) => each.selectedBy !== undefined && !each.chosen);
}

/**
 * Short identifiers for the node ids of the graph (`stage:0`, `image:golang:1.22`), which hold
 * characters neither DOT nor Mermaid accept unquoted in every position.
 */
function shortIds(graph: StageGraph): Map<string, string> {
  const ids = new Map<string, string>();
  for (const stage of graph.stages) ids.set(stage.id, `s${stage.index}`);
  graph.images.forEach((image, index) => ids.set(image.id, `i${index}`));
  return ids;
}

function idOf(ids: ReadonlyMap<string, string>, graphId: string): string {
  const id = ids.get(graphId);
  if (id === undefined) throw new Error(`edge endpoint ${graphId} is neither a stage nor an image of the graph`);
  return id;
}

/** A DOT double-quoted string; lines joined with DOT's centred line break, control characters shown as pictures. */
function dotString(lines: readonly string[]): string {
  return `"${lines.map((line) => visibleText(line.replace(/\r?\n|\r/g, ' ')).replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\n')}"`;
}

const dotEdgeStyles: Readonly<Record<StageGraphEdgeKind, string>> = {
  from: 'style=solid, penwidth=1.6',
  copy: 'style=dashed',
  mount: 'style=dotted, penwidth=1.4',
};

/** Graphviz DOT: stages as rounded boxes, images as ovals, one line style per edge kind. */
export function toDot(graph: StageGraph, options: ExportOptions = {}): string {
  const ids = shortIds(graph);
  const lines = [
    'digraph stages {',
    `  rankdir=${options.direction ?? 'TB'};`,
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const image of graph.images) {
    lines.push(`  ${idOf(ids, image.id)} [label=${dotString([image.name])}, shape=oval, style=dashed];`);
  }
  for (const stage of graph.stages) {
    const attributes = [`label=${dotString(stageLabelLines(stage))}`];
    if (stage.isTarget) attributes.push('style="rounded,bold"', 'penwidth=2.5');
    else if (!stage.reachable) attributes.push('color=gray60', 'fontcolor=gray60');
    lines.push(`  ${idOf(ids, stage.id)} [${attributes.join(', ')}];`);
  }
  for (const edge of mergeEdges(graph.edges)) {
    const style = isAlternative(edge) ? 'style=dashed, color=gray50' : dotEdgeStyles[edge.kind];
    lines.push(`  ${idOf(ids, edge.from)} -> ${idOf(ids, edge.to)} [${style}, label=${dotString([edgeLabel(edge)])}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/**
 * Text inside a quoted Mermaid label. Mermaid reads `#name;` and `#123;` as character codes and
 * renders labels as HTML, so markup characters and `#` itself become codes; control characters
 * are shown as pictures.
 */
function mermaidText(text: string): string {
  return visibleText(text.replace(/\r?\n|\r/g, ' ')).replace(/[#"<>&]/g, (character) => `#${character.charCodeAt(0)};`);
}

const mermaidArrows: Readonly<Record<StageGraphEdgeKind, string>> = {
  from: '-->',
  copy: '-.->',
  mount: '==>',
};

/** A Mermaid flowchart: stages as rounded boxes, images as stadiums, one arrow style per edge kind. */
export function toMermaid(graph: StageGraph, options: ExportOptions = {}): string {
  const ids = shortIds(graph);
  const lines = [`flowchart ${options.direction ?? 'TB'}`];
  for (const image of graph.images) lines.push(`  ${idOf(ids, image.id)}(["${mermaidText(image.name)}"])`);
  for (const stage of graph.stages) lines.push(`  ${idOf(ids, stage.id)}("${stageLabelLines(stage).map(mermaidText).join('<br/>')}")`);
  for (const edge of mergeEdges(graph.edges)) {
    const arrow = isAlternative(edge) ? '-.->' : mermaidArrows[edge.kind];
    lines.push(`  ${idOf(ids, edge.from)} ${arrow}|"${mermaidText(edgeLabel(edge))}"| ${idOf(ids, edge.to)}`);
  }
  const target = graph.stages.filter((stage) => stage.isTarget).map((stage) => idOf(ids, stage.id));
  const unreachable = graph.stages.filter((stage) => !stage.reachable).map((stage) => idOf(ids, stage.id));
  const images = graph.images.map((image) => idOf(ids, image.id));
  lines.push('  classDef target stroke-width:3px');
  lines.push('  classDef unreachable opacity:0.5');
  lines.push('  classDef image stroke-dasharray:4 3');
  if (target.length > 0) lines.push(`  class ${target.join(',')} target`);
  if (unreachable.length > 0) lines.push(`  class ${unreachable.join(',')} unreachable`);
  if (images.length > 0) lines.push(`  class ${images.join(',')} image`);
  return `${lines.join('\n')}\n`;
}
