import type { SemanticTokens, SemanticTokensParams } from 'vscode-languageserver';
import { modelFor, type ServerContext } from './context';

export function semanticTokens(context: ServerContext, params: SemanticTokensParams): SemanticTokens {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return { data: [] };
  return context.service.computeSemanticTokens(model.text);
}

/** The library's legend, in its order: token type and modifier indexes in the data refer to it. */
export const semanticTokenLegend = {
  tokenTypes: ['keyword', 'comment', 'parameter', 'property', 'namespace', 'class', 'macro', 'string', 'variable', 'operator', 'modifier'],
  tokenModifiers: ['declaration', 'definition', 'deprecated'],
};
