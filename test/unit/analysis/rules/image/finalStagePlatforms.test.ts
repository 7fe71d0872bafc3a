import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../../../../../server/src/analysis/lint';
import { defaultPlatforms, parsePlatform, type Platform } from '../../../../../server/src/analysis/platforms';
import { buildImageInFinalStage, packageCacheInFinalStage, rootUserInFinalStage } from '../../../../../server/src/analysis/rules/image/finalStage';
import { lines, modelOf, rangeText } from '../../../helpers';

const text = lines(
  'FROM debian:bookworm-slim AS runtime-amd64',
  'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*',
  'FROM debian:bookworm-slim AS runtime-arm64',
  'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates',
  'FROM runtime-$TARGETARCH',
  'COPY app /app',
);

function cacheFindings(platforms: readonly Platform[]): number[] {
  return lint(modelOf(text), { rules: [packageCacheInFinalStage], platforms }).map((finding) => finding.range.start.line + 1);
}

describe('final-stage rules judge what ships on each configured platform', () => {
  test('the arm64 runtime ships on linux/arm64, so its apt lists are reported there', () => {
    assert.deepEqual(cacheFindings([parsePlatform('linux/amd64') as Platform, parsePlatform('linux/arm64') as Platform]), [4]);
  });

  test('built for linux/amd64 only, the arm64 runtime never ships and is not judged as final', () => {
    assert.deepEqual(cacheFindings([parsePlatform('linux/amd64') as Platform]), []);
  });
});

const platformsOf = (...names: string[]): Platform[] => names.map((name) => parsePlatform(name) as Platform);

/** A file in the shape of Docker's own projects: the last stage picks its base by TARGETOS. */
const byTargetOs = lines(
  'FROM golang:1.23 AS binaries-windows',
  'RUN go build -o /out/app.exe .',
  'FROM alpine:3.20 AS binaries-linux',
  'USER app',
  'FROM binaries-$TARGETOS AS binaries',
);

describe('final-stage rules judge each shipped image and say for which builds', () => {
  test('BuildImageInFinalStage judges the image shipped on each platform and says which one', () => {
    const model = modelOf(byTargetOs);
    const context = { platforms: platformsOf('linux/amd64', 'windows/amd64') };
    const findings = buildImageInFinalStage.check(model, context);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /^The final stage \(on windows\/amd64\) runs on `golang:1\.23` \(through stage `binaries-windows`\)/);
    assert.equal(rangeText(byTargetOs, findings[0]), 'binaries-$TARGETOS');
    // Judged for Linux alone, what ships is the alpine stage.
    assert.deepEqual(buildImageInFinalStage.check(model, { platforms: platformsOf('linux/amd64', 'linux/arm64') }), []);
  });

  test('a verdict that holds on every platform is reported once, without a platform', () => {
    const text = lines('FROM golang:1.23 AS binaries-linux', 'FROM alpine AS binaries-windows', 'FROM binaries-$TARGETOS AS binaries');
    const findings = buildImageInFinalStage.check(modelOf(text), { platforms: defaultPlatforms });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /^The final stage runs on `golang:1\.23`/);
  });

  test('an architecture pick reports each toolchain stage once, with the platforms it ships on', () => {
    const text = lines('FROM golang:1.23 AS base-amd64', 'FROM rust:1.80 AS base-arm64', 'FROM gcr.io/distroless/static AS base-arm', 'FROM base-${TARGETARCH}');
    const findings = buildImageInFinalStage.check(modelOf(text), { platforms: platformsOf('linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm/v6') });
    assert.deepEqual(
      findings.map((finding) => /^The final stage \(([^)]*)\) runs on `([^`]*)`/.exec(finding.message)?.slice(1)),
      [
        ['on linux/amd64', 'golang:1.23'],
        ['on linux/arm64', 'rust:1.80'],
      ],
    );
  });

  test('RootUserInFinalStage judges the USER of the chain each platform ships', () => {
    const model = modelOf(byTargetOs);
    const both = rootUserInFinalStage.check(model, { platforms: platformsOf('linux/amd64', 'windows/amd64') });
    assert.equal(both.length, 1);
    assert.match(both[0].message, /^The final stage \(on windows\/amd64\) sets no USER: `golang:1\.23` runs as root by default/);
    // On Linux the alpine stage sets USER app.
    assert.deepEqual(rootUserInFinalStage.check(model, { platforms: defaultPlatforms }), []);
  });

  test('RootUserInFinalStage names the --build-arg value that ships a root image', () => {
    const text = lines('ARG VARIANT=slim', 'FROM debian:12-slim AS runtime-slim', 'USER app', 'FROM debian:12 AS runtime-full', 'FROM runtime-${VARIANT}');
    const findings = rootUserInFinalStage.check(modelOf(text), { platforms: defaultPlatforms });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /^The final stage \(with --build-arg VARIANT=full\) sets no USER: `debian:12`/);
  });
});

/** A Dockerfile whose `dev` stage a Compose file builds besides its last stage. */
const withDevTarget = lines(
  'FROM golang:1.23 AS dev',
  'RUN go build -o /out/app .',
  'FROM alpine:3.20 AS runtime',
  'COPY --from=dev /out/app /app',
  'USER app',
);
const composeBuildsDev = [{ target: 'dev', file: '/work/project/compose.yaml', range: { start: { line: 4, character: 14 }, end: { line: 4, character: 17 } } }];

describe('final-stage rules judge the targets workspace builds name, and say which', () => {
  test('BuildImageInFinalStage judges the dev target a Compose file builds and names it and the file', () => {
    const model = modelOf(withDevTarget);
    assert.deepEqual(buildImageInFinalStage.check(model, { platforms: defaultPlatforms }), []);
    const findings = buildImageInFinalStage.check(model, { platforms: defaultPlatforms, builtElsewhere: composeBuildsDev });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /^The final stage \(of target `dev`, built by compose\.yaml\) runs on `golang:1\.23`/);
    assert.equal(rangeText(withDevTarget, findings[0]), 'golang:1.23');
  });

  test('RootUserInFinalStage reports the built target that runs as root, not the last stage that has USER', () => {
    const findings = rootUserInFinalStage.check(modelOf(withDevTarget), { platforms: defaultPlatforms, builtElsewhere: composeBuildsDev });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /of target `dev`, built by compose\.yaml/);
  });

  test('a build of the last stage adds no target to judge', () => {
    const buildsLast = [{ ...composeBuildsDev[0], target: undefined }];
    assert.deepEqual(rootUserInFinalStage.check(modelOf(withDevTarget), { platforms: defaultPlatforms, builtElsewhere: buildsLast }), []);
  });
});
