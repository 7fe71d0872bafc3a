import type { DocumentModel } from '../documentModel';
import { buildImageInFinalStage } from '../rules/image/finalStage';
import { defaultRuleContext } from '../rules/rule';
import { refactorKinds, type StageRefactor } from './types';

/**
 * Switches the final stage from a build image to a runtime image: BuildImageInFinalStage's own
 * fixes, offered as refactors on the final FROM line whatever the rule's severity setting.
 */
export function runtimeImageRefactors(model: DocumentModel): StageRefactor[] {
  return buildImageInFinalStage.check(model, defaultRuleContext).flatMap((finding) =>
    (finding.fixes ?? []).map((fix) => ({ kind: refactorKinds.runtimeImage, title: fix.title, edits: fix.edits, isPreferred: fix.isPreferred })),
  );
}
