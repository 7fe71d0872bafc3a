import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { convertToMultiStage, type ConvertedDockerfile } from '../analysis/convert/index';
import { DocumentModel } from '../analysis/documentModel';
import type { LintedFinding } from '../analysis/lint';
import { refactorKinds } from '../analysis/refactors/index';
import type { ConvertParams, ConvertResult } from '../protocol/convert';
import { modelFor, type ServerContext } from './context';
import { findingToDiagnostic, ruleSource } from './diagnostics';
import { tooLargeReason } from './limits';
import { overlaps, sameRange } from './ranges';
import { kindRequested, onFromLine } from './refactors';

/** The rules whose quick fix is the conversion. */
const CONVERTING_RULES = new Set(['SingleStageBuild', 'BuildImageInFinalStage']);

export function conversionTitle(result: ConvertedDockerfile): string {
  return `Convert to a multi-stage build (${result.ecosystemTitle}: build on ${result.buildImage}, run on ${result.runtimeImage})`;
}

/**
 * The conversion as a quick fix on SingleStageBuild and BuildImageInFinalStage, and as a refactor
 * on a FROM line; the refactor is left out of a plain light bulb that already lists the quick fix.
 */
export function conversionActions(model: DocumentModel, params: CodeActionParams, documentFindings: readonly LintedFinding[]): CodeAction[] {
  const only = params.context.only;
  const findings = kindRequested(only, CodeActionKind.QuickFix)
    ? documentFindings.filter((finding) => CONVERTING_RULES.has(finding.code) && overlaps(finding.range, params.range))
    : [];
  const wantsRefactor = kindRequested(only, refactorKinds.multiStage) && onFromLine(model, params.range);
  if (findings.length === 0 && !wantsRefactor) return [];
  const result = convertToMultiStage(model);
  if (result.kind !== 'converted') return [];
  const edit = { changes: { [model.uri]: [result.edit] } };
  const title = conversionTitle(result);

  const actions: CodeAction[] = findings.map((finding) => {
    const sent = params.context.diagnostics.find(
      (diagnostic: Diagnostic) => diagnostic.source === ruleSource && diagnostic.code === finding.code && sameRange(diagnostic.range, finding.range),
    );
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [sent ?? findingToDiagnostic(finding)], isPreferred: finding.code === 'SingleStageBuild', edit };
  });
  if (wantsRefactor && (only !== undefined || actions.length === 0)) actions.push({ title, kind: refactorKinds.multiStage, edit });
  return actions;
}

/** The editor command's request: the same conversion, as an edit to apply or the reason it does not apply. */
export function convertDocument(context: ServerContext, params: ConvertParams): ConvertResult | null {
  const tooLarge = tooLargeReason(context.documents.get(params.textDocument.uri)?.getText() ?? params.text ?? '');
  if (tooLarge) return { kind: 'declined', reason: tooLarge };
  const model = modelFor(context, params.textDocument.uri) ?? (params.text === undefined ? undefined : new DocumentModel(params.textDocument.uri, 0, params.text));
  if (!model) return null;
  const result = convertToMultiStage(model);
  if (result.kind === 'declined') return { kind: 'declined', reason: result.reason };
  return { kind: 'converted', title: conversionTitle(result), edit: { changes: { [model.uri]: [result.edit] } } };
}
