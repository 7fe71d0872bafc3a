import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentModel } from '../../../server/src/analysis/documentModel';
import { parseMountOptions } from '../../../server/src/analysis/mountOptions';
import { findStageByName, reachableFrom } from '../../../server/src/analysis/stageModel';
import type { StageModel } from '../../../server/src/analysis/stageTypes';

function modelOf(text: string): StageModel {
  return new DocumentModel('file:///t/Dockerfile', 1, text).stageModel;
}

function targets(model: StageModel) {
  return model.references.map((reference) => ({ kind: reference.kind, text: reference.value.text, target: reference.target }));
}

describe('stages, directives and ARGs', () => {
  test('directives, escape character, global and stage ARGs', () => {
    const model = modelOf('# syntax=docker/dockerfile:1\n# escape=`\nARG TAG=3.20\nARG REGISTRY\nFROM alpine:${TAG} AS base\nARG TAG\nARG LOCAL=x-$TAG\n');
    assert.deepEqual(
      model.directives.map((directive) => [directive.name, directive.value]),
      [
        ['syntax', 'docker/dockerfile:1'],
        ['escape', '`'],
      ],
    );
    assert.equal(model.escapeCharacter, '`');
    assert.deepEqual(
      model.globalArgs.map((arg) => [arg.name, arg.defaultValue]),
      [
        ['TAG', '3.20'],
        ['REGISTRY', undefined],
      ],
    );
    const [base] = model.stages;
    assert.equal(base.name, 'base');
    assert.deepEqual(
      base.args.map((arg) => [arg.name, arg.defaultValue]),
      [
        ['TAG', undefined],
        ['LOCAL', 'x-3.20'],
      ],
    );
  });

  test('FROM resolves ARG defaults, every substitution form', () => {
    const model = modelOf(
      [
        'ARG A=alpine',
        'ARG EMPTY=',
        'FROM $A AS s0',
        'FROM ${A}:3 AS s1',
        'FROM ${UNSET:-debian} AS s2',
        'FROM ${EMPTY-busybox}x AS s3',
        'FROM node${A:+-alpine} AS s4',
        'FROM node${EMPTY+-x} AS s5',
      ].join('\n'),
    );
    assert.deepEqual(
      model.stages.map((stage) => stage.base.resolved),
      ['alpine', 'alpine:3', 'debian', 'x', 'node-alpine', 'node-x'],
    );
  });

  test('unresolvable FROM lists the variables', () => {
    const model = modelOf('ARG REGISTRY\nFROM ${REGISTRY}/app:${VERSION}\n');
    const [stage] = model.stages;
    assert.equal(stage.base.resolved, undefined);
    assert.deepEqual(stage.base.unresolvedVariables, ['REGISTRY', 'VERSION']);
    assert.deepEqual(model.references[0].target, { type: 'unresolved' });
  });

  test('a global ARG declared again without a default keeps the value it had, as BuildKit keeps it', () => {
    const model = modelOf('ARG TAG=3.20\nARG TAG\nARG OTHER\nFROM alpine:${TAG}\nFROM alpine:${OTHER}\n');
    assert.equal(model.stages[0].base.resolved, 'alpine:3.20');
    assert.equal(model.stages[1].base.resolved, undefined, 'a name never given a value comes from the build');
    assert.deepEqual(model.expandBases({ platformArgs: new Map(), buildArgs: new Map() }, [0, 1]), ['alpine:3.20', 'alpine:']);
  });

  test('a global ARG is visible in a stage only once re-declared there', () => {
    const model = modelOf('ARG FROM_STAGE=build\nFROM alpine AS build\nFROM alpine\nCOPY --from=${FROM_STAGE} /a /a\nARG FROM_STAGE\nCOPY --from=${FROM_STAGE} /b /b\n');
    const [first, second] = model.references.filter((reference) => reference.kind === 'copy');
    assert.equal(first.value.resolved, undefined);
    assert.deepEqual(first.value.unresolvedVariables, ['FROM_STAGE']);
    assert.deepEqual(first.target, { type: 'unresolved' });
    assert.equal(second.value.resolved, 'build');
    assert.deepEqual(second.target, { type: 'stage', index: 0 });
  });

  test('platform ARGs take the default platform, as a plain docker build gives them; ENV wins over ARG', () => {
    const model = modelOf('FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG SRC=build\nENV SRC=other\nCOPY --from=$SRC /a /a\n');
    const [stage] = model.stages;
    assert.equal(stage.platform?.text, '$BUILDPLATFORM');
    assert.equal(stage.platform?.resolved, 'linux/amd64');
    assert.equal(model.references[1].value.resolved, 'other');
  });

  test('inside a stage a platform ARG is set only after its ARG line, then with the platform value, as in BuildKit', () => {
    const model = modelOf(
      'FROM alpine AS without\nWORKDIR /out/$TARGETARCH\nCOPY --from=bin-$TARGETARCH / /\nFROM alpine AS with\nARG TARGETARCH\nWORKDIR /out/$TARGETARCH\nCOPY --from=bin-$TARGETARCH / /\n',
    );
    assert.deepEqual(
      model.stages.map((stage) => stage.workdir),
      ['/out', '/out/amd64'],
    );
    const copies = model.references.filter((reference) => reference.kind === 'copy');
    assert.deepEqual(
      copies.map((reference) => [reference.value.resolved, reference.value.unresolvedVariables]),
      [
        [undefined, ['TARGETARCH']],
        ['bin-amd64', []],
      ],
    );
  });

  test('a stage built on another inherits its ARGs, ENV and WORKDIR', () => {
    const model = modelOf('FROM alpine AS a\nARG X=build\nWORKDIR /src\nFROM a AS b\nWORKDIR ./sub/../pkg\nRUN --mount=from=$X,target=/m true\n');
    assert.equal(model.stages[1].baseStageIndex, 0);
    assert.equal(model.stages[1].workdir, '/src/pkg');
    assert.equal(model.references.find((reference) => reference.kind === 'mount')?.value.resolved, 'build');
  });

  test('an ENV expands with what was declared before it, wherever it is looked up from', () => {
    const workdirs = (text: string) => modelOf(text).stages.map((stage) => stage.workdir);
    assert.deepEqual(workdirs('FROM a\nARG A=1\nENV B=/$A C=$B/c\nARG A=2\nWORKDIR $C\n'), ['/1/c']);
    assert.deepEqual(workdirs('FROM a\nENV B=/x$LATER\nARG LATER=y\nWORKDIR $B\n'), ['/x']);
    assert.deepEqual(workdirs('FROM a\nENV X=/e\nARG X=/a\nWORKDIR $X\n'), ['/e']);
    assert.deepEqual(workdirs('FROM a\nENV X=/1\nENV X=/2\nWORKDIR $X\nENV X=/3\n'), ['/2']);
    assert.deepEqual(workdirs('FROM a AS base\nENV P=/p \\\n  # note\n  Q=q\nFROM base\nWORKDIR $P/$Q\n'), [undefined, '/p/q']);
    assert.deepEqual(workdirs('FROM a\nENV A_B=/ab\nWORKDIR ${A_B:-/none}\nFROM a\nWORKDIR ${A_B:-/none}\n'), ['/ab', '/none']);
  });

  test('ENVs and WORKDIRs deferred along a FROM chain ten thousand stages long', () => {
    let text = 'FROM alpine AS s0\nENV X=/x\n';
    for (let index = 1; index < 10_000; index++) text += `FROM s${index - 1} AS s${index}\nENV X=$X\nWORKDIR $X\n`;
    const model = modelOf(text);
    assert.equal(model.stages[9999].workdir, '/x');
  });

  test('stage ranges and instructions run from FROM to the stage end', () => {
    const model = modelOf('FROM alpine AS a\nRUN a \\\n  b\n\n# comment\nFROM a\nCMD x\n');
    assert.deepEqual(
      model.stages.map((stage) => [stage.range.start.line, stage.range.end.line, stage.instructions.map((instruction) => instruction.getKeyword())]),
      [
        [0, 2, ['RUN']],
        [5, 6, ['CMD']],
      ],
    );
  });
});

