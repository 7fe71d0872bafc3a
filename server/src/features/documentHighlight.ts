import type { DocumentHighlight, DocumentHighlightParams } from 'vscode-languageserver';
import { modelFor, type ServerContext } from './context';

export function documentHighlight(context: ServerContext, params: DocumentHighlightParams): DocumentHighlight[] {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  return context.service.computeHighlightRanges(model.text, params.position);
}
