import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  externalImageReference,
  numericStageReference,
  selfReferencingStage,
  stageIndexOutOfRange,
  stageUsedBeforeDefinition,
  undefinedStage,
  variableInFromFlag,
} from '../../../../../server/src/analysis/rules/reference/stageReferences';
import { applyFix, check, lines, rangeText } from '../../../helpers';

describe('UndefinedStage', () => {
  test('a bare --from name that no stage has, with one fix per close stage name', () => {
    const text = lines('FROM golang:1.22 AS builder', 'FROM golang:1.22 AS bundler', 'FROM alpine', 'COPY --from=bulder /app /app');
    const [finding, ...rest] = check(undefinedStage, text);
    assert.equal(rest.length, 0);
    assert.equal(rangeText(text, finding), 'bulder');
    assert.match(finding.message, /no stage is named 'bulder'.*Did you mean 'builder' or 'bundler'\?/);
    assert.equal(applyFix(text, finding, 0), lines('FROM golang:1.22 AS builder', 'FROM golang:1.22 AS bundler', 'FROM alpine', 'COPY --from=builder /app /app'));
    assert.equal(applyFix(text, finding, 1), lines('FROM golang:1.22 AS builder', 'FROM golang:1.22 AS bundler', 'FROM alpine', 'COPY --from=bundler /app /app'));
  });

  test('a bare name far from any stage still fires, without fixes', () => {
    const [finding] = check(undefinedStage, lines('FROM alpine', 'RUN --mount=type=bind,from=deps,target=/d true'));
    assert.match(finding.message, /RUN --mount=from=deps: no stage is named 'deps'/);
    assert.deepEqual(finding.fixes, []);
  });

  test('FROM fires only on a near miss of an earlier stage, and suggests its lowercase name', () => {
    const text = lines('FROM golang:1.22 AS Build', 'FROM buld');
    const [finding] = check(undefinedStage, text);
    assert.equal(applyFix(text, finding), lines('FROM golang:1.22 AS Build', 'FROM build'));
    assert.deepEqual(check(undefinedStage, lines('FROM golang:1.22 AS build', 'FROM myapp')), []);
  });

  test('a number in RUN --mount from= is a name to BuildKit; the fix names the stage', () => {
    const text = lines('FROM golang:1.22', 'RUN go build -o /out/app', 'FROM alpine', 'RUN --mount=from=0,source=/out,target=/o cp /o/app /app');
    const [finding] = check(undefinedStage, text);
    assert.match(finding.message, /takes a stage name, not an index/);
    assert.equal(applyFix(text, finding), lines('FROM golang:1.22 AS golang', 'RUN go build -o /out/app', 'FROM alpine', 'RUN --mount=from=golang,source=/out,target=/o cp /o/app /app'));
  });

  test('does not fire on images, official images, stages, context, scratch or unresolved values', () => {
    const text = lines(
      'ARG BUILDER=build',
      'FROM golang:1.22 AS build',
      'FROM alpine',
      'ARG BUILDER',
      'COPY --from=alpine:3.20 /etc/alpine-release /x',
      'COPY --from=busybox /bin/busybox /bin/busybox',
      'COPY --from=${BUILDER} /out /out',
      'COPY --from=${UNKNOWN} /out /out',
      'COPY --from=BUILD /out /out',
      'COPY --from=context /x /x',
      'COPY --from=scratch /x /x',
      'COPY --from=ghcr.io/org/tool /t /t',
    );
    assert.deepEqual(check(undefinedStage, text), []);
  });
});

