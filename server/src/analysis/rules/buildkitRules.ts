import { copyIgnoredFile } from './buildkit/copyIgnoredFile';
import { invalidDefinitionDescription } from './buildkit/definitionDescription';
import { exposeInvalidFormat, exposeProtoCasing, undefinedVar, workdirRelativePath } from './buildkit/expandedWords';
import { fromPlatformFlagConstDisallowed, redundantTargetPlatform } from './buildkit/fromPlatform';
import {
  consistentInstructionCasing,
  duplicateStageName,
  legacyKeyValueFormat,
  maintainerDeprecated,
  multipleInstructionsDisallowed,
  noEmptyContinuation,
} from './buildkit/instructionForms';
import type { Rule } from './rule';

/** BuildKit's build checks that are neither about stage references nor about image size. */
export const buildkitRules: readonly Rule[] = [
  noEmptyContinuation,
  consistentInstructionCasing,
  duplicateStageName,
  maintainerDeprecated,
  legacyKeyValueFormat,
  multipleInstructionsDisallowed,
  workdirRelativePath,
  undefinedVar,
  fromPlatformFlagConstDisallowed,
  redundantTargetPlatform,
  exposeProtoCasing,
  exposeInvalidFormat,
  copyIgnoredFile,
  invalidDefinitionDescription,
];
