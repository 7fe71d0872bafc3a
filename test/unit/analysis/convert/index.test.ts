// The converter as a whole: what it declines, the edit it returns, and properties that hold for
// every single-stage fixture (and every golden input), also after random harmless changes to
// the input: the output parses without new errors, nothing the user wrote is lost, every
// `--from` names an earlier stage, and converting the output again is declined.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { validate } from 'dockerfile-utils';
import { convertToMultiStage, type ConvertedDockerfile, type EcosystemId } from '../../../../server/src/analysis/convert/index';
import { RUNTIME_METADATA } from '../../../../server/src/analysis/convert/stageFacts';
import { DocumentModel } from '../../../../server/src/analysis/documentModel';
import { lint } from '../../../../server/src/analysis/lint';
import { readBuildContext } from '../../../../server/src/workspace/buildContext';
import { applyEdits, lines } from '../../helpers';
import { contextOf, convertFixtures, convertText, fixturesRoot, goldenCases, inputPath } from './golden';

function modelOf(text: string): DocumentModel {
  return new DocumentModel('file:///w/Dockerfile', 1, text);
}

/** Error diagnostics of the library's validation and of our rules, as `source:code` keys. */
function errorKeys(text: string): Set<string> {
  const library = validate(text)
    .filter((diagnostic) => diagnostic.severity === 1)
    .map((diagnostic) => `dockerfile-utils:${String(diagnostic.code)}`);
  const ours = lint(modelOf(text))
    .filter((finding) => finding.severity === 'error')
    .map((finding) => `dockerfile-stages:${finding.code}`);
  return new Set([...library, ...ours]);
}

/** The text of each instruction of the last stage, as written, with its keyword. */
function finalStageInstructions(text: string): { keyword: string; text: string }[] {
  const model = modelOf(text);
  const stages = model.stageModel.stages;
  const last = stages[stages.length - 1];
  const all = text.split(/\r\n|\n/);
  return last.instructions.map((instruction) => {
    const range = instruction.getRange();
    return { keyword: instruction.getKeyword().toUpperCase(), text: all.slice(range.start.line, range.end.line + 1).join('\n') };
  });
}

/** A runtime swap changes the final stage's image and nothing else. */
function checkSwapProperties(original: string, result: ConvertedDockerfile): void {
  const before = modelOf(original).stageModel;
  const after = modelOf(result.text).stageModel;
  assert.equal(after.stages.length, before.stages.length, 'a swap adds no stage');
  const stage = before.stages[before.stages.length - 1];
  assert.equal(after.stages[after.stages.length - 1].base.text, result.runtimeImage);
  assert.equal(result.text, original.slice(0, modelOf(original).lineStarts[stage.base.range.start.line] + stage.base.range.start.character) + result.runtimeImage + original.slice(modelOf(original).lineStarts[stage.base.range.end.line] + stage.base.range.end.character));
  assert.deepEqual([...errorKeys(result.text)].filter((key) => !errorKeys(original).has(key)), [], 'the output gains no error diagnostics');
  assert.equal(convertToMultiStage(modelOf(result.text)).kind, 'declined', 'converting the output again is declined');
}

