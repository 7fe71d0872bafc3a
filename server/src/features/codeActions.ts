import { CodeActionKind, type CodeAction, type CodeActionParams, type Range } from 'vscode-languageserver';
import { modelFor, type ServerContext } from './context';

export const librarySource = 'dockerfile-utils';

/**
 * The library answers code actions with commands the client would have to send back; we compute
 * each command's edits up front so the client gets ready-to-apply quick fixes. Only the library's
 * own diagnostics go in, as copies: it rewrites their codes to numbers.
 */
export function codeActions(context: ServerContext, params: CodeActionParams): CodeAction[] {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  const libraryDiagnostics = params.context.diagnostics.filter((diagnostic) => diagnostic.source === librarySource);
  if (libraryDiagnostics.length === 0) return [];
  const copies = libraryDiagnostics.map((diagnostic) => ({ ...diagnostic, message: String(diagnostic.message) }));
  const actions: CodeAction[] = [];
  for (const command of context.service.computeCodeActions(params.textDocument, params.range, { ...params.context, diagnostics: copies })) {
    const args = command.arguments ?? [];
    const edits = context.service.computeCommandEdits(model.text, command.command, args);
    if (edits.length === 0) continue;
    const fixed = libraryDiagnostics.find((diagnostic) => sameRange(diagnostic.range, args[1] as Range | undefined));
    actions.push({
      title: command.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: fixed ? [fixed] : undefined,
      isPreferred: true,
      edit: { changes: { [model.uri]: edits } },
    });
  }
  return actions;
}

function sameRange(a: Range, b: Range | undefined): boolean {
  return (
    b !== undefined &&
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
