import type { Hover, HoverParams } from 'vscode-languageserver';
import { modelFor, type ServerContext } from './context';

export function hover(context: ServerContext, params: HoverParams): Hover | null {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return null;
  return context.service.computeHover(model.text, params.position);
}
