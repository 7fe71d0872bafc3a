import type { FoldingRange, FoldingRangeParams } from 'vscode-languageserver';
import { modelFor, type ServerContext } from './context';

export function foldingRanges(context: ServerContext, params: FoldingRangeParams): FoldingRange[] {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  return context.service.computeFoldingRanges(model.text);
}
