// The conversion of every fixture app (test/fixtures/apps), as `dockerfile-stages convert
// --context <app>` prints it, shown as a unified diff against the app's Dockerfile and kept as a
// golden file in test/fixtures/app-conversions/<app>.diff. test/docker/convert.test.ts builds and
// runs the same conversions; this test is the fast check that they have not changed.
//   UPDATE_GOLDEN=1 node --import tsx --test test/unit/appConversions.test.ts   rewrites them
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { runConvert } from '../../server/src/cli/convert';
import type { CliIo } from '../../server/src/cli/io';
import { fixtureApps } from '../docker/fixtureApps';

const fixturesRoot = path.resolve(__dirname, '..', 'fixtures');
const appsFolder = path.join(fixturesRoot, 'apps');
const goldenFolder = path.join(fixturesRoot, 'app-conversions');
const updating = process.env.UPDATE_GOLDEN === '1';

/** `convert --context <app> <app>/Dockerfile`, run in this process, collecting what it prints. */
async function convertApp(context: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: context,
    env: {},
    stdoutIsTerminal: false,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: () => Promise.resolve(''),
  };
  const code = await runConvert(path.join(context, 'Dockerfile'), { context, sizeLimit: true }, io);
  return { code, stdout, stderr };
}

/** The golden text: the diff the conversion makes, or why there is none. */
async function conversionDiff(app: string): Promise<string> {
  const context = path.join(appsFolder, app);
  const original = readFileSync(path.join(context, 'Dockerfile'), 'utf8');
  const result = await convertApp(context);
  if (result.code !== 0) return `not converted (exit ${result.code}):\n${result.stderr}`;
  return createTwoFilesPatch(`${app}/Dockerfile`, `${app}/Dockerfile (converted)`, original, result.stdout, undefined, undefined, { context: 3 });
}

describe('fixture app conversions match their golden diffs', () => {
  test('every fixture app is in the Docker suite', () => {
    const folders = readdirSync(appsFolder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    assert.deepEqual(folders, fixtureApps.map((app) => app.name).sort());
  });

  for (const { name } of fixtureApps) {
    test(name, async () => {
      const golden = path.join(goldenFolder, `${name}.diff`);
      const actual = await conversionDiff(name);
      if (updating) {
        mkdirSync(goldenFolder, { recursive: true });
        writeFileSync(golden, actual);
      }
      assert.ok(existsSync(golden), `no golden diff for ${name}; run with UPDATE_GOLDEN=1`);
      assert.equal(actual, readFileSync(golden, 'utf8'));
    });
  }
});
