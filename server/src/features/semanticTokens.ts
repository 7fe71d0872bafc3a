import type { SemanticTokens, SemanticTokensParams } from 'vscode-languageserver';
import { computeSemanticTokens, semanticTokenLegend } from '../analysis/semanticTokens';
import { modelFor, type ServerContext } from './context';

/** Our own producer rather than the library's: same tokens, but linear in the file's size. */
export function semanticTokens(context: ServerContext, params: SemanticTokensParams): SemanticTokens {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return { data: [] };
  return computeSemanticTokens(model);
}

export { semanticTokenLegend };
