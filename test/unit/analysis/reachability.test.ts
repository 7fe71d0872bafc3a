// Reachability where a build argument's default is a platform ARG (ollama's `ARG FLAVOR=${TARGETARCH}`
// with `FROM ${FLAVOR}`): BuildKit expands the default per platform, so the stage it names is
// built for that platform without any --build-arg.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSelection, minimalWays, shownWays, type Selections } from '../../../server/src/analysis/buildSelections';
import { defaultPlatforms, parsePlatform, type Platform } from '../../../server/src/analysis/platforms';
import { reachabilityOf, reachabilityOptionsKey } from '../../../server/src/analysis/reachability';
import { buildStageGraph } from '../../../server/src/analysis/stageGraph';
import { lines, modelOf } from '../helpers';

const flavorByPlatform = lines(
  'ARG FLAVOR=${TARGETARCH}',
  'FROM scratch AS amd64',
  'FROM scratch AS arm64',
  'FROM scratch AS rocm',
  'FROM ${FLAVOR} AS archive',
  'FROM alpine',
  'COPY --from=archive / /',
);

const described = (ways: readonly Selections[]) => shownWays(ways).map((way) => way.map(describeSelection).join(' '));

describe('reachability: a default that holds a platform ARG', () => {
  test('the stage the default names on another platform is built for that platform, not only with --build-arg', () => {
    const document = modelOf(flavorByPlatform);
    const model = document.stageModel;
    const reachability = reachabilityOf(document, { platforms: defaultPlatforms });
    const reachOf = (name: string) => reachability.reached.get(model.stages.findIndex((stage) => stage.name === name));
    assert.equal(reachOf('amd64')?.byDefault, true);
    assert.equal(reachOf('arm64')?.byDefault, false);
    assert.deepEqual(described(reachOf('arm64')?.ways ?? []), ['TARGETARCH=arm64']);
    assert.deepEqual(described(reachOf('rocm')?.ways ?? []), ['--build-arg FLAVOR=rocm']);
    const graph = buildStageGraph(document);
    assert.equal(graph.stages.find((stage) => stage.name === 'arm64')?.builtWhen, 'for TARGETARCH=arm64');
  });

  test('a default is nothing a build does: neither way hides the other, and one way is kept once', () => {
    const onArm64: Selections = [
      { name: 'FLAVOR', value: 'arm64', source: 'default' },
      { name: 'TARGETARCH', value: 'arm64', source: 'platform' },
    ];
    const byArgument: Selections = [{ name: 'FLAVOR', value: 'arm64', source: 'buildArg' }];
    const platformOnly: Selections = [{ name: 'TARGETARCH', value: 'arm64', source: 'platform' }];
    assert.deepEqual(minimalWays([onArm64, byArgument]), [onArm64, byArgument]);
    assert.deepEqual(minimalWays([platformOnly, onArm64]), [platformOnly]);
    assert.deepEqual(minimalWays([byArgument, [...byArgument, ...platformOnly]]), [byArgument]);
  });
  test('a global ARG declared again with a default that reads the one before still holds the platform ARG', () => {
    // BuildKit expands `${FLAVOR}-gpu` with the FLAVOR declared before it: arm64-gpu on arm64.
    const redeclared = lines('ARG FLAVOR=${TARGETARCH}', 'ARG FLAVOR=${FLAVOR}-gpu', 'FROM scratch AS amd64-gpu', 'FROM scratch AS arm64-gpu', 'FROM ${FLAVOR} AS archive', 'FROM alpine', 'COPY --from=archive / /');
    const document = modelOf(redeclared);
    const model = document.stageModel;
    const reachability = reachabilityOf(document, { platforms: defaultPlatforms });
    const reachOf = (name: string) => reachability.reached.get(model.stages.findIndex((stage) => stage.name === name));
    assert.equal(reachOf('amd64-gpu')?.byDefault, true);
    assert.deepEqual(described(reachOf('arm64-gpu')?.ways ?? []), ['TARGETARCH=arm64']);
  });
});

describe('reachability: values BuildKit never gives a platform ARG', () => {
  // BuildKit normalizes the platform before setting TARGETARCH: `linux/i386` builds with 386.
  const byArchitecture = lines('FROM alpine AS rclone-i386', 'FROM alpine AS rclone-386', 'FROM alpine AS rclone-x86_64', 'FROM alpine AS rclone-mips64le', 'FROM rclone-$TARGETARCH');

  test('a stage named for an alias (i386, x86_64) is built by no platform; one for an unconfigured architecture is another platform’s', () => {
    const document = modelOf(byArchitecture);
    const model = document.stageModel;
    const reachability = reachabilityOf(document, { platforms: defaultPlatforms });
    const named = (index: number) => model.stages[index].name;
    assert.deepEqual([...reachability.reached.keys()].map(named).sort(), ['rclone-386', undefined]);
    assert.deepEqual(
      [...reachability.otherPlatforms].map(([index, selections]) => [named(index), selections.map(describeSelection)]),
      [['rclone-mips64le', ['TARGETARCH=mips64le']]],
    );
  });

  test('configured as linux/i386, the platform builds rclone-386, as BuildKit does', () => {
    const document = modelOf(byArchitecture);
    const model = document.stageModel;
    const platforms = [parsePlatform('linux/i386') as Platform];
    assert.deepEqual([...reachabilityOf(document, { platforms }).reached.keys()].map((index) => model.stages[index].name).sort(), ['rclone-386', undefined]);
  });
});

describe('reachability: the options key', () => {
  test('options that give the same answers share one key, and so one derived value', () => {
    const model = modelOf(lines('FROM alpine AS a', 'FROM alpine AS b', 'FROM a'));
    const platforms = defaultPlatforms;
    const key = (options: Parameters<typeof reachabilityOptionsKey>[1]) => reachabilityOptionsKey(model, options);
    assert.equal(key({ platforms }), key({ platforms, targetIndex: model.stageModel.targetIndex }), 'the default target, named or not');
    assert.notEqual(key({ platforms }), key({ platforms, targetIndex: 0 }));
    assert.notEqual(key({ platforms }), key({ platforms, extraRoots: [1] }));
    assert.notEqual(key({ platforms }), key({ platforms: [parsePlatform('linux/arm64') as Platform] }));
    assert.equal(reachabilityOf(model, { platforms }), reachabilityOf(model, { platforms, targetIndex: model.stageModel.targetIndex }));
  });
});
