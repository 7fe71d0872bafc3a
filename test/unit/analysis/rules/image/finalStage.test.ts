import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildImageInFinalStage,
  buildToolsInFinalStage,
  devDependenciesInFinalStage,
  packageCacheInFinalStage,
  rootUserInFinalStage,
  singleStageBuild,
} from '../../../../../server/src/analysis/rules/image/finalStage';
import { applyFix, check, lines, rangeText } from '../../../helpers';

describe('SingleStageBuild', () => {
  test('fires on a single stage that compiles, on its FROM line', () => {
    const text = lines('FROM golang:1.23', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .', 'CMD ["/app"]');
    const findings = check(singleStageBuild, text);
    assert.equal(findings.length, 1);
    assert.equal(rangeText(text, findings[0]), 'FROM golang:1.23');
    assert.match(findings[0].message, /`go build`, line 4/);
    assert.equal(findings[0].fixes, undefined);
  });

  test('fires on a single stage that keeps build packages', () => {
    const findings = check(singleStageBuild, lines('FROM python:3.12-slim', 'RUN apt-get update && apt-get install -y gcc libpq-dev && rm -rf /var/lib/apt/lists/*'));
    assert.match(findings[0]?.message ?? '', /`gcc`, `libpq-dev`/);
  });

  test('names what the final-stage rules would report on it: dev dependencies, build tools, the build image', () => {
    const node = check(singleStageBuild, lines('FROM node:20', 'COPY . .', 'RUN npm install', 'RUN npm run build', 'CMD ["node", "dist/server.js"]'));
    assert.equal(singleStageBuild.defaultSeverity, 'warning');
    assert.match(node[0].message, /it also ships development dependencies \(`npm install`, line 3\) and the build image `node:20` \(/);
    const go = check(singleStageBuild, lines('FROM debian:12-slim', 'RUN apt-get update && apt-get install -y gcc', 'RUN gcc -o /app main.c'));
    assert.match(go[0].message, /it also ships build tools \(`gcc`\)/);
    const plain = check(singleStageBuild, lines('FROM alpine:3.22', 'RUN apk add --no-cache gcc musl-dev'));
    assert.doesNotMatch(plain[0].message, /also ships/);
  });

  test('does not fire on multi-stage builds, runtime-only stages or build deps removed in the same RUN', () => {
    assert.deepEqual(check(singleStageBuild, lines('FROM golang:1.22 AS build', 'RUN go build -o /app', 'FROM scratch', 'COPY --from=build /app /app')), []);
    assert.deepEqual(check(singleStageBuild, lines('FROM alpine:3.20', 'RUN apk add --no-cache curl')), []);
    assert.deepEqual(
      check(singleStageBuild, lines('FROM python:3.12-alpine', 'RUN apk add --no-cache --virtual .deps gcc musl-dev && pip install --no-cache-dir psycopg && apk del .deps')),
      [],
    );
  });
});

describe('BuildImageInFinalStage', () => {
  test('fires on a toolchain final stage and switches to the runtime image keeping the version', () => {
    const text = lines('FROM alpine:3.20 AS assets', 'RUN echo hi > /x', 'FROM maven:3.9-eclipse-temurin-21', 'COPY target/app.jar /app.jar', 'CMD ["java", "-jar", "/app.jar"]');
    const [finding] = check(buildImageInFinalStage, text);
    assert.equal(rangeText(text, finding), 'maven:3.9-eclipse-temurin-21');
    assert.match(finding.message, /`eclipse-temurin:21-jre`/);
    assert.equal(applyFix(text, finding), text.replace('maven:3.9-eclipse-temurin-21', 'eclipse-temurin:21-jre'));
  });

  test('offers aspnet and runtime for the .NET SDK', () => {
    const text = lines('FROM alpine AS x', 'FROM mcr.microsoft.com/dotnet/sdk:8.0', 'COPY out /app');
    const [finding] = check(buildImageInFinalStage, text);
    assert.deepEqual(finding.fixes?.map((fix) => fix.edits[0].newText), ['mcr.microsoft.com/dotnet/aspnet:8.0', 'mcr.microsoft.com/dotnet/runtime:8.0']);
  });

  test('explains without a fix when the final stage builds or the tag lacks the Java version', () => {
    const builds = check(buildImageInFinalStage, lines('FROM node:20-slim AS web', 'FROM golang:1.23', 'RUN go build -o /app'));
    assert.equal(builds.length, 1);
    assert.deepEqual(builds[0].fixes, []);
    const maven = check(buildImageInFinalStage, lines('FROM alpine AS x', 'FROM maven:3.9'));
    assert.deepEqual(maven[0].fixes, []);
    assert.match(maven[0].message, /eclipse-temurin:<Java version of the build>-jre/);
  });

  test('does not fire on runtime images, a golang build stage with a scratch final stage, or single stages (SingleStageBuild reports those)', () => {
    assert.deepEqual(check(buildImageInFinalStage, lines('FROM golang:1.22 AS build', 'RUN go build -o /app', 'FROM scratch', 'COPY --from=build /app /app')), []);
    assert.deepEqual(check(buildImageInFinalStage, lines('FROM node:20 AS build', 'FROM node:20-slim')), []);
    assert.deepEqual(check(buildImageInFinalStage, lines('FROM golang:1.22', 'RUN go build -o /app')), []);
  });
});

describe('BuildToolsInFinalStage', () => {
  test('fires on build packages installed in the final stage', () => {
    const text = lines('FROM golang:1.23 AS build', 'FROM debian:bookworm-slim', 'RUN apt-get update && apt-get install -y build-essential libssl-dev ca-certificates && rm -rf /var/lib/apt/lists/*');
    const [finding] = check(buildToolsInFinalStage, text);
    assert.match(finding.message, /`build-essential`, `libssl-dev` are build tools/);
    assert.equal(rangeText(text, finding), 'apt-get install -y build-essential libssl-dev ca-certificates');
  });

  test('does not fire in a build stage, or when the RUN removes them again', () => {
    assert.deepEqual(check(buildToolsInFinalStage, lines('FROM debian:12 AS build', 'RUN apt-get install -y gcc', 'FROM debian:12-slim', 'COPY --from=build /x /x')), []);
    assert.deepEqual(
      check(buildToolsInFinalStage, lines('FROM alpine AS a', 'FROM python:3.12-alpine', 'RUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install x && apk del .build-deps')),
      [],
    );
  });

  test('looks into the stages the final stage is built on', () => {
    const findings = check(buildToolsInFinalStage, lines('FROM debian:12 AS base', 'RUN apt-get install -y gcc', 'FROM alpine AS other', 'FROM base'));
    assert.equal(findings.length, 1);
  });
});

describe('DevDependenciesInFinalStage', () => {
  test('fires on npm ci in the final stage and adds --omit=dev', () => {
    const text = lines('FROM node:20 AS build', 'RUN npm ci && npm run build', 'FROM node:20-slim', 'COPY package*.json ./', 'RUN npm ci', 'COPY --from=build /dist ./dist');
    const [finding] = check(devDependenciesInFinalStage, text);
    assert.equal(rangeText(text, finding), 'npm ci');
    assert.equal(applyFix(text, finding), text.replace('RUN npm ci\n', 'RUN npm ci --omit=dev\n'));
  });

  test('without a fix when the stage builds with the dev dependencies afterwards', () => {
    const findings = check(devDependenciesInFinalStage, lines('FROM alpine AS a', 'FROM node:20-slim', 'RUN npm ci', 'RUN npm run build'));
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
    assert.match(findings[0].message, /build in an earlier stage/);
  });

  test('does not fire with --omit=dev, NODE_ENV=production, in a build stage, or for a single stage', () => {
    assert.deepEqual(check(devDependenciesInFinalStage, lines('FROM node:20 AS build', 'RUN npm ci', 'FROM node:20-slim', 'RUN npm ci --omit=dev')), []);
    assert.deepEqual(check(devDependenciesInFinalStage, lines('FROM alpine AS a', 'FROM node:20-slim', 'ENV NODE_ENV=production', 'RUN npm ci')), []);
    assert.deepEqual(check(devDependenciesInFinalStage, lines('FROM node:20-slim', 'RUN npm ci && npm run build')), []);
  });
});

describe('PackageCacheInFinalStage', () => {
  test('apk add without --no-cache, with a fix', () => {
    const text = lines('FROM alpine:3.20', 'RUN apk add curl');
    const [finding] = check(packageCacheInFinalStage, text);
    assert.equal(applyFix(text, finding), lines('FROM alpine:3.20', 'RUN apk add --no-cache curl'));
  });

  test('pip install without --no-cache-dir, with a fix', () => {
    const text = lines('FROM python:3.12-slim', 'RUN pip install -r requirements.txt');
    assert.equal(applyFix(text, check(packageCacheInFinalStage, text)[0]), lines('FROM python:3.12-slim', 'RUN pip install --no-cache-dir -r requirements.txt'));
  });

  test('apt lists left behind; the fix appends the cleanup at the end of the RUN', () => {
    const text = lines('FROM debian:12-slim', 'RUN apt-get update && \\', '    apt-get install -y curl # tools');
    const [finding] = check(packageCacheInFinalStage, text);
    assert.equal(rangeText(text, finding), 'apt-get update');
    assert.equal(applyFix(text, finding), lines('FROM debian:12-slim', 'RUN apt-get update && \\', '    apt-get install -y curl && rm -rf /var/lib/apt/lists/* # tools'));
  });

  test('no append fix when the RUN ends in a compound command', () => {
    const [finding] = check(packageCacheInFinalStage, lines('FROM debian:12', 'RUN apt-get update; if true; then apt-get install -y x; fi'));
    assert.deepEqual(finding.fixes, []);
  });

  test('does not fire for caches in a build stage, apk --no-cache, removed apt lists or a cache mount', () => {
    assert.deepEqual(check(packageCacheInFinalStage, lines('FROM debian:12 AS build', 'RUN apt-get update && apt-get install -y gcc', 'FROM scratch')), []);
    assert.deepEqual(check(packageCacheInFinalStage, lines('FROM alpine:3.20', 'RUN apk add --no-cache curl')), []);
    assert.deepEqual(check(packageCacheInFinalStage, lines('FROM debian:12', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*')), []);
    assert.deepEqual(check(packageCacheInFinalStage, lines('FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install flask')), []);
  });

  test('counts a stage the final stage copies whole', () => {
    const findings = check(packageCacheInFinalStage, lines('FROM alpine AS rootfs', 'RUN apk add curl', 'FROM scratch', 'COPY --from=rootfs / /'));
    assert.equal(findings.length, 1);
  });
});

describe('RootUserInFinalStage', () => {
  test('fires when no USER is set on an image that defaults to root', () => {
    const text = lines('FROM golang:1.22 AS build', 'FROM debian:12-slim', 'CMD ["/app"]');
    const [finding] = check(rootUserInFinalStage, text);
    assert.equal(rangeText(text, finding), 'debian:12-slim');
    assert.match(finding.message, /runs as root by default/);
  });

  test('fires on USER root as the last USER', () => {
    const text = lines('FROM node:20-slim', 'USER node', 'RUN npm ci', 'USER root');
    const [finding] = check(rootUserInFinalStage, text);
    assert.equal(rangeText(text, finding), 'USER root');
  });

  test('switches distroless to its nonroot tag', () => {
    const text = lines('FROM golang:1.22 AS build', 'FROM gcr.io/distroless/static-debian12', 'COPY --from=build /app /app');
    assert.equal(applyFix(text, check(rootUserInFinalStage, text)[0]), text.replace('static-debian12', 'static-debian12:nonroot'));
  });

  test('does not fire with a non-root USER, distroless nonroot, scratch, or a USER set in the base stage', () => {
    assert.deepEqual(check(rootUserInFinalStage, lines('FROM node:20-slim', 'USER node')), []);
    assert.deepEqual(check(rootUserInFinalStage, lines('FROM golang:1.22 AS build', 'FROM gcr.io/distroless/static-debian12:nonroot')), []);
    assert.deepEqual(check(rootUserInFinalStage, lines('FROM golang:1.22 AS build', 'FROM scratch', 'COPY --from=build /app /app')), []);
    assert.deepEqual(check(rootUserInFinalStage, lines('FROM debian:12 AS base', 'USER 1000:1000', 'FROM base')), []);
    assert.deepEqual(check(rootUserInFinalStage, lines('FROM debian:12', 'USER $APP_USER')), []);
  });
});
