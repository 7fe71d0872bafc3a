import type { Rule } from './rule';

/** Rules about stages and the references between them. */
export const referenceRules: readonly Rule[] = [];
