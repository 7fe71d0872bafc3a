import { CodeActionTriggerKind, type CodeAction, type CodeActionKind, type CodeActionParams, type Range } from 'vscode-languageserver';
import type { DocumentModel } from '../analysis/documentModel';
import { refactorKinds, stageOnFromLine, stageRefactors } from '../analysis/refactors/index';
import type { LintedFinding } from '../analysis/lint';

/** True when a code action of `kind` answers a request for `only` (VS Code's hierarchical kinds: `refactor` covers `refactor.rewrite.x`). */
export function kindRequested(only: readonly CodeActionKind[] | undefined, kind: string): boolean {
  return only === undefined || only.some((requested) => requested === '' || kind === requested || kind.startsWith(`${requested}.`));
}

export function onFromLine(model: DocumentModel, range: Range): boolean {
  return stageOnFromLine(model, range) !== undefined;
}

/**
 * Extraction is offered for a selection, or at the cursor when the user asked for actions (the
 * refactor menu, or a client that says the request was invoked). The editor also asks at every
 * cursor move to decide on the light bulb; offering extraction there would light it on every
 * line of every stage, and cost a stage's analysis per move. TypeScript's extract refactors
 * behave the same way.
 */
export function extractionWanted(params: CodeActionParams): boolean {
  const { start, end } = params.range;
  const selected = start.line !== end.line || start.character !== end.character;
  return selected || params.context.only !== undefined || params.context.triggerKind === CodeActionTriggerKind.Invoked;
}

/**
 * Naming a stage, extracting instructions into a stage and switching the final stage to a
 * runtime image, as refactors. The switch is left out when BuildImageInFinalStage already
 * offers the same edits as quick fixes.
 */
export function refactorActions(model: DocumentModel, params: CodeActionParams, findings: readonly LintedFinding[]): CodeAction[] {
  const only = params.context.only;
  const refactors = stageRefactors(model, params.range, extractionWanted(params)).filter((refactor) => kindRequested(only, refactor.kind));
  if (refactors.length === 0) return [];
  const ruleFixesIt = findings.some((finding) => finding.code === 'BuildImageInFinalStage' && (finding.fixes?.length ?? 0) > 0);
  return refactors
    .filter((refactor) => refactor.kind !== refactorKinds.runtimeImage || !ruleFixesIt)
    .map((refactor) => ({ title: refactor.title, kind: refactor.kind, isPreferred: refactor.isPreferred, edit: { changes: { [model.uri]: [...refactor.edits] } } }));
}
