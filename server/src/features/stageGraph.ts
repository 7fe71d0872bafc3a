import { toDot, toMermaid } from '../analysis/graphExport';
import { buildStageGraph } from '../analysis/stageGraph';
import type { StageGraph, StageGraphExportParams, StageGraphParams } from '../protocol/stageGraph';
import { modelFor, type ServerContext } from './context';

export async function stageGraph(context: ServerContext, params: StageGraphParams): Promise<StageGraph | null> {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return null;
  const { platforms } = await context.settings.get(model.uri);
  return buildStageGraph(model.stageModel, { target: params.target, platforms });
}

export async function stageGraphExport(context: ServerContext, params: StageGraphExportParams): Promise<string | null> {
  const graph = await stageGraph(context, params);
  if (!graph) return null;
  const options = { direction: params.direction };
  return params.format === 'dot' ? toDot(graph, options) : toMermaid(graph, options);
}
