// The findings of every Dockerfile among the test fixtures and the bundled examples, of the
// regression inputs and of the validation benchmark's generated files, for the default platforms
// and for Linux with Windows, recorded as one digest per case in lint-golden.json: making the
// rules cheaper must not change what they find (issue 19). `UPDATE_LINT_GOLDEN=1` records the
// current findings, for a change meant to alter them.
import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lint } from '../../../server/src/analysis/lint';
import { defaultPlatforms, parsePlatform, type Platform } from '../../../server/src/analysis/platforms';
import { generateDockerfile, stagesForLines } from '../../../bench/generateDockerfile';
import { assertGoldenDigests, modelOf } from '../helpers';

const repoRoot = path.join(__dirname, '..', '..', '..');
const goldenFile = path.join(__dirname, 'lint-golden.json');
const withWindows = ['linux/amd64', 'windows/amd64'].map((name) => parsePlatform(name) as Platform);

/** Every file named Dockerfile under a folder, by its path from the repository's root. */
function dockerfilesUnder(folder: string, texts: Map<string, string>): void {
  for (const entry of readdirSync(path.join(repoRoot, folder), { withFileTypes: true })) {
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory()) dockerfilesUnder(relative, texts);
    else if (entry.name === 'Dockerfile') texts.set(relative, readFileSync(path.join(repoRoot, relative), 'utf8'));
  }
}

function cases(): Map<string, string> {
  const texts = new Map<string, string>();
  dockerfilesUnder('test/fixtures', texts);
  dockerfilesUnder('examples', texts);
  const regressions = path.join('test', 'fixtures', 'regressions');
  for (const name of readdirSync(path.join(repoRoot, regressions)).filter((file) => file.endsWith('.txt'))) {
    texts.set(path.join(regressions, name), readFileSync(path.join(repoRoot, regressions, name), 'utf8'));
  }
  for (const lines of [350, 1750]) texts.set(`bench file of ${lines} lines`, generateDockerfile(stagesForLines(lines)));
  return texts;
}

test('the findings of each recorded case are what they were', () => {
  const answers = new Map<string, string>();
  for (const [name, text] of cases()) {
    for (const [platformsName, platforms] of [['default platforms', defaultPlatforms], ['linux and windows', withWindows]] as const) {
      answers.set(`${name}, ${platformsName}`, JSON.stringify(lint(modelOf(text), { platforms })));
    }
  }
  assertGoldenDigests(goldenFile, 'UPDATE_LINT_GOLDEN', answers);
});
