import type { Range } from 'vscode-languageserver-types';
import type { DocumentModel } from '../documentModel';
import type { Stage } from '../stageTypes';
import { extractStageRefactor } from './extractStage';
import { nameStageRefactor } from './nameStage';
import { runtimeImageRefactors } from './runtimeImage';
import type { StageRefactor } from './types';

export { refactorKinds, type RefactorKind, type StageRefactor } from './types';

/**
 * The stage whose FROM instruction holds the selection's start, if any. The editor asks at every
 * cursor move (features/codeActions.ts), so this is a binary search: stages are in document order,
 * and only the last one whose FROM starts on or before the line can hold it.
 */
export function stageOnFromLine(model: DocumentModel, selection: Range): Stage | undefined {
  const { stages } = model.stageModel;
  const line = selection.start.line;
  let candidate: Stage | undefined;
  for (let low = 0, high = stages.length - 1; low <= high; ) {
    const middle = (low + high) >> 1;
    if (stages[middle].from.getRange().start.line <= line) {
      candidate = stages[middle];
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return candidate !== undefined && line <= candidate.from.getRange().end.line ? candidate : undefined;
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
