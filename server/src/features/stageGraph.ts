import { toDot, toMermaid } from '../analysis/graphExport';
import { buildStageGraph } from '../analysis/stageGraph';
import type { StageGraph, StageGraphExportParams, StageGraphParams } from '../protocol/stageGraph';
import { modelFor, type ServerContext } from './context';

export function stageGraph(context: ServerContext, params: StageGraphParams): StageGraph | null {
  const model = modelFor(context, params.textDocument.uri);
  return model ? buildStageGraph(model.stageModel, params.target) : null;
}

export function stageGraphExport(context: ServerContext, params: StageGraphExportParams): string | null {
  const graph = stageGraph(context, params);
  if (!graph) return null;
  const options = { direction: params.direction };
  return params.format === 'dot' ? toDot(graph, options) : toMermaid(graph, options);
}
