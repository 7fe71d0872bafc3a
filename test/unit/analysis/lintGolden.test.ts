// The findings of every Dockerfile among the test fixtures and the bundled examples, of the
// regression inputs and of the validation benchmark's generated files, for the default platforms
// and for Linux with Windows, recorded as one digest per case in lint-golden.json: making the
// rules cheaper must not change what they find (issue 19). `UPDATE_LINT_GOLDEN=1` records the
// current findings, for a change meant to alter them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { lint } from '../../../server/src/analysis/lint';
import { defaultPlatforms, parsePlatform, type Platform } from '../../../server/src/analysis/platforms';
import { generateDockerfile, stagesForLines } from '../../../bench/generateDockerfile';
import { modelOf } from '../helpers';

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
  const digests: Record<string, string> = {};
  for (const [name, text] of cases()) {
    for (const [platformsName, platforms] of [['default platforms', defaultPlatforms], ['linux and windows', withWindows]] as const) {
      const findings = JSON.stringify(lint(modelOf(text), { platforms }));
      digests[`${name}, ${platformsName}`] = createHash('sha256').update(findings).digest('hex');
    }
  }
  if (process.env.UPDATE_LINT_GOLDEN === '1') writeFileSync(goldenFile, `${JSON.stringify(digests, null, 2)}\n`);
  const recorded = JSON.parse(readFileSync(goldenFile, 'utf8')) as Record<string, string>;
  assert.deepEqual(Object.keys(digests).sort(), Object.keys(recorded).sort(), 'the cases recorded');
  const changed = Object.keys(digests).filter((name) => digests[name] !== recorded[name]);
  assert.deepEqual(changed, [], 'cases whose findings changed');
});
