import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { toDot, toMermaid } from '../analysis/graphExport';
import { buildStageGraph } from '../analysis/stageGraph';
import type { StageGraph, StageGraphExportParams, StageGraphParams } from '../protocol/stageGraph';
import { modelFor, type ServerContext } from './context';

export async function stageGraph(context: ServerContext, params: StageGraphParams): Promise<StageGraph | null> {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return null;
  const { platforms } = await context.settings.get(model.uri);
  const folder = model.uri.startsWith('file:') ? path.dirname(fileURLToPath(model.uri)) : undefined;
  return buildStageGraph(model, { target: params.target, platforms, builtElsewhere: context.builds.buildsOf(model.uri), folder });
}

const exportFormats: readonly unknown[] = ['dot', 'mermaid'];
const exportDirections: readonly unknown[] = ['TB', 'LR', undefined];

export async function stageGraphExport(context: ServerContext, params: StageGraphExportParams): Promise<string | null> {
  // The parameters go into the exported text (the direction as DOT's rankdir), so only the values the protocol names are taken.
  if (!exportFormats.includes(params.format)) throw new ResponseError(ErrorCodes.InvalidParams, `format must be "dot" or "mermaid", not ${JSON.stringify(params.format)}`);
  if (!exportDirections.includes(params.direction)) throw new ResponseError(ErrorCodes.InvalidParams, `direction must be "TB" or "LR", not ${JSON.stringify(params.direction)}`);
  const graph = await stageGraph(context, params);
  if (!graph) return null;
  const options = { direction: params.direction };
  return params.format === 'dot' ? toDot(graph, options) : toMermaid(graph, options);
}
