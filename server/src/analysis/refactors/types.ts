import type { TextEdit } from 'vscode-languageserver-types';

/** Code action kinds of the stage refactors; VS Code lists them in its Refactor menu and previews them. */
export const refactorKinds = {
  multiStage: 'refactor.rewrite.dockerfileStages.multiStage',
  nameStage: 'refactor.rewrite.dockerfileStages.nameStage',
  extractStage: 'refactor.extract.dockerfileStages.stage',
  runtimeImage: 'refactor.rewrite.dockerfileStages.runtimeImage',
} as const;

export type RefactorKind = (typeof refactorKinds)[keyof typeof refactorKinds];

/** A refactor: edits to the one document, with the kind it is offered under. */
export interface StageRefactor {
  readonly kind: RefactorKind;
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly isPreferred?: boolean;
}
