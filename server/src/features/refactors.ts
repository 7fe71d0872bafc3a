import type { CodeAction, CodeActionKind, CodeActionParams, Range } from 'vscode-languageserver';
import type { DocumentModel } from '../analysis/documentModel';
import { refactorKinds, stageRefactors } from '../analysis/refactors/index';
import type { ServerContext } from './context';
import { lintDocument } from './diagnostics';

/** True when a code action of `kind` answers a request for `only` (VS Code's hierarchical kinds: `refactor` covers `refactor.rewrite.x`). */
export function kindRequested(only: readonly CodeActionKind[] | undefined, kind: string): boolean {
  return only === undefined || only.some((requested) => requested === '' || kind === requested || kind.startsWith(`${requested}.`));
}

export function onFromLine(model: DocumentModel, range: Range): boolean {
  return model.stageModel.stages.some((stage) => {
    const from = stage.from.getRange();
    return range.start.line >= from.start.line && range.start.line <= from.end.line;
  });
}

/**
 * Naming a stage, extracting instructions into a stage and switching the final stage to a
 * runtime image, as refactors. The switch is left out when BuildImageInFinalStage already
 * offers the same edits as quick fixes.
 */
export async function refactorActions(context: ServerContext, model: DocumentModel, params: CodeActionParams): Promise<CodeAction[]> {
  const only = params.context.only;
  const refactors = stageRefactors(model, params.range).filter((refactor) => kindRequested(only, refactor.kind));
  if (refactors.length === 0) return [];
  const ruleFixesIt = (await lintDocument(context, model)).some((finding) => finding.code === 'BuildImageInFinalStage' && (finding.fixes?.length ?? 0) > 0);
  return refactors
    .filter((refactor) => refactor.kind !== refactorKinds.runtimeImage || !ruleFixesIt)
    .map((refactor) => ({ title: refactor.title, kind: refactor.kind, isPreferred: refactor.isPreferred, edit: { changes: { [model.uri]: [...refactor.edits] } } }));
}
