// Golden outputs of the converter: test/fixtures/convert/<name>/expected.Dockerfile holds the
// conversion of the input <name>, read from test/fixtures/convert/<name>/Dockerfile, else the
// corpus case or fixture app of that name, with the folder it is in as its build context (read
// by the workspace reader, as the CLI reads it).
//   UPDATE_GOLDEN=1 node --import tsx --test test/unit/analysis/convert/ecosystems/*.test.ts   rewrites them
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { NO_CONTEXT, type BuildContext } from '../../../../server/src/analysis/convert/context';
import { convertToMultiStage, type ConvertedDockerfile, type EcosystemId } from '../../../../server/src/analysis/convert/index';
import { DocumentModel } from '../../../../server/src/analysis/documentModel';
import { readBuildContext } from '../../../../server/src/workspace/buildContext';

export const fixturesRoot = path.resolve(__dirname, '..', '..', '..', 'fixtures');
export const convertFixtures = path.join(fixturesRoot, 'convert');
const updating = process.env.UPDATE_GOLDEN === '1';

/** The input Dockerfile of a golden case. */
export function inputPath(name: string): string {
  const candidates = [path.join(convertFixtures, name), path.join(fixturesRoot, 'corpus', name), path.join(fixturesRoot, 'apps', name)].map((folder) => path.join(folder, 'Dockerfile'));
  const found = candidates.find((file) => existsSync(file));
  assert.ok(found, `no input Dockerfile for ${name}`);
  return found;
}

export function expectedPath(name: string): string {
  return path.join(convertFixtures, name, 'expected.Dockerfile');
}

/** Every golden case that has an expected output. */
export function goldenCases(): string[] {
  return readdirSync(convertFixtures)
    .filter((name) => existsSync(expectedPath(name)))
    .sort();
}

export function convertText(text: string, uri = 'file:///w/Dockerfile', context?: BuildContext) {
  return convertToMultiStage(new DocumentModel(uri, 1, text), context);
}

/** The build context of a case: the folder its input is in; none for corpus cases, which hold no project. */
export function contextOf(name: string): Promise<BuildContext> {
  const folder = path.dirname(inputPath(name));
  return path.basename(path.dirname(folder)) === 'corpus' ? Promise.resolve(NO_CONTEXT) : readBuildContext(folder);
}

/** Converts the case's input, checks the ecosystem it is detected as and compares with (or rewrites) its golden output. */
export async function assertGolden(name: string, ecosystem: EcosystemId): Promise<ConvertedDockerfile> {
  const result = convertText(readFileSync(inputPath(name), 'utf8'), 'file:///w/Dockerfile', await contextOf(name));
  assert.equal(result.kind, 'converted', result.kind === 'declined' ? result.reason : '');
  assert.equal(result.ecosystem, ecosystem);
  if (updating) {
    mkdirSync(path.dirname(expectedPath(name)), { recursive: true });
    writeFileSync(expectedPath(name), result.text);
  }
  assert.ok(existsSync(expectedPath(name)), `no golden output for ${name}; run with UPDATE_GOLDEN=1`);
  assert.equal(result.text, readFileSync(expectedPath(name), 'utf8'));
  return result;
}

/** One test per case: the golden output of each input of the ecosystem. */
export function goldenTests(ecosystem: EcosystemId, names: readonly string[]): void {
  for (const name of names) {
    test(`${name} converts to its golden output`, async () => {
      await assertGolden(name, ecosystem);
    });
  }
}
