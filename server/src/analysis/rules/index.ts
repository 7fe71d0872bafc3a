import { buildkitRules } from './buildkitRules';
import { imageRules } from './imageRules';
import { referenceRules } from './referenceRules';
import type { Rule } from './rule';

/** Every rule, in the order their findings are reported for the same line. */
export const allRules: readonly Rule[] = [...referenceRules, ...imageRules, ...buildkitRules];
