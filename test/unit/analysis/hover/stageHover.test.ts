import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt, hoverTextAt, textIn, uri } from './positions';

const file = [
  'ARG GO_VERSION=1.22', // 1
  'FROM golang:${GO_VERSION} AS build', // 2
  'WORKDIR /src', // 3
  'COPY . .', // 4
  'RUN go build -o /out/app .', // 5
  '', // 6
  'FROM build AS test', // 7
  'WORKDIR tests', // 8
  'RUN go test ./...', // 9
  '', // 10
  'FROM alpine:3.20 AS runtime', // 11
  'COPY --from=build /out/app /usr/local/bin/app', // 12
  'RUN --mount=type=bind,from=build,source=/src,target=/src ls /src', // 13
  'COPY --from=0 /out/app /app', // 14
  'ENTRYPOINT ["/usr/local/bin/app"]', // 15
].join('\n');

describe('stage hover', () => {
  test('COPY --from=<stage> shows the base image with ARGs resolved, the line, WORKDIR, users and that the target needs it', () => {
    const hover = hoverAt(file, '--from=build', 8);
    assert.ok(hover);
    assert.equal(textIn(file, hover.range), 'build');
    const text = hover.markdown;
    assert.match(text, /\*\*Stage\*\* `build` \(index 0\)/);
    assert.ok(text.includes(`Defined on [line 2](${uri}#L2)`), text);
    assert.ok(text.includes('Base image: `golang:1.22` (`golang:${GO_VERSION}` with the ARG defaults)'), text);
    assert.ok(text.includes('WORKDIR: `/src`'), text);
    assert.ok(text.includes('Needed by the target, stage `runtime`.'), text);
    assert.ok(text.includes(`[line 7](${uri}#L7): \`FROM build\` in stage \`test\``), text);
    assert.ok(text.includes(`[line 12](${uri}#L12): \`COPY --from=build\` in stage \`runtime\``), text);
    assert.ok(text.includes(`[line 13](${uri}#L13): \`RUN --mount=from=build\` in stage \`runtime\``), text);
    assert.ok(text.includes(`[line 14](${uri}#L14): \`COPY --from=0\` in stage \`runtime\``), text);
  });

  test('the name after AS, FROM <stage>, --from=<index> and mount from= all show the same stage', () => {
    const expected = hoverTextAt(file, '--from=build', 8);
    assert.equal(hoverTextAt(file, 'AS build', 4), expected);
    assert.equal(hoverTextAt(file, 'FROM build', 6), expected);
    assert.equal(hoverTextAt(file, '--from=0', 7), expected);
    assert.equal(hoverTextAt(file, 'from=build,', 6), expected);
  });

  test('the range of the hover is the name under the cursor', () => {
    const name = hoverAt(file, 'AS build', 5);
    assert.ok(name);
    assert.equal(textIn(file, name.range), 'build');
    const index = hoverAt(file, '--from=0', 7);
    assert.ok(index);
    assert.equal(textIn(file, index.range), '0');
  });

  test('a stage built on another: the base stage with a link, the inherited and relative WORKDIR, unused and not needed', () => {
    const text = hoverTextAt(file, 'AS test', 4);
    assert.match(text, /\*\*Stage\*\* `test` \(index 1\)/);
    assert.ok(text.includes(`Built on stage \`build\` ([line 2](${uri}#L2))`), text);
    assert.ok(text.includes('WORKDIR: `/src/tests`'), text);
    assert.ok(text.includes('**Not needed** by the target, stage `runtime`'), text);
    assert.ok(text.includes('`docker build --target test`'), text);
    assert.ok(text.includes('No instruction in this file uses it.'), text);
  });

  test('the target stage says so', () => {
    const text = hoverTextAt(file, 'AS runtime', 4);
    assert.ok(text.includes('**Target stage**'), text);
    assert.ok(text.includes("WORKDIR: not set in this file, so the base image's"), text);
    assert.ok(!text.includes('Needed by'), text);
  });

  test('an unnamed stage is labelled by its index', () => {
    const text = hoverTextAt('FROM alpine:3.20\nRUN true\nFROM alpine:3.20 AS final\nCOPY --from=0 /x /x\n', '--from=0', 7);
    assert.match(text, /\*\*Stage 0\*\* \(unnamed\)/);
    assert.ok(text.includes('Needed by the target, stage `final`.'), text);
    const unneeded = hoverTextAt('FROM alpine:3.20\nFROM alpine:3.20\nCOPY --from=0 /x /x\nFROM alpine:3.20 AS final\n', '--from=0', 7);
    assert.ok(unneeded.includes('**Not needed** by the target, stage `final`: a plain `docker build` skips it.'), unneeded);
    assert.ok(!unneeded.includes('--target'), 'an unnamed stage cannot be built with --target');
  });

  test('a base image chosen by an ARG without default says where it comes from', () => {
    const text = hoverTextAt('ARG BASE\nFROM ${BASE} AS app\nRUN true\n', 'AS app', 4);
    assert.ok(text.includes('Base image: `${BASE}`, where `BASE` has no default value'), text);
  });

  test('the platform is shown', () => {
    const text = hoverTextAt('FROM --platform=linux/arm64 alpine:3.20 AS arm\n', 'AS arm', 4);
    assert.ok(text.includes('Platform: `linux/arm64`'), text);
  });

  test('a stage used many times lists the first twenty and counts the rest', () => {
    const lines = ['FROM alpine:3.20 AS assets', 'FROM alpine:3.20'];
    for (let i = 0; i < 25; i++) lines.push(`COPY --from=assets /a${i} /a${i}`);
    const text = hoverTextAt(lines.join('\n'), 'AS assets', 4);
    assert.equal(text.match(/`COPY --from=assets`/g)?.length, 20);
    assert.ok(text.includes('and 5 more'), text);
  });

  test('names from the file stay inside code spans', () => {
    const text = hoverTextAt('FROM alpine:3.20 AS **x**\nFROM alpine:3.20\nCOPY --from=**x** / /\n', 'AS **x**', 4);
    assert.ok(text.includes('`**x**`'), text);
    assert.ok(!text.replace(/`[^`]*`/g, '').includes('**x**'), text);
  });
});

describe('references that do not lead to an earlier stage', () => {
  test('a stage defined further down: the stage, and that BuildKit stops', () => {
    const text = hoverTextAt('FROM alpine:3.20 AS app\nCOPY --from=later /x /x\nFROM alpine:3.20 AS later\n', '--from=later', 8);
    assert.match(text, /\*\*Stage\*\* `later`/);
    assert.ok(text.includes('defined further down: BuildKit stops'), text);
  });

  test('a stage copying from itself is a circular dependency', () => {
    const text = hoverTextAt('FROM alpine:3.20 AS app\nCOPY --from=app /x /y\n', '--from=app', 8);
    assert.ok(text.includes('circular dependency'), text);
  });

  test('FROM <name of a later stage> is an image to BuildKit', () => {
    const text = hoverTextAt('FROM node:22 AS app\nFROM node AS node\n', 'FROM node:22', 6);
    assert.ok(text.includes('Node.js'), text);
    const later = hoverTextAt('FROM base\nFROM alpine:3.20 AS base\n', 'FROM base', 6);
    assert.ok(later.includes(`A stage named \`base\` is defined further down, on [line 2](${uri}#L2)`), later);
    assert.ok(later.includes('**Image** `base`'), later);
  });

  test('an index past the last stage', () => {
    const text = hoverTextAt('FROM alpine:3.20\nCOPY --from=4 /x /x\n', '--from=4', 7);
    assert.ok(text.includes('**Stage index 4**'), text);
    assert.ok(text.includes('This file has 1 stage (indexes 0 to 0)'), text);
  });

  test('variables: resolved ones say what they resolve to, unknown ones why they cannot be', () => {
    const resolved = hoverTextAt('ARG SRC=build\nFROM alpine:3.20 AS build\nFROM alpine:3.20\nARG SRC\nCOPY --from=${SRC} /x /x\n', '--from=${SRC}', 8);
    assert.ok(resolved.includes('`${SRC}` is `build` with the ARG defaults.'), resolved);
    assert.match(resolved, /\*\*Stage\*\* `build`/);
    const unknown = hoverTextAt('FROM alpine:3.20\nARG SRC\nCOPY --from=${SRC} /x /x\n', '--from=${SRC}', 8);
    assert.ok(unknown.includes('`SRC` has no default value here.'), unknown);
    assert.ok(unknown.includes('BuildKit does not expand variables in `--from`'), unknown);
    const base = hoverTextAt('ARG BASE\nFROM ${BASE}\n', '${BASE}', 2);
    assert.ok(base.includes('The image is chosen when building, with `--build-arg`.'), base);
  });

  test('--from=context without such a stage is the build context', () => {
    const text = hoverTextAt('FROM alpine:3.20\nCOPY --from=context /x /x\n', '--from=context', 8);
    assert.ok(text.includes('BuildKit reads from the build context'), text);
  });

  test('--from=<image> is an image, explained from the catalog', () => {
    const text = hoverTextAt('FROM alpine:3.20\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n', '--from=nginx', 8);
    assert.ok(text.includes('No stage has this name, so BuildKit uses the image `nginx:1.27`.'), text);
    assert.ok(text.includes('**nginx** `nginx:1.27`'), text);
  });
});
