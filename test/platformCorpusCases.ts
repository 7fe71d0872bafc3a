/** The platform corpus (test/fixtures/platform-corpus): its cases and their hand-written expectations. */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { StageModel } from '../server/src/analysis/stageTypes';

export const platformCorpus = path.resolve(__dirname, 'fixtures', 'platform-corpus');

export interface Expectation {
  readonly variant: Readonly<Record<string, readonly string[]>>;
  readonly otherPlatform: Readonly<Record<string, string>>;
  readonly unreachable: readonly string[];
}

export const platformCases = readdirSync(platformCorpus, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

export function readCase(name: string): { readonly text: string; readonly expected: Expectation } {
  return {
    text: readFileSync(path.join(platformCorpus, name, 'Dockerfile'), 'utf8'),
    expected: JSON.parse(readFileSync(path.join(platformCorpus, name, 'expected.json'), 'utf8')) as Expectation,
  };
}

/** A stage as expected.json names it: its name, `name@index` when the name repeats, `#index` without one. */
export function stageKey(model: StageModel, index: number): string {
  const name = model.stages[index].name;
  if (name === undefined) return `#${index}`;
  const repeated = model.stages.filter((stage) => stage.name?.toLowerCase() === name.toLowerCase()).length > 1;
  return repeated ? `${name}@${index}` : name;
}
