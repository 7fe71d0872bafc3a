/**
 * The messages between the extension host (client/src/graphPanel.ts) and the stage graph webview.
 * Both sides import this module, so a message that one side sends and the other does not expect
 * is a type error. The host posts nothing before the webview's `ready`.
 */
import type { Range } from 'vscode-languageserver-types';
import type { StageGraph, StageGraphDirection, StageGraphTextFormat } from '../../server/src/protocol/stageGraph';

/** The document the graph shows. */
export interface GraphDocument {
  readonly uri: string;
  /** The file name, for the header. */
  readonly name: string;
}

export type HostMessage =
  /** The graph of the followed Dockerfile. */
  | {
      readonly type: 'graph';
      readonly document: GraphDocument;
      readonly graph: StageGraph;
      readonly direction: StageGraphDirection;
    }
  /**
   * The followed Dockerfile does not give a graph right now (mid-edit: no FROM yet, a FROM
   * without an image): the webview keeps the last good graph of that document and says why.
   */
  | { readonly type: 'invalid'; readonly document: GraphDocument; readonly reason: string }
  /** No Dockerfile to follow: none is open. */
  | { readonly type: 'noDocument' };

export type WebviewMessage =
  /** The webview has loaded and listens; sent again each time it is recreated. */
  | { readonly type: 'ready' }
  /** Show this range of the followed Dockerfile in its editor. */
  | { readonly type: 'reveal'; readonly range: Range }
  /** Build for this stage (a name, or an index for an unnamed stage); null for the file's last stage. */
  | { readonly type: 'selectTarget'; readonly target: string | null }
  /** Save the drawn graph, serialised as a standalone SVG document. */
  | { readonly type: 'exportSvg'; readonly svg: string }
  /** Save the graph as DOT or Mermaid text. */
  | { readonly type: 'exportText'; readonly format: StageGraphTextFormat };

type Untrusted = Record<string, unknown>;

const isObject = (value: unknown): value is Untrusted => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';
const isPosition = (value: unknown): boolean => isObject(value) && Number.isInteger(value.line) && Number.isInteger(value.character);
const isRange = (value: unknown): value is Range => isObject(value) && isPosition(value.start) && isPosition(value.end);
const isEdgeKind = (value: unknown): boolean => value === 'from' || value === 'copy' || value === 'mount';
const isDirection = (value: unknown): value is StageGraphDirection => value === 'TB' || value === 'LR';
const isTextFormat = (value: unknown): value is StageGraphTextFormat => value === 'dot' || value === 'mermaid';

function isDocument(value: unknown): value is GraphDocument {
  return isObject(value) && isString(value.uri) && isString(value.name);
}

function isGraph(value: unknown): value is StageGraph {
  if (!isObject(value) || !Array.isArray(value.stages) || !Array.isArray(value.images) || !Array.isArray(value.edges)) return false;
  if (value.target !== null && !isString(value.target)) return false;
  const stagesValid = value.stages.every(
    (stage: unknown) =>
      isObject(stage) &&
      isString(stage.id) &&
      Number.isInteger(stage.index) &&
      (stage.name === null || isString(stage.name)) &&
      isString(stage.baseImage) &&
      isRange(stage.range) &&
      typeof stage.isTarget === 'boolean' &&
      typeof stage.reachable === 'boolean' &&
      (stage.builtWhen === undefined || isString(stage.builtWhen)) &&
      (stage.builtBy === undefined || (Array.isArray(stage.builtBy) && stage.builtBy.every(isString))),
  );
  const imagesValid = value.images.every((image: unknown) => isObject(image) && isString(image.id) && isString(image.name));
  const ids = new Set([...value.stages, ...value.images].map((node) => (node as { id: string }).id));
  const edgesValid = value.edges.every(
    (edge: unknown) =>
      isObject(edge) &&
      isString(edge.from) &&
      isString(edge.to) &&
      ids.has(edge.from) &&
      ids.has(edge.to) &&
      isEdgeKind(edge.kind) &&
      isRange(edge.range) &&
      (edge.selectedBy === undefined || isString(edge.selectedBy)) &&
      (edge.chosen === undefined || typeof edge.chosen === 'boolean'),
  );
  return stagesValid && imagesValid && edgesValid;
}

/** What the webview accepts from the host; anything else is ignored. */
export function parseHostMessage(data: unknown): HostMessage | undefined {
  if (!isObject(data)) return undefined;
  switch (data.type) {
    case 'graph':
      return isDocument(data.document) && isGraph(data.graph) && isDirection(data.direction) ? (data as HostMessage) : undefined;
    case 'invalid':
      return isDocument(data.document) && isString(data.reason) ? (data as HostMessage) : undefined;
    case 'noDocument':
      return { type: 'noDocument' };
    default:
      return undefined;
  }
}

/** What the host accepts from the webview; anything else is ignored. */
export function parseWebviewMessage(data: unknown): WebviewMessage | undefined {
  if (!isObject(data)) return undefined;
  switch (data.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal':
      return isRange(data.range) ? { type: 'reveal', range: data.range } : undefined;
    case 'selectTarget':
      return data.target === null || isString(data.target) ? { type: 'selectTarget', target: data.target } : undefined;
    case 'exportSvg':
      return isString(data.svg) ? { type: 'exportSvg', svg: data.svg } : undefined;
    case 'exportText':
      return isTextFormat(data.format) ? { type: 'exportText', format: data.format } : undefined;
    default:
      return undefined;
  }
}
