import type { Rule } from './rule';

/** Rules about image size and runtime hygiene, aware of which stage ships. */
export const imageRules: readonly Rule[] = [];
