import type { SignatureHelp, SignatureHelpParams } from 'vscode-languageserver';
import { modelFor, type ServerContext } from './context';

export function signatureHelp(context: ServerContext, params: SignatureHelpParams): SignatureHelp | null {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return null;
  const help = context.service.computeSignatureHelp(model.text, params.position);
  return help.signatures.length > 0 ? help : null;
}
