import type { DocumentSymbol, DocumentSymbolParams, SymbolInformation } from 'vscode-languageserver';
import { stageSymbols } from '../analysis/outline';
import { modelFor, type ServerContext } from './context';

/** Stages with their instructions as a tree where the client shows trees, else the library's flat list. */
export function documentSymbols(context: ServerContext, params: DocumentSymbolParams): DocumentSymbol[] | SymbolInformation[] {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  if (context.clientCapabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true) return stageSymbols(model);
  return context.service.computeSymbols(params.textDocument, model.text);
}
