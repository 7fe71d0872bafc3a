// The Docker harness itself: the offline rewrite of `# syntax=`, and, on a real engine, that the
// fixture apps build and run offline and that build checks and failures come back as expected.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fixturesRoot } from './agreement';
import { engineForSuite, offlineDockerfileText } from './engine';

describe('offlineDockerfileText', () => {
  test('swaps `# syntax=` for a default escape directive on the same line', () => {
    const text = '# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\nFROM alpine:3.20\n';
    assert.equal(offlineDockerfileText(text), '# escape=\\\n# check=skip=JSONArgsRecommended\nFROM alpine:3.20\n');
  });

  test('uses check=error=false when the file sets its own escape character', () => {
    const text = '# escape=`\n# syntax = docker/dockerfile:1.7\r\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n';
    assert.equal(offlineDockerfileText(text), '# escape=`\n# check=error=false\r\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n');
  });

  test('refuses a file that already sets every directive it could use instead', () => {
    assert.throws(() => offlineDockerfileText('# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all\nFROM alpine\n'), /escape and check/);
  });

  test('leaves text without a syntax directive, or with one after the directives end, untouched', () => {
    for (const text of ['FROM alpine:3.20\n', '# a comment\n# syntax=docker/dockerfile:1\nFROM alpine\n', 'FROM alpine\n# syntax=x\n']) {
      assert.equal(offlineDockerfileText(text), text);
    }
  });
});

describe('Docker engine', () => {
  const requireEngine = engineForSuite();

  const appsFolder = path.join(fixturesRoot, 'apps');
  // The hello apps build from the stand-in images alone; convert.test.ts builds every app.
  for (const app of ['c-hello', 'go-hello', 'node-hello', 'python-hello']) {
    test(`fixture app ${app} builds offline and runs`, async (t) => {
      const docker = requireEngine(t);
      if (!docker) return;
      const tag = `dockerfile-stages-test/${app}:single`;
      try {
        await docker.build({ context: path.join(appsFolder, app), tag });
        const result = await docker.run(tag);
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, new RegExp(`^hello from ${app}\\b`));
        assert.ok((await docker.imageSize(tag)) > 0);
      } finally {
        await docker.removeImage(tag);
      }
    });
  }

  test('check() returns BuildKit findings with 1-based lines, through a `# syntax=` line', async (t) => {
    const docker = requireEngine(t);
    if (!docker) return;
    const report = await docker.check({
      context: appsFolder,
      dockerfileText: '# syntax=docker/dockerfile:1\nFROM alpine:3.20 as Build\nCMD echo hi\n',
    });
    assert.equal(report.buildError, undefined);
    assert.deepEqual(
      report.warnings.map((w) => `${w.rule}@${w.line}`).sort(),
      ['FromAsCasing@2', 'JSONArgsRecommended@3', 'StageNameCasing@2'],
    );
  });

  test('check() reports where BuildKit stops', async (t) => {
    const docker = requireEngine(t);
    if (!docker) return;
    const report = await docker.check({ context: appsFolder, dockerfileText: 'FROM alpine:3.20\nCOPY --from=7 /a /b\n' });
    assert.match(report.buildError?.message ?? '', /invalid stage index 7/);
  });

  test('build() rejects with BuildKit output when a step fails', async (t) => {
    const docker = requireEngine(t);
    if (!docker) return;
    await assert.rejects(
      docker.build({ context: appsFolder, dockerfileText: 'FROM alpine:3.20\nRUN echo broken-step && exit 3\n' }),
      /broken-step[\s\S]*exit code: 3/,
    );
  });
});
