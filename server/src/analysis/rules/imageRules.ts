import { deprecatedBaseImage, unpinnedBaseImage } from './image/baseImages';
import { jsonArgsRecommended, secretsUsedInArgOrEnv } from './image/buildkitChecks';
import {
  buildImageInFinalStage,
  buildToolsInFinalStage,
  devDependenciesInFinalStage,
  packageCacheInFinalStage,
  rootUserInFinalStage,
  singleStageBuild,
} from './image/finalStage';
import { cacheBustingCopyOrder } from './image/layerOrder';
import type { Rule } from './rule';

/** Rules about image size and runtime hygiene, aware of which stage ships. */
export const imageRules: readonly Rule[] = [
  singleStageBuild,
  buildImageInFinalStage,
  buildToolsInFinalStage,
  devDependenciesInFinalStage,
  packageCacheInFinalStage,
  cacheBustingCopyOrder,
  rootUserInFinalStage,
  unpinnedBaseImage,
  deprecatedBaseImage,
  jsonArgsRecommended,
  secretsUsedInArgOrEnv,
];
