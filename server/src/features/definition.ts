import type { DefinitionParams, Location } from 'vscode-languageserver';
import { modelFor, type ServerContext } from './context';

export function definition(context: ServerContext, params: DefinitionParams): Location | null {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return null;
  return context.service.computeDefinition(params.textDocument, model.text, params.position) ?? null;
}
