import type { DocumentSymbolParams, SymbolInformation } from 'vscode-languageserver';
import { modelFor, type ServerContext } from './context';

export function documentSymbols(context: ServerContext, params: DocumentSymbolParams): SymbolInformation[] {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  return context.service.computeSymbols(params.textDocument, model.text);
}