describe('references', () => {
  test('FROM sees earlier stages case-insensitively; a later name is not a stage', () => {
    const model = modelOf('FROM alpine AS Build\nFROM build AS one\nFROM final AS two\nFROM node AS node\nFROM alpine AS final\n');
    assert.deepEqual(
      targets(model).map((reference) => reference.target),
      [
        { type: 'image', name: 'alpine' },
        { type: 'stage', index: 0 },
        { type: 'laterStage', index: 4 },
        { type: 'image', name: 'node' },
        { type: 'image', name: 'alpine' },
      ],
    );
  });

  test('COPY --from: names, indexes, images, context and forward references', () => {
    const model = modelOf(
      [
        'FROM alpine AS build',
        'FROM alpine',
        'COPY --from=BUILD /a /a',
        'COPY --from=0 /a /a',
        'COPY --from=1 /a /a',
        'COPY --from=2 /a /a',
        'COPY --from=7 /a /a',
        'COPY --from=nginx:1.27 /a /a',
        'COPY --from=context /a /a',
        'COPY --from=late /a /a',
        'COPY --from="build" /a /a',
        'FROM alpine AS late',
      ].join('\n'),
    );
    assert.deepEqual(
      targets(model)
        .filter((reference) => reference.kind === 'copy')
        .map((reference) => reference.target),
      [
        { type: 'stage', index: 0 },
        { type: 'stage', index: 0 },
        { type: 'laterStage', index: 1 },
        { type: 'laterStage', index: 2 },
        { type: 'indexOutOfRange', index: 7 },
        { type: 'image', name: 'nginx:1.27' },
        { type: 'context' },
        { type: 'laterStage', index: 2 },
        { type: 'stage', index: 0 },
      ],
    );
  });

  test('RUN --mount from= is a name, never an index; tmpfs mounts have no source', () => {
    const model = modelOf('FROM alpine AS build\nFROM alpine\nRUN --mount=type=bind,from=build,target=/b --mount=from=0,target=/z --mount=type=tmpfs,from=build,target=/t true\n');
    assert.deepEqual(
      targets(model)
        .filter((reference) => reference.kind === 'mount')
        .map((reference) => [reference.text, reference.target]),
      [
        ['build', { type: 'stage', index: 0 }],
        ['0', { type: 'image', name: '0' }],
      ],
    );
  });

  test('the mount value range points at the from= value', () => {
    const model = modelOf('FROM alpine AS deps\nFROM alpine\nRUN --mount=type=cache,target=/c,from=deps,source=/x echo\n');
    const mount = model.references.find((reference) => reference.kind === 'mount');
    assert.deepEqual(mount?.value.range, { start: { line: 2, character: 38 }, end: { line: 2, character: 42 } });
  });

  test('ADD has no --from in BuildKit, so it refers to nothing', () => {
    const model = modelOf('FROM alpine AS a\nFROM alpine\nADD --from=a x y\n');
    assert.equal(model.references.filter((reference) => reference.kind !== 'from').length, 0);
  });

  test('heredocs and platform flags do not disturb references', () => {
    const model = modelOf('FROM --platform=linux/amd64 alpine AS a\nFROM alpine\nRUN --mount=from=a,target=/a <<EOF\necho --from=nothing\nEOF\nCOPY <<EOF /x\n--from=b\nEOF\n');
    assert.deepEqual(
      targets(model).filter((reference) => reference.kind !== 'from'),
      [{ kind: 'mount', text: 'a', target: { type: 'stage', index: 0 } }],
    );
  });
});

