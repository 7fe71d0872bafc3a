import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver';
import { modelFor, type ServerContext } from './context';

export function documentLinks(context: ServerContext, params: DocumentLinkParams): DocumentLink[] {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  return context.service.computeLinks(model.text);
}

export function resolveDocumentLink(context: ServerContext, link: DocumentLink): DocumentLink {
  return context.service.resolveLink(link);
}
