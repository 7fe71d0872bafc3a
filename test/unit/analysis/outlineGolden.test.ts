// The outline of every corpus and platform-corpus Dockerfile, and of small files of the hostile
// corpus's stage-picking shapes, for the default platforms and for Linux with Windows, recorded
// as one digest per case in outline-golden.json: making the outline cheaper must not change what
// it shows (issue 21). `UPDATE_OUTLINE_GOLDEN=1` records the current outlines, for a change
// meant to alter them.
import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { stageSymbols } from '../../../server/src/analysis/outline';
import { defaultPlatforms, parsePlatform, type Platform } from '../../../server/src/analysis/platforms';
import { hostileClasses, hostileFile } from '../../fuzz/hostile';
import { assertGoldenDigests, modelOf } from '../helpers';

const fixtures = path.join(__dirname, '..', '..', 'fixtures');
const goldenFile = path.join(__dirname, 'outline-golden.json');
const withWindows = ['linux/amd64', 'windows/amd64'].map((name) => parsePlatform(name) as Platform);

function cases(): Map<string, string> {
  const texts = new Map<string, string>();
  for (const corpus of ['corpus', 'platform-corpus']) {
    for (const entry of readdirSync(path.join(fixtures, corpus), { withFileTypes: true })) {
      if (entry.isDirectory()) texts.set(`${corpus}/${entry.name}`, readFileSync(path.join(fixtures, corpus, entry.name, 'Dockerfile'), 'utf8'));
    }
  }
  for (const hostile of hostileClasses.filter(({ name }) => name.startsWith('stage '))) texts.set(hostile.name, hostileFile(hostile, 2000));
  return texts;
}

test('the outline of each recorded case is what it was', () => {
  const answers = new Map<string, string>();
  for (const [name, text] of cases()) {
    for (const [platformsName, platforms] of [['default platforms', defaultPlatforms], ['linux and windows', withWindows]] as const) {
      answers.set(`${name}, ${platformsName}`, JSON.stringify(stageSymbols(modelOf(text), platforms)));
    }
  }
  assertGoldenDigests(goldenFile, 'UPDATE_OUTLINE_GOLDEN', answers);
});