function checkProperties(original: string, result: ConvertedDockerfile): void {
  if (result.change === 'runtime-swap') {
    checkSwapProperties(original, result);
    return;
  }
  const output = result.text;
  const normalized = output.replace(/\r\n/g, '\n');
  if (original.includes('\r\n')) assert.doesNotMatch(output.replace(/\r\n/g, ''), /\n/, 'a CRLF file stays CRLF');

  const newErrors = [...errorKeys(output)].filter((key) => !errorKeys(original).has(key));
  assert.deepEqual(newErrors, [], 'the output gains no error diagnostics');

  const before = modelOf(original).stageModel;
  const after = modelOf(output).stageModel;
  assert.equal(after.stages.length, before.stages.length + 1, 'the converted stage becomes a build and a runtime stage');
  const runtime = after.stages[after.stages.length - 1];
  const build = after.stages[after.stages.length - 2];
  assert.equal(build.name, result.buildStage);
  assert.equal(runtime.name, result.runtimeStage);
  assert.equal(runtime.base.text, result.runtimeImage);
  assert.equal(build.base.text, before.stages[before.stages.length - 1].base.text, 'the build stage keeps the base image as written');

  // Parser directives, global ARGs and earlier stages come first, in their order.
  const above = original.split(/\r\n|\n/).slice(0, before.stages[before.stages.length - 1].from.getRange().start.line);
  const outputAbove = normalized.split('\n').slice(0, build.from.getRange().start.line);
  let found = 0;
  for (const line of above.filter((line) => line.trim() !== '')) {
    found = outputAbove.indexOf(line, found);
    assert.ok(found >= 0, `stays above the build stage, in order: ${line}`);
  }

  // Every instruction lands in a stage with its lines as written; runtime metadata in the runtime stage.
  const runtimeText = normalized.slice(normalized.lastIndexOf('\n# Runtime stage'));
  for (const instruction of finalStageInstructions(original)) {
    const written = instruction.text.replace(/\r/g, '');
    assert.ok(normalized.includes(written), `kept: ${written}`);
    if (RUNTIME_METADATA.has(instruction.keyword)) assert.ok(runtimeText.includes(written), `in the runtime stage: ${written}`);
  }
  for (const comment of original.split(/\r\n|\n/).filter((line) => /^\s*#/.test(line))) {
    assert.ok(normalized.includes(comment), `comment kept: ${comment}`);
  }

  // Every --from and from= is an earlier stage, or an image the original already used.
  const originalImages = new Set(before.references.flatMap((reference) => (reference.target.type === 'image' ? [reference.target.name] : [])));
  for (const reference of after.references) {
    if (reference.kind === 'from') continue;
    const { target } = reference;
    if (target.type === 'image') assert.ok(originalImages.has(target.name), `--from=${target.name} was in the original`);
    else assert.ok(target.type === 'stage' && target.index < reference.fromStageIndex, `--from=${reference.value.text} names an earlier stage`);
  }
  assert.ok(after.references.some((reference) => reference.kind === 'copy' && reference.fromStageIndex === runtime.index && reference.value.text === result.buildStage));

  const again = convertToMultiStage(modelOf(output));
  assert.equal(again.kind, 'declined', 'converting the output again is declined');
}

/** Every input with one stage: corpus cases, fixture apps, and the converter's own inputs. */
function singleStageFixtures(): string[] {
  const folders = ['corpus', 'apps', 'convert'].flatMap((kind) => {
    const root = path.join(fixturesRoot, kind);
    return readdirSync(root).map((name) => path.join(root, name, 'Dockerfile'));
  });
  return folders.filter((file) => existsSync(file) && modelOf(readFileSync(file, 'utf8')).stageModel.stages.length === 1).sort();
}

describe('convertToMultiStage', () => {
  test('every golden input converts, and each ecosystem has at least two', async () => {
    const counts = new Map<EcosystemId, number>();
    for (const name of goldenCases()) {
      const result = convertText(readFileSync(inputPath(name), 'utf8'), 'file:///w/Dockerfile', await contextOf(name));
      assert.equal(result.kind, 'converted', `${name}: ${result.kind === 'declined' ? result.reason : ''}`);
      counts.set(result.ecosystem, (counts.get(result.ecosystem) ?? 0) + 1);
    }
    const ecosystems: EcosystemId[] = ['go', 'rust', 'node', 'static', 'python', 'maven', 'gradle', 'dotnet', 'native', 'php', 'ruby', 'generic'];
    for (const ecosystem of ecosystems) assert.ok((counts.get(ecosystem) ?? 0) >= 2, `${ecosystem} has ${counts.get(ecosystem) ?? 0} golden inputs`);
  });

  test('a conversion brings in none of our findings its input did not have', async () => {
    // docs/convert.md: PHP's runtime stage installs the extensions' -dev packages again.
    const knownAdded = new Map([
      ['php-single-apache', ['BuildToolsInFinalStage']],
      ['php-single-fpm-alpine', ['BuildToolsInFinalStage']],
      ['php-apache-image-workdir', ['BuildToolsInFinalStage']],
    ]);
    const codes = (text: string) => new Set(lint(modelOf(text)).map((finding) => finding.code));
    for (const name of goldenCases()) {
      const input = readFileSync(inputPath(name), 'utf8');
      const result = convertText(input, 'file:///w/Dockerfile', await contextOf(name));
      assert.equal(result.kind, 'converted', name);
      const before = codes(input);
      const added = [...codes(result.kind === 'converted' ? result.text : '')].filter((code) => !before.has(code));
      assert.deepEqual(added, knownAdded.get(name) ?? [], name);
    }
  });

  test('the golden inputs include the `pip install -r requirements.txt` then `COPY . .` style', () => {
    const flask = readFileSync(inputPath('python-single-flask'), 'utf8');
    assert.match(flask, /RUN pip install -r requirements\.txt\n\nCOPY \. \./);
    assert.ok(existsSync(path.join(convertFixtures, 'python-single-flask', 'expected.Dockerfile')));
  });

  describe('properties over every single-stage fixture', () => {
    const fixtures = singleStageFixtures();
    test('there are single-stage fixtures to check', () => {
      assert.ok(fixtures.length >= 40, `only ${fixtures.length}`);
    });
    for (const file of fixtures) {
      const name = path.relative(fixturesRoot, file);
      test(name, async () => {
        const text = readFileSync(file, 'utf8');
        const result = convertText(text, 'file:///w/Dockerfile', file.includes(`${path.sep}corpus${path.sep}`) ? undefined : await readBuildContext(path.dirname(file)));
        if (result.kind === 'declined') {
          assert.match(result.reason, /\S/);
          return;
        }
        checkProperties(text, result);
        assert.equal(applyEdits(text, [result.edit]), result.text, 'the edit gives the same text');
      });
    }
  });

  test('properties hold after harmless changes: comments, blank lines, metadata, CRLF', () => {
    const inputs = goldenCases().map((name) => readFileSync(inputPath(name), 'utf8'));
    const change = fc.record({
      input: fc.integer({ min: 0, max: inputs.length - 1 }),
      comments: fc.array(fc.tuple(fc.nat(), fc.stringMatching(/^[a-z ]{1,20}$/), fc.boolean()), { maxLength: 4 }),
      metadata: fc.subarray(['LABEL org.example.team="platform"', 'ENV TZ=UTC', 'STOPSIGNAL SIGINT', 'HEALTHCHECK NONE']),
      crlf: fc.boolean(),
    });
    fc.assert(
      fc.property(change, ({ input, comments, metadata, crlf }) => {
        const original = inputs[input];
        const model = modelOf(original);
        const stages = model.stageModel.stages;
        const stage = stages[stages.length - 1];
        const boundaries = stage.instructions.map((instruction) => instruction.getRange().start.line);
        const text = original.replace(/\n$/, '').split('\n');
        // Insert from the bottom up so the line numbers still hold.
        const insertions = comments.map(([at, words, blank]) => ({ line: boundaries[at % boundaries.length], lines: blank ? ['', `# ${words}`] : [`# ${words}`] }));
        for (const insertion of insertions.sort((a, b) => b.line - a.line)) text.splice(insertion.line, 0, ...insertion.lines);
        const changed = [...text, ...metadata].join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
        const expected = convertToMultiStage(model);
        const result = convertText(changed);
        assert.equal(result.kind, expected.kind);
        if (result.kind !== 'converted' || expected.kind !== 'converted') return;
        assert.equal(result.ecosystem, expected.ecosystem);
        assert.equal(result.runtimeImage, expected.runtimeImage);
        checkProperties(changed, result);
      }),
      { numRuns: 150, seed: 20261127 },
    );
  });

  test('Dockerfiles assembled from common instructions convert with the properties, or decline', () => {
    const instruction = fc.constantFrom(
      'WORKDIR /app',
      'WORKDIR src',
      'COPY . .',
      'COPY package.json package-lock.json ./',
      'COPY requirements.txt .',
      'ADD --chown=app . /srv',
      'ARG VERSION=1.0',
      'ENV PORT=8080 MODE=prod',
      'ENV CGO_ENABLED=0',
      'USER app',
      'RUN apt-get update && apt-get install -y build-essential libpq-dev curl',
      'RUN apk add --no-cache build-base git tzdata',
      'RUN npm ci && npm run build',
      'RUN pip install -r requirements.txt',
      'RUN go build -o /out/app ./cmd/app',
      'RUN cargo build --release',
      'RUN make && make install',
      'RUN gcc -o hello hello.c',
      'RUN mvn -B package',
      'RUN dotnet publish -c Release -o /out',
      'RUN bundle install',
      'RUN composer install --no-dev',
      'RUN ./build.sh',
      'RUN <<EOF\nset -e\nmake\nEOF',
      'RUN echo a \\\n  && echo b',
      'EXPOSE 8080',
      'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
      'LABEL a=b',
      'CMD ["/out/app"]',
      'CMD ["node", "dist/index.js"]',
      'CMD ./hello',
      'ENTRYPOINT ["java", "-jar", "target/app.jar"]',
    );
    const image = fc.constantFrom('golang:1.22', 'golang:1.22-alpine3.20', 'node:20', 'node:20-alpine', 'python:3.12', 'rust:1.81', 'gcc:13', 'maven:3.9-eclipse-temurin-21', 'mcr.microsoft.com/dotnet/sdk:8.0', 'ruby:3.3', 'php:8.3-apache', 'debian:bookworm', 'alpine:3.20', 'ubuntu:22.04');
    fc.assert(
      fc.property(image, fc.array(instruction, { maxLength: 12 }), (base, body) => {
        const text = lines(`FROM ${base}`, ...body);
        const result = convertText(text);
        if (result.kind === 'declined') assert.match(result.reason, /\S/);
        else checkProperties(text, result);
      }),
      { numRuns: 300, seed: 4242 },
    );
  });

  describe('declines, and says why', () => {
    const cases: [string, string, RegExp][] = [
      ['an empty file', '', /no FROM/],
      ['a stage that builds nothing', lines('FROM nginx:1.27-alpine', 'COPY site/ /usr/share/nginx/html/'), /builds nothing/],
      ['a multi-stage file whose final stage builds nothing', lines('FROM golang:1.22 AS build', 'RUN go build -o /app .', 'FROM alpine:3.20', 'COPY --from=build /app /app'), /already multi-stage/],
      ['a final stage on another stage', lines('FROM node:20 AS base', 'FROM base', 'RUN npm run build'), /builds on stage 'base'/],
      ['a base image from a variable without a default', lines('ARG IMAGE', 'FROM ${IMAGE}', 'RUN make'), /variables without a default/],
      ['a build image with no runtime image known, that only runs what was built elsewhere', lines('FROM maven:3.9', 'COPY target/app.jar /app.jar', 'CMD ["java", "-jar", "/app.jar"]'), /no runtime image of the same line is known/],
      ['a dev container', lines('FROM mcr.microsoft.com/devcontainers/python:3.12', 'RUN pip install black', 'COPY requirements.txt /tmp/', 'RUN pip install -r /tmp/requirements.txt'), /dev container/],
      ['a builder image', lines('FROM node:20', 'WORKDIR /app', 'ONBUILD COPY . .', 'ONBUILD RUN npm ci && npm run build', 'RUN npm install -g serve'), /builder image/],
      ['an official image definition', lines('FROM buildpack-deps:bookworm', 'ENV GOLANG_VERSION 1.22.5', 'RUN curl -fsSL -o go.tgz "https://go.dev/dl/go$GOLANG_VERSION.linux-amd64.tar.gz" && echo "abc  go.tgz" | sha256sum -c - && tar -C /usr/local -xzf go.tgz && go version', 'ENV PATH /usr/local/go/bin:$PATH', 'CMD ["bash"]'), /image definition/],
      ['a CI helper image', lines('FROM rust:1.81', 'RUN rustup component add clippy rustfmt && cargo install cargo-audit', 'COPY ci/entrypoint.sh /entrypoint.sh', 'ENTRYPOINT ["/entrypoint.sh"]'), /toolchain or CI helper image/],
      ['a container that compiles when it starts', lines('FROM gcc:14', 'WORKDIR /src', 'COPY . .', 'RUN apt-get update && apt-get install -y make', 'CMD ["make", "run"]'), /builds when it starts \(its CMD\/ENTRYPOINT runs make\)/],
      ['a Rails image that starts only a shell', lines('FROM ruby:3.3-alpine', 'RUN apk add --no-cache build-base', 'WORKDIR /app', 'COPY . .', 'RUN bundle install', 'CMD ["bash"]'), /starts only an interactive shell \(bash\)/],
      ['a Go binary named through a variable nothing sets', lines('FROM ubuntu:22.04', 'RUN apt-get update && apt-get install -y golang', 'ENV GOPATH $HOME/go', 'WORKDIR /src', 'COPY . .', 'RUN go build -o $GOPATH/bin/tool .', 'ENTRYPOINT ["tool"]'), /`go build -o \$HOME\/go\/bin\/tool` names the binary with a variable/],
      ['scratch', lines('FROM scratch', 'COPY app /app'), /scratch/],
      ['a Windows stage other than .NET', lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN make', 'WORKDIR C:\\app', 'CMD ["app.exe"]'), /Windows/],
    ];
    for (const [what, text, reason] of cases) {
      test(what, () => {
        const result = convertText(text);
        assert.equal(result.kind, 'declined');
        assert.match(result.reason, reason);
      });
    }
  });

  test('a decline where nothing is built still names and carries the smaller steps: recommends left out, caches cleaned, development dependencies dropped', () => {
    const text = lines('FROM debian:bookworm-slim', 'RUN apt-get update && apt-get install -y python3-pip', 'COPY run.py /run.py', 'RUN pip install requests', 'CMD ["python3", "/run.py"]');
    const result = convertText(text);
    assert.equal(result.kind, 'declined');
    const step = result.kind === 'declined' ? result.smallerStep : undefined;
    assert.equal(step?.title, 'Add --no-install-recommends to apt-get install (line 2); append rm -rf /var/lib/apt/lists/* (line 2); add --no-cache-dir to pip install (line 4)');
    assert.match(result.kind === 'declined' ? result.reason : '', /What still helps: add --no-install-recommends to apt-get install \(line 2\);/);
    assert.equal(
      applyEdits(text, step?.edits ?? []),
      lines('FROM debian:bookworm-slim', 'RUN apt-get update && apt-get install --no-install-recommends -y python3-pip && rm -rf /var/lib/apt/lists/*', 'COPY run.py /run.py', 'RUN pip install --no-cache-dir requests', 'CMD ["python3", "/run.py"]'),
    );
    const node = lines('FROM node:20-slim', 'RUN npm install -g serve', 'COPY package.json .', 'RUN npm install', 'COPY . .', 'CMD ["node", "server.js"]');
    const declined = convertText(node, 'file:///w/Dockerfile', { state: 'read', files: { 'package.json': '{"scripts":{"start":"node server.js"},"devDependencies":{"jest":"29"}}' }, entries: ['package.json', 'server.js'] });
    assert.equal(declined.kind, 'declined');
    assert.match(declined.kind === 'declined' ? (declined.smallerStep?.title ?? '') : '', /Add --omit=dev to npm install \(line 4\)/);
  });

  test('a decline for unused build tools carries the smaller step: removing them where they are installed', () => {
    const apk = lines('FROM node:20-alpine', 'RUN apk add --no-cache g++ make', 'WORKDIR /app', 'COPY server.js .', 'CMD ["node", "server.js"]');
    const result = convertText(apk);
    assert.equal(result.kind, 'declined');
    assert.equal(result.kind === 'declined' && result.smallerStep?.title, 'Remove g++, make in the RUN that installs them');
    assert.match(result.kind === 'declined' ? result.reason : '', /Removing them is enough: remove g\+\+, make in the RUN/);
    const edits = result.kind === 'declined' ? (result.smallerStep?.edits ?? []) : [];
    assert.match(applyEdits(apk, edits), /^RUN apk add --no-cache g\+\+ make && apk del g\+\+ make$/m);
    const exec = convertText(lines('FROM node:20-alpine', 'RUN ["apk", "add", "g++"]', 'WORKDIR /app', 'COPY server.js .', 'CMD ["node", "server.js"]'));
    assert.equal(exec.kind === 'declined' && exec.smallerStep, undefined, 'an exec-form RUN cannot be appended to: no step is offered');
  });

  test('the runtime stage keeps the stage name (for --target) unless it names the build', () => {
    const named = convertText(lines('FROM golang:1.22 AS api', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /api .', 'CMD ["/api"]'));
    assert.equal(named.kind === 'converted' && `${named.buildStage} ${named.runtimeStage}`, 'build api');
    const builder = convertText(lines('from golang:1.22 as builder', 'workdir /src', 'copy . .', 'run go build -o /api .', 'cmd ["/api"]'));
    assert.equal(builder.kind === 'converted' && `${builder.buildStage} ${builder.runtimeStage}`, 'builder runtime');
    assert.match(builder.kind === 'converted' ? builder.text : '', /^from gcr\.io\/distroless\/static-debian12:nonroot as runtime$/m, 'generated FROM and AS follow the file\'s case');
  });

  test('the edit starts at the converted stage, leaving what is above it untouched', () => {
    const text = lines('# syntax=docker/dockerfile:1', 'ARG GO=1.22', '', 'FROM golang:${GO}', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .', 'CMD ["/app"]');
    const result = convertText(text);
    assert.equal(result.kind, 'converted');
    assert.deepEqual(result.edit.range.start, { line: 3, character: 0 });
    assert.ok(result.text.startsWith('# syntax=docker/dockerfile:1\nARG GO=1.22\n\n# Build stage'));
  });
});
