import type { Range } from 'vscode-languageserver-types';
import type { DocumentModel } from '../documentModel';
import type { Stage } from '../stageTypes';
import { extractStageRefactor } from './extractStage';
import { nameStageRefactor } from './nameStage';
import { runtimeImageRefactors } from './runtimeImage';
import type { StageRefactor } from './types';

export { refactorKinds, type RefactorKind, type StageRefactor } from './types';

/** The stage whose FROM instruction holds the selection's start, if any. */
export function stageOnFromLine(model: DocumentModel, selection: Range): Stage | undefined {
  return model.stageModel.stages.find((stage) => {
    const from = stage.from.getRange();
    return selection.start.line >= from.start.line && selection.start.line <= from.end.line;
  });
}

/**
 * The smaller stage refactors for a selection: on a FROM line, naming its stage and (on the
 * final stage) switching to a runtime image; on instructions, when `extraction` is wanted,
 * extracting them into a new stage.
 */
export function stageRefactors(model: DocumentModel, selection: Range, extraction = true): StageRefactor[] {
  const stages = model.stageModel.stages;
  const onFrom = stageOnFromLine(model, selection);
  const refactors: StageRefactor[] = [];
  if (onFrom) {
    const named = nameStageRefactor(model, onFrom);
    if (named) refactors.push(named);
    if (onFrom === stages[stages.length - 1]) refactors.push(...runtimeImageRefactors(model));
    return refactors;
  }
  const extracted = extraction ? extractStageRefactor(model, selection) : undefined;
  return extracted ? [extracted] : [];
}