describe('ExternalImageReference', () => {
  test('fires on --from and from= images; the fix declares the stage before its first user and rewrites every use', () => {
    const text = lines(
      '# syntax=docker/dockerfile:1',
      'FROM golang:1.22 AS build',
      'RUN --mount=from=nginx:1.27,source=/etc/nginx,target=/n true',
      '',
      '# the runtime',
      'FROM alpine',
      'COPY --from=0 /out /out',
      'COPY --from=nginx:1.27 /etc/nginx /etc/nginx',
    );
    const findings = check(externalImageReference, text);
    assert.deepEqual(
      findings.map((finding) => rangeText(text, finding)),
      ['nginx:1.27', 'nginx:1.27'],
    );
    assert.match(findings[1].message, /COPY --from=nginx:1.27 pulls the image nginx:1.27/);
    assert.equal(
      applyFix(text, findings[1]),
      lines(
        '# syntax=docker/dockerfile:1',
        'FROM nginx:1.27 AS nginx',
        '',
        'FROM golang:1.22 AS build',
        'RUN --mount=from=nginx,source=/etc/nginx,target=/n true',
        '',
        '# the runtime',
        'FROM alpine',
        'COPY --from=1 /out /out',
        'COPY --from=nginx /etc/nginx /etc/nginx',
      ),
    );
  });

  test('the new stage goes above the comments that introduce the first user, in its keyword case and line endings', () => {
    const text = 'from golang:1.22 as build\r\n# runtime\r\nfrom alpine\r\ncopy --from=ghcr.io/acme/tool:2 /bin/tool /bin/tool\r\n';
    const [finding] = check(externalImageReference, text);
    assert.equal(applyFix(text, finding), 'from golang:1.22 as build\r\nfrom ghcr.io/acme/tool:2 as tool\r\n\r\n# runtime\r\nfrom alpine\r\ncopy --from=tool /bin/tool /bin/tool\r\n');
  });

  test('the name avoids stage names and images used elsewhere', () => {
    const text = lines('FROM alpine AS nginx', 'FROM alpine', 'COPY --from=nginx:1.27 /a /a');
    const [finding] = check(externalImageReference, text);
    assert.match(applyFix(text, finding), /FROM nginx:1.27 AS nginx-image\n/);
  });

  test('does not fire on stages, scratch, context, FROM images or unresolved values', () => {
    assert.deepEqual(check(externalImageReference, lines('FROM golang:1.22 AS build', 'FROM nginx:1.27', 'COPY --from=build /a /a', 'COPY --from=scratch /a /a', 'COPY --from=context /a /a', 'COPY --from=$X /a /a')), []);
  });
});

describe('StageUsedBeforeDefinition', () => {
  test('FROM a later stage: BuildKit pulls an image of that name', () => {
    const text = lines('FROM alpine AS one', 'FROM two', 'FROM alpine AS two');
    const [finding] = check(stageUsedBeforeDefinition, text);
    assert.equal(rangeText(text, finding), 'two');
    assert.match(finding.message, /defined later \(line 3\); FROM only sees earlier stages/);
  });

  test('COPY --from and from= a later stage, by name or index: BuildKit stops', () => {
    const text = lines('FROM alpine AS one', 'COPY --from=two /a /a', 'COPY --from=1 /a /a', 'RUN --mount=from=two,target=/t true', 'FROM alpine AS two');
    const findings = check(stageUsedBeforeDefinition, text);
    assert.deepEqual(
      findings.map((finding) => finding.message),
      [
        "COPY --from=two: stage 'two' is defined later (line 5); BuildKit stops, a stage can only copy from stages defined above it.",
        "COPY --from=1: stage 'two' is defined later (line 5); BuildKit stops, a stage can only copy from stages defined above it.",
        "RUN --mount=from=two: stage 'two' is defined later (line 5); BuildKit stops, a stage can only mount stages defined above it.",
      ],
    );
  });

  test('does not fire on earlier stages, the usual FROM node AS node, or cycles (SelfReferencingStage)', () => {
    assert.deepEqual(check(stageUsedBeforeDefinition, lines('FROM node AS node', 'FROM alpine AS one', 'COPY --from=node /a /a', 'FROM one')), []);
    assert.deepEqual(check(stageUsedBeforeDefinition, lines('FROM alpine AS a', 'COPY --from=b /x /x', 'FROM alpine AS b', 'COPY --from=a /y /y')), []);
  });
});

describe('SelfReferencingStage', () => {
  test('a stage copying or mounting from itself, by name or index', () => {
    const text = lines('FROM alpine AS app', 'COPY --from=app /a /b', 'COPY --from=0 /a /b', 'RUN --mount=from=APP,target=/m true');
    const findings = check(selfReferencingStage, text);
    assert.equal(findings.length, 3);
    assert.match(findings[0].message, /refers to its own stage 'app'/);
  });

  test('a cycle through forward references names every stage on it', () => {
    const text = lines('FROM busybox AS stage0', 'COPY --from=stage2 f1 /sub/', 'FROM busybox AS stage1', 'COPY --from=stage0 f2 /sub/', 'FROM busybox AS stage2', 'COPY --from=stage1 f2 /sub/');
    const findings = check(selfReferencingStage, text);
    assert.equal(findings.length, 3);
    assert.match(findings[0].message, /cycle 'stage0' → 'stage2' → 'stage1' → 'stage0'/);
  });

  test('does not fire on FROM node AS node or acyclic references', () => {
    assert.deepEqual(check(selfReferencingStage, lines('FROM node AS node', 'FROM alpine AS b', 'COPY --from=node /a /a', 'COPY --from=later /a /a', 'FROM alpine AS later')), []);
  });
});

