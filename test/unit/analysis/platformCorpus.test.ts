// Reachability on real Dockerfiles that pick stages by platform or build argument
// (test/fixtures/platform-corpus, sources in SOURCES.md), against expectations written by hand
// from BuildKit's rules. Every consumer is checked against the same expectation: the rule, the
// graph and the hover.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildHover } from '../../../server/src/analysis/hover/index';
import { lint } from '../../../server/src/analysis/lint';
import { defaultPlatforms } from '../../../server/src/analysis/platforms';
import { describeSelection, shownWays } from '../../../server/src/analysis/buildSelections';
import { reachabilityOf, type Reachability } from '../../../server/src/analysis/reachability';
import { buildStageGraph } from '../../../server/src/analysis/stageGraph';
import type { StageModel } from '../../../server/src/analysis/stageTypes';
import { modelOf } from '../helpers';
import { platformCases, platformCorpus, readCase, stageKey, type Expectation } from '../../platformCorpusCases';

function summary(model: StageModel, reachability: Reachability): Expectation {
  const variant: Record<string, string[]> = {};
  const otherPlatform: Record<string, string> = {};
  const unreachable: string[] = [];
  for (const stage of model.stages) {
    const key = stageKey(model, stage.index);
    const reach = reachability.reached.get(stage.index);
    const other = reachability.otherPlatforms.get(stage.index);
    if (reach && !reach.byDefault) variant[key] = shownWays(reach.ways).map((way) => way.map(describeSelection).join(' ')).sort();
    else if (!reach && other) otherPlatform[key] = other.map(describeSelection).join(' ');
    else if (!reach) unreachable.push(key);
  }
  return { variant, otherPlatform, unreachable };
}

function sorted(expectation: Expectation): Expectation {
  return {
    variant: Object.fromEntries(Object.entries(expectation.variant).map(([key, ways]) => [key, [...ways].sort()]).sort()),
    otherPlatform: Object.fromEntries(Object.entries(expectation.otherPlatform).sort()),
    unreachable: [...expectation.unreachable].sort(),
  };
}

describe('platform corpus: reachability on real Dockerfiles', () => {
  test('the corpus holds at least 15 real Dockerfiles, each with its expectation', () => {
    assert.ok(platformCases.length >= 15, `only ${platformCases.length} cases`);
    const sources = readFileSync(path.join(platformCorpus, 'SOURCES.md'), 'utf8');
    for (const name of platformCases) assert.ok(sources.includes(`| ${name} |`), `${name} is recorded in SOURCES.md`);
  });

  for (const name of platformCases) {
    test(`${name}: stages built by default, by some builds, only on other platforms, and never`, () => {
      const { text, expected } = readCase(name);
      const document = modelOf(text);
      const model = document.stageModel;
      const actual = summary(model, reachabilityOf(document, { platforms: defaultPlatforms }));
      assert.deepEqual(sorted(actual), sorted(expected));
    });

    test(`${name}: UnreachableStage and the graph agree with the expectation`, () => {
      const { text, expected } = readCase(name);
      const document = modelOf(text);
      const model = document.stageModel;
      const notBuilt = new Set([...expected.unreachable, ...Object.keys(expected.otherPlatform)]);
      const reported = lint(document)
        .filter((finding) => finding.code === 'UnreachableStage')
        .map((finding) => stageKey(model, model.stages.findIndex((stage) => stage.range.start.line === finding.range.start.line)));
      assert.deepEqual(reported.sort(), [...notBuilt].sort());
      const graph = buildStageGraph(document);
      const faded = graph.stages.filter((stage) => !stage.reachable).map((stage) => stageKey(model, stage.index));
      assert.deepEqual(faded.sort(), [...notBuilt].sort());
      for (const key of Object.keys(expected.variant)) {
        const stage = graph.stages.find((candidate) => stageKey(model, candidate.index) === key);
        assert.ok(stage?.builtWhen, `${key} says when it is built`);
      }
    });
  }

  test('BuildKit: the stage hover says which build builds a stage, and that the windows binaries need a platform not configured', () => {
    const { text } = readCase('moby-buildkit-2023');
    const document = modelOf(text);
    const hoverOn = (stageName: string) => {
      const stage = document.stageModel.stages.find((candidate) => candidate.name === stageName);
      assert.ok(stage?.nameRange);
      return buildHover(document, stage.nameRange.start, { now: new Date('2026-12-01T00:00:00Z') })?.markdown ?? '';
    };
    assert.match(hoverOn('buildkit-linux-debug'), /Built for TARGETOS=linux with --build-arg BUILDKIT_DEBUG=1/);
    assert.match(hoverOn('alpine-arm64'), /Built for TARGETARCH=arm64, TARGETOS=linux/);
    assert.match(hoverOn('binaries-linux'), /Needed by the target, stage `buildkit`, built for TARGETOS=linux/);
    assert.match(hoverOn('binaries-windows'), /\*\*Not built\*\* on the configured platforms: built only for TARGETOS=windows/);
    const line = text.split('\n').findIndex((each) => each.startsWith('FROM buildkit-$TARGETOS'));
    const onFrom = buildHover(document, { line, character: 6 }, { now: new Date('2026-12-01T00:00:00Z') })?.markdown ?? '';
    assert.match(onFrom, /Picks its stage by platform or build argument:/);
    assert.match(onFrom, /stage `buildkit-linux` for `TARGETOS=linux` \(this build\)/);
    assert.match(onFrom, /stage `buildkit-linux-debug` for `--build-arg BUILDKIT_DEBUG=1 TARGETOS=linux`/);
  });

  test('a configured windows platform builds the windows stages, and the build-arg picks stay', () => {
    const { text } = readCase('moby-buildkit-2023');
    const document = modelOf(text);
    const model = document.stageModel;
    const windows = [...defaultPlatforms, { os: 'windows', architecture: 'amd64', variant: '' }];
    const reachability = reachabilityOf(document, { platforms: windows });
    const index = (name: string) => model.stages.findIndex((stage) => stage.name === name);
    assert.ok(reachability.reached.has(index('binaries-windows')));
    assert.ok(reachability.reached.has(index('buildkit-windows')));
    assert.ok(!reachability.reached.has(index('binaries-darwin')));
    assert.deepEqual(reachability.reached.get(index('buildkit-windows'))?.platforms, ['windows/amd64']);
  });
});
