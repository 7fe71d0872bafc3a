import type { DocumentModel } from '../documentModel';
import { nameForStage, nameStageEdits } from '../rules/reference/support';
import type { Stage } from '../stageTypes';
import { refactorKinds, type StageRefactor } from './types';

/**
 * Gives an unnamed stage a name and points the numeric `COPY --from` references at it: the same
 * edits as NumericStageReference's fix, offered on any unnamed stage's FROM line.
 */
export function nameStageRefactor(model: DocumentModel, stage: Stage): StageRefactor | undefined {
  if (stage.name) return undefined;
  const stageModel = model.stageModel;
  const name = nameForStage(stageModel, stage);
  return {
    kind: refactorKinds.nameStage,
    title: `Name stage ${stage.index} '${name}'`,
    edits: nameStageEdits(stageModel, stage, name),
  };
}
