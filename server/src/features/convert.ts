import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { contextDescription, NO_CONTEXT, type BuildContext } from '../analysis/convert/context';
import { convertToMultiStage, type ConvertedDockerfile } from '../analysis/convert/index';
import { DocumentModel } from '../analysis/documentModel';
import type { LintedFinding } from '../analysis/lint';
import { refactorKinds } from '../analysis/refactors/index';
import type { ConvertParams, ConvertResult } from '../protocol/convert';
import { modelFor, type ServerContext } from './context';
import { findingToDiagnostic } from './findingDiagnostics';
import { ruleSource } from '../infra/findingSources';
import { tooLargeReason } from '../infra/limits';
import { overlaps, sameRange } from './ranges';
import { kindRequested, onFromLine } from './refactors';

/** The rules whose quick fix is the conversion. */
const CONVERTING_RULES = new Set(['SingleStageBuild', 'BuildImageInFinalStage']);

/** What the preview shows: the change, the images, and what the conversion could not look at. */
export function conversionTitle(result: ConvertedDockerfile, context: BuildContext): string {
  const limit = contextDescription(context);
  const suffix = limit ? `; ${limit}` : '';
  if (result.change === 'runtime-swap') return `Switch to the runtime image ${result.runtimeImage} (${result.ecosystemTitle}: nothing is built on ${result.buildImage}${suffix})`;
  return `Convert to a multi-stage build (${result.ecosystemTitle}: build on ${result.buildImage}, run on ${result.runtimeImage}${suffix})`;
}

/**
 * The conversion as a quick fix on SingleStageBuild and BuildImageInFinalStage, and as a refactor
 * on a FROM line; the refactor is left out of a plain light bulb that already lists the quick fix.
 */
export async function conversionActions(
  model: DocumentModel,
  params: CodeActionParams,
  documentFindings: readonly LintedFinding[],
  buildContext: () => Promise<BuildContext>,
): Promise<CodeAction[]> {
  const only = params.context.only;
  const findings = kindRequested(only, CodeActionKind.QuickFix)
    ? documentFindings.filter((finding) => CONVERTING_RULES.has(finding.code) && overlaps(finding.range, params.range))
    : [];
  const wantsRefactor = kindRequested(only, refactorKinds.multiStage) && onFromLine(model, params.range);
  if (findings.length === 0 && !wantsRefactor) return [];
  // Read only now: most code action requests have nothing to convert.
  const context = await buildContext();
  const result = convertToMultiStage(model, context);
  const diagnosticOf = (finding: LintedFinding): Diagnostic =>
    params.context.diagnostics.find((diagnostic: Diagnostic) => diagnostic.source === ruleSource && diagnostic.code === finding.code && sameRange(diagnostic.range, finding.range)) ??
    findingToDiagnostic(finding);
  // A declined conversion offers its smaller step instead, where there is one, on the same findings.
  if (result.kind === 'declined') {
    const step = result.smallerStep;
    const edit = step ? { changes: { [model.uri]: [...step.edits] } } : undefined;
    if (!edit || !step) return [];
    const fixes: CodeAction[] = findings.map((finding) => ({ title: step.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnosticOf(finding)], isPreferred: true, edit }));
    // Where no finding carries it, the FROM line's refactor menu offers it in the conversion's place.
    return wantsRefactor && (only !== undefined || fixes.length === 0) ? [...fixes, { title: step.title, kind: refactorKinds.multiStage, edit }] : fixes;
  }
  // A runtime swap is BuildImageInFinalStage's own quick fix (and the runtime image refactor) already.
  if (result.change === 'runtime-swap') return [];
  const edit = { changes: { [model.uri]: [result.edit] } };
  const title = conversionTitle(result, context);

  const actions: CodeAction[] = findings.map((finding) => ({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnosticOf(finding)], isPreferred: finding.code === 'SingleStageBuild', edit }));
  if (wantsRefactor && (only !== undefined || actions.length === 0)) actions.push({ title, kind: refactorKinds.multiStage, edit });
  return actions;
}

/** The editor command's request: the same conversion, as an edit to apply or the reason it does not apply. */
export async function convertDocument(context: ServerContext, params: ConvertParams): Promise<ConvertResult | null> {
  const tooLarge = tooLargeReason(context.documents.get(params.textDocument.uri)?.getText() ?? params.text ?? '');
  if (tooLarge) return { kind: 'declined', reason: tooLarge };
  const model = modelFor(context, params.textDocument.uri) ?? (params.text === undefined ? undefined : new DocumentModel(params.textDocument.uri, 0, params.text));
  if (!model) return null;
  const buildContext = await buildContextOf(context, model);
  const result = convertToMultiStage(model, buildContext);
  if (result.kind === 'declined') {
    const limit = contextDescription(buildContext);
    return { kind: 'declined', reason: limit ? `${result.reason} (${limit}.)` : result.reason };
  }
  return { kind: 'converted', title: conversionTitle(result, buildContext), edit: { changes: { [model.uri]: [result.edit] } } };
}

/** The build context of an open document; none for text the client sent without opening it. */
export function buildContextOf(context: ServerContext, model: DocumentModel): Promise<BuildContext> {
  const document = context.documents.get(model.uri);
  return document ? context.buildContexts.forDocument(model.uri, document.version) : Promise.resolve(NO_CONTEXT);
}
