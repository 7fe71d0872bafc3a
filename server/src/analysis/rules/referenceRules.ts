import { invalidDefaultArgInFrom, undefinedArgInFrom } from './reference/fromArgs';
import { fromAsCasing, reservedStageName, stageNameCasing } from './reference/stageNames';
import {
  externalImageReference,
  numericStageReference,
  selfReferencingStage,
  stageIndexOutOfRange,
  stageUsedBeforeDefinition,
  undefinedStage,
  variableInFromFlag,
} from './reference/stageReferences';
import { copyWholeFilesystem, unreachableStage } from './reference/stageUse';
import type { Rule } from './rule';

/** Rules about stages and the references between them. */
export const referenceRules: readonly Rule[] = [
  undefinedStage,
  variableInFromFlag,
  externalImageReference,
  stageUsedBeforeDefinition,
  selfReferencingStage,
  stageIndexOutOfRange,
  numericStageReference,
  reservedStageName,
  stageNameCasing,
  fromAsCasing,
  unreachableStage,
  copyWholeFilesystem,
  undefinedArgInFrom,
  invalidDefaultArgInFrom,
];
