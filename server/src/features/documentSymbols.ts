import type { DocumentSymbol, DocumentSymbolParams, SymbolInformation } from 'vscode-languageserver';
import { stageSymbols } from '../analysis/outline';
import { modelFor, type ServerContext } from './context';

/** Stages with their instructions as a tree where the client shows trees, else the library's flat list. */
export async function documentSymbols(context: ServerContext, params: DocumentSymbolParams): Promise<DocumentSymbol[] | SymbolInformation[]> {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  if (context.clientCapabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true) {
    // The stages a picking FROM can name depend on the platforms the file is built for.
    const { platforms } = await context.settings.get(model.uri);
    return stageSymbols(model, platforms);
  }
  return context.service.computeSymbols(params.textDocument, model.text);
}
