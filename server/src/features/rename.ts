import type { PrepareRenameParams, Range, RenameParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { modelFor, type ServerContext } from './context';
import { buildFileTargetsAt } from './references';

export function prepareRename(context: ServerContext, params: PrepareRenameParams): Range | null {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return null;
  return context.service.prepareRename(model.text, params.position);
}

/** The library's rename in the Dockerfile; a stage's is also made where build files target it, in one edit. */
export function rename(context: ServerContext, params: RenameParams): WorkspaceEdit | null {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return null;
  const edits = context.service.computeRename(params.textDocument, model.text, params.position, params.newName);
  if (edits.length === 0) return null;
  const changes: Record<string, TextEdit[]> = { [params.textDocument.uri]: edits };
  for (const target of buildFileTargetsAt(context, model, params.position)) (changes[target.uri] ??= []).push({ range: target.range, newText: params.newName });
  return { changes };
}
