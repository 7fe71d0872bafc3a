import type { FoldingRange, FoldingRangeParams } from 'vscode-languageserver';
import { stageFoldingRanges } from '../analysis/outline';
import { modelFor, type ServerContext } from './context';

/** One range per stage, then the library's ranges (continued instructions, comment blocks) that differ from them. */
export function foldingRanges(context: ServerContext, params: FoldingRangeParams): FoldingRange[] {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  // VS Code keeps the first of two ranges starting on one line, so the stage's comes first.
  const stages = stageFoldingRanges(model);
  const stageSpans = new Set(stages.map((range) => `${range.startLine}:${range.endLine}`));
  const library = context.service.computeFoldingRanges(model.text).filter((range) => !stageSpans.has(`${range.startLine}:${range.endLine}`));
  return [...stages, ...library];
}
