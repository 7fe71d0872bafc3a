import type { PrepareRenameParams, Range, RenameParams, WorkspaceEdit } from 'vscode-languageserver';
import { modelFor, type ServerContext } from './context';

export function prepareRename(context: ServerContext, params: PrepareRenameParams): Range | null {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return null;
  return context.service.prepareRename(model.text, params.position);
}

export function rename(context: ServerContext, params: RenameParams): WorkspaceEdit | null {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return null;
  const edits = context.service.computeRename(params.textDocument, model.text, params.position, params.newName);
  return edits.length > 0 ? { changes: { [params.textDocument.uri]: edits } } : null;
}
