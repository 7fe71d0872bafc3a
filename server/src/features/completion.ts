import type { CompletionItem, CompletionParams } from 'vscode-languageserver';
import { modelFor, type ServerContext } from './context';

export async function completion(context: ServerContext, params: CompletionParams): Promise<CompletionItem[]> {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  return context.service.computeCompletionItems(model.text, params.position);
}

export function resolveCompletion(context: ServerContext, item: CompletionItem): CompletionItem {
  return context.service.resolveCompletionItem(item);
}