describe('StageIndexOutOfRange', () => {
  test('fires on an index past the last stage', () => {
    const [finding] = check(stageIndexOutOfRange, lines('FROM alpine', 'FROM alpine', 'COPY --from=2 /a /a'));
    assert.equal(finding.message, 'COPY --from=2: there is no stage 2; stages are numbered 0 to 1.');
  });

  test('does not fire on valid indexes, or signs dockerfile-utils reports', () => {
    assert.deepEqual(check(stageIndexOutOfRange, lines('FROM alpine', 'FROM alpine', 'COPY --from=0 /a /a', 'COPY --from=-1 /a /a', 'COPY --from=+5 /a /a')), []);
  });
});

describe('NumericStageReference', () => {
  test('an unnamed stage gets a name from its image; every numeric reference to it is rewritten', () => {
    const text = lines('FROM golang:1.22', 'FROM alpine', 'COPY --from=0 /a /a', 'COPY --from=0 /b /b');
    const findings = check(numericStageReference, text);
    assert.equal(findings.length, 2);
    assert.match(findings[0].fixes?.[0].title ?? '', /Name stage 0 'golang'/);
    assert.equal(applyFix(text, findings[0]), lines('FROM golang:1.22 AS golang', 'FROM alpine', 'COPY --from=golang /a /a', 'COPY --from=golang /b /b'));
  });

  test('a named stage: use its name; a name an image uses elsewhere is avoided', () => {
    const named = lines('FROM golang:1.22 AS build', 'FROM alpine', 'COPY --from=0 /a /a');
    assert.equal(applyFix(named, check(numericStageReference, named)[0]), lines('FROM golang:1.22 AS build', 'FROM alpine', 'COPY --from=build /a /a'));
    const clash = lines('FROM golang:1.22', 'FROM golang', 'COPY --from=0 /a /a');
    assert.equal(applyFix(clash, check(numericStageReference, clash)[0]), lines('FROM golang:1.22 AS stage-0', 'FROM golang', 'COPY --from=stage-0 /a /a'));
  });

  test('does not fire on names or out-of-range indexes', () => {
    assert.deepEqual(check(numericStageReference, lines('FROM alpine AS a', 'FROM alpine', 'COPY --from=a /a /a', 'COPY --from=7 /a /a')), []);
  });
});

describe('VariableInFromFlag', () => {
  test('a variable in --from: the fix declares an alias stage from the same text, as BuildKit advises', () => {
    const text = lines('ARG UV_VERSION=0.4.20', 'FROM python:3.12-slim', 'COPY --from=ghcr.io/astral-sh/uv:${UV_VERSION} /uv /bin/uv', 'COPY --from=0 /a /a');
    const [finding, ...rest] = check(variableInFromFlag, text);
    assert.equal(rest.length, 0);
    assert.equal(rangeText(text, finding), 'ghcr.io/astral-sh/uv:${UV_VERSION}');
    assert.match(finding.message, /does not expand variables in COPY --from/);
    assert.equal(
      applyFix(text, finding),
      lines('ARG UV_VERSION=0.4.20', 'FROM ghcr.io/astral-sh/uv:${UV_VERSION} AS uv', '', 'FROM python:3.12-slim', 'COPY --from=uv /uv /bin/uv', 'COPY --from=1 /a /a'),
    );
  });

  test('a variable naming a stage in from=: the alias is named after the variable', () => {
    const text = lines('ARG DEPS=deps', 'FROM node:22 AS deps', 'FROM node:22-slim', 'RUN --mount=from=$DEPS,source=/app/node_modules,target=/m true');
    const [finding] = check(variableInFromFlag, text);
    assert.match(finding.message, /from= in RUN --mount/);
    assert.equal(
      applyFix(text, finding),
      lines('ARG DEPS=deps', 'FROM node:22 AS deps', 'FROM $DEPS AS deps-2', '', 'FROM node:22-slim', 'RUN --mount=from=deps-2,source=/app/node_modules,target=/m true'),
    );
  });

  test('no fix when the variable is declared only inside the stage, which FROM cannot see', () => {
    const [finding] = check(variableInFromFlag, lines('FROM alpine AS build', 'FROM alpine', 'ARG SRC=build', 'COPY --from=$SRC /a /a'));
    assert.equal(finding.fixes, undefined);
  });

  test('does not fire on literal values, a trailing $, or FROM lines', () => {
    assert.deepEqual(check(variableInFromFlag, lines('ARG B=alpine', 'FROM $B AS build', 'FROM alpine', 'COPY --from=build /a /a', 'COPY --from=odd$ /a /a')), []);
  });

  test('the other reference rules leave variable references to it', () => {
    const text = lines('ARG X=nginx:1.27', 'ARG Y=missing', 'FROM alpine', 'COPY --from=$X /a /a', 'COPY --from=$Y /a /a');
    assert.deepEqual(check(externalImageReference, text), []);
    assert.deepEqual(check(undefinedStage, text), []);
  });
});
