// The real engine builds a file whose FROM lines pick stages by TARGETOS, TARGETARCH and a build
// argument, for several platforms and build arguments, and the stages BuildKit runs are the
// ones the reachability model says each build builds. The stages copy files only, so any
// platform builds offline without emulation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { parsePlatform, type Platform } from '../../server/src/analysis/platforms';
import type { Selections } from '../../server/src/analysis/buildSelections';
import { reachabilityOf } from '../../server/src/analysis/reachability';
import { engineForSuite } from './engine';

const dockerfile = [
  'ARG VARIANT=plain',
  'FROM scratch AS bin-linux',
  'COPY linux.txt /',
  'FROM scratch AS bin-windows',
  'COPY windows.txt /',
  'FROM scratch AS arch-amd64',
  'COPY amd64.txt /',
  'FROM scratch AS arch-arm64',
  'COPY arm64.txt /',
  'FROM scratch AS extra-plain',
  'COPY plain.txt /',
  'FROM scratch AS extra-fancy',
  'COPY fancy.txt /',
  'FROM scratch AS unused',
  'COPY unused.txt /',
  'FROM arch-$TARGETARCH AS arch',
  'FROM extra-${VARIANT} AS extra',
  'FROM bin-$TARGETOS',
  'COPY --from=arch / /arch/',
  'COPY --from=extra / /extra/',
  '',
].join('\n');

const document = new DocumentModel('file:///work/platforms/Dockerfile', 1, dockerfile);
const model = document.stageModel;

/** BuildKit's progress names a stage that runs a step `[name n/m]`, an unnamed one `[stage-N n/m]`. */
function stagesRun(progress: string): string[] {
  const names = new Set<string>();
  for (const match of progress.matchAll(/^#\d+ \[([^\]\s]+) \d+\/\d+\]/gm)) names.add(match[1]);
  return [...names].sort();
}

/** The stages with a step that the model says a build for `platform` with `buildArgs` runs. */
function stagesExpected(platform: string, buildArgs: Readonly<Record<string, string>>): string[] {
  const reachability = reachabilityOf(document, { platforms: [parsePlatform(platform) as Platform] });
  // A way holds when each build argument it names has its value: the one given, or else the default.
  const given = (name: string, fallback: string | undefined) => buildArgs[name] ?? fallback;
  const satisfied = (way: Selections) =>
    way.every((selection) => selection.source === 'platform' || given(selection.name, selection.source === 'default' ? selection.value : undefined) === selection.value);
  const names: string[] = [];
  for (const stage of model.stages) {
    const reach = reachability.reached.get(stage.index);
    if (!reach || stage.instructions.length === 0) continue;
    if (reach.ways.some(satisfied)) names.push(stage.name ?? `stage-${stage.index}`);
  }
  return names.sort();
}

describe('the stages BuildKit runs for each platform and build argument', () => {
  const requireEngine = engineForSuite();
  let context: string;

  before(() => {
    context = mkdtempSync(path.join(tmpdir(), 'dockerfile-stages-platforms-'));
    for (const name of ['linux', 'windows', 'amd64', 'arm64', 'plain', 'fancy', 'unused']) writeFileSync(path.join(context, `${name}.txt`), `${name}\n`);
    writeFileSync(path.join(context, 'Dockerfile'), dockerfile);
  });
  after(() => rmSync(context, { recursive: true, force: true }));

  const builds: { readonly platform: string; readonly buildArgs: Record<string, string> }[] = [
    { platform: 'linux/amd64', buildArgs: {} },
    { platform: 'linux/arm64', buildArgs: {} },
    { platform: 'linux/amd64', buildArgs: { VARIANT: 'fancy' } },
  ];
  for (const { platform, buildArgs } of builds) {
    const args = Object.entries(buildArgs).map(([name, value]) => ` --build-arg ${name}=${value}`).join('');
    test(`--platform ${platform}${args}`, async (t) => {
      const docker = requireEngine(t);
      if (!docker) return;
      const result = await docker.build({ context, platform, buildArgs, tag: 'dockerfile-stages-test/platforms:latest' });
      const run = stagesRun(result.stderr);
      assert.ok(run.length >= 3, `BuildKit's progress names the stages it runs:\n${result.stderr.slice(-2000)}`);
      assert.deepEqual(run, stagesExpected(platform, buildArgs));
    });
  }

  test('no build runs the stage nothing picks, and the windows stage needs a platform not built here', () => {
    const reachability = reachabilityOf(document, { platforms: builds.map((build) => parsePlatform(build.platform) as Platform) });
    const index = (name: string) => model.stages.findIndex((stage) => stage.name === name);
    assert.equal(reachability.reached.has(index('unused')), false);
    assert.deepEqual(reachability.otherPlatforms.get(index('bin-windows'))?.map((selection) => `${selection.name}=${selection.value}`), ['TARGETOS=windows']);
  });
});
