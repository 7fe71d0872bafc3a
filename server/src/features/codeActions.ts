import { CodeActionKind, type CodeAction, type CodeActionParams, type Range } from 'vscode-languageserver';
import type { DocumentModel } from '../analysis/documentModel';
import { modelFor, type ServerContext } from './context';
import { buildContextOf, conversionActions } from './convert';
import { lintDocument } from './diagnostics';
import { ruleQuickFixes } from './findingDiagnostics';
import { sameRange } from './ranges';
import { extractionWanted, onFromLine, refactorActions } from './refactors';
import { librarySource } from '../infra/findingSources';

export async function codeActions(context: ServerContext, params: CodeActionParams): Promise<CodeAction[]> {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  const findings = await lintDocument(context, model);
  const only = params.context.only;
  const stageActions = [...(await conversionActions(model, params, findings, () => buildContextOf(context, model))), ...refactorActions(model, params, findings)];
  if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return stageActions;
  return [...ruleQuickFixes(model.uri, params, findings), ...libraryQuickFixes(context, model, params), ...stageActions];
}

/**
 * The editor asks at every cursor move, to decide on the light bulb, and mostly for a line with
 * nothing to offer. Quick fixes are for the diagnostics the client sends with the request, the
 * stage refactors for FROM lines and for extraction when it is wanted; without any of these the
 * answer is known to be empty, and is given at once, before the request is scheduled and the
 * findings are looked up.
 */
export function noCodeActions(context: ServerContext, params: CodeActionParams): boolean {
  if (params.context.diagnostics.length > 0 || extractionWanted(params)) return false;
  const model = modelFor(context, params.textDocument.uri);
  return model === undefined || !onFromLine(model, params.range);
}

/**
 * The library answers code actions with commands the client would have to send back; we compute
 * each command's edits up front so the client gets ready-to-apply quick fixes. Only the library's
 * own diagnostics go in, as copies: it rewrites their codes to numbers.
 */
function libraryQuickFixes(context: ServerContext, model: DocumentModel, params: CodeActionParams): CodeAction[] {
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