describe('target and reachability', () => {
  test('the last stage is the target; it reaches through FROM, COPY and mounts, forward too', () => {
    const model = modelOf(
      [
        'FROM alpine AS base',
        'FROM base AS deps',
        'RUN --mount=from=tools,target=/t true',
        'FROM alpine AS unused',
        'FROM alpine AS tools',
        'FROM alpine AS final',
        'COPY --from=deps /a /a',
      ].join('\n'),
    );
    assert.equal(model.targetIndex, 4);
    assert.deepEqual([...model.reachable].sort(), [0, 1, 3, 4]);
    assert.deepEqual([...reachableFrom(model, 2)], [2]);
  });

  test('a later name in FROM does not make that stage reachable', () => {
    const model = modelOf('FROM alpine AS final2\nFROM later\nFROM alpine AS later\nFROM final2\n');
    assert.deepEqual([...model.reachable].sort(), [0, 3]);
  });

  test('no FROM: no stages, no target', () => {
    const model = modelOf('ARG A=1\n');
    assert.equal(model.targetIndex, undefined);
    assert.equal(model.reachable.size, 0);
  });

  test('findStageByName is case-insensitive and the last stage of a name wins', () => {
    const model = modelOf('FROM alpine AS x\nFROM alpine AS X\n');
    assert.equal(findStageByName(model, 'x')?.index, 1);
    assert.equal(findStageByName(model, 'y'), undefined);
  });
});

describe('parseMountOptions', () => {
  test('keys are lowercased and values keep = signs', () => {
    assert.deepEqual(
      parseMountOptions('Type=bind,from=build,source=/a=b,target=/x').map((option) => [option.key, option.value]),
      [
        ['type', 'bind'],
        ['from', 'build'],
        ['source', '/a=b'],
        ['target', '/x'],
      ],
    );
  });

  test('a quoted field may hold commas; a value quoted as a whole is unwrapped', () => {
    assert.deepEqual(
      parseMountOptions('"source=/a,b",from=x').map((option) => [option.key, option.value]),
      [
        ['source', '/a,b'],
        ['from', 'x'],
      ],
    );
    const options = parseMountOptions('"type=bind,from=build"');
    assert.deepEqual(
      options.map((option) => [option.key, option.value, option.valueStart]),
      [
        ['type', 'bind', 6],
        ['from', 'build', 16],
      ],
    );
  });

  test('flags without a value and empty input', () => {
    assert.deepEqual(
      parseMountOptions('readonly,from=').map((option) => [option.key, option.value]),
      [
        ['readonly', ''],
        ['from', ''],
      ],
    );
    assert.deepEqual(parseMountOptions(''), []);
  });
});
