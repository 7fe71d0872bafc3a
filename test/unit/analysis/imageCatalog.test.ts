import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import catalogData from '../../../server/src/analysis/data/images.json';
import { endedLifecycles, lookupImage, renderTemplate, type ImageInfo } from '../../../server/src/analysis/imageCatalog';

function known(image: string): ImageInfo {
  const info = lookupImage(image);
  assert.ok(info.known, `${image} should be in the catalog`);
  return info;
}

describe('lookupImage', () => {
  test('explains each part of a tag', () => {
    const info = known('python:3.12-slim-bookworm');
    assert.equal(info.title, 'Python');
    assert.equal(info.version, '3.12');
    assert.deepEqual(info.distro, { family: 'debian', name: 'Debian', version: '12', codename: 'bookworm' });
    assert.equal(info.libc, 'glibc');
    assert.equal(info.toolchain, false);
    assert.equal(info.tagMeanings.length, 3);
    assert.deepEqual(info.unknownTagWords, []);
  });

  test('alpine tags are musl with the Alpine release', () => {
    const info = known('node:20-alpine3.20');
    assert.equal(info.libc, 'musl');
    assert.equal(info.distro?.version, '3.20');
  });

  test('unknown images and invalid references are unknown, never guessed', () => {
    assert.equal(lookupImage('mycompany/app:1.0').known, false);
    assert.equal(lookupImage('${BASE}').known, false);
  });

  test('unknown tag words are reported, not interpreted', () => {
    assert.deepEqual(known('python:3.12-foo').unknownTagWords, ['foo']);
  });

  test('full language images and compilers are toolchains with a runtime image for the same version', () => {
    const cases: [string, string][] = [
      ['python:3.12', 'python:3.12-slim'],
      ['python:3.11-bookworm', 'python:3.11-slim-bookworm'],
      ['node:20-bookworm', 'node:20-bookworm-slim'],
      ['maven:3.9-eclipse-temurin-21', 'eclipse-temurin:21-jre'],
      ['maven:3.9.6-eclipse-temurin-17-alpine', 'eclipse-temurin:17-jre-alpine'],
      ['gradle:8.10-jdk21', 'eclipse-temurin:21-jre'],
      ['eclipse-temurin:21-jdk', 'eclipse-temurin:21-jre'],
      ['openjdk:17-jdk-slim', 'eclipse-temurin:17-jre'],
      ['golang:1.23-alpine3.20', 'alpine:3.20'],
      ['golang:1.23', 'gcr.io/distroless/static-debian12:nonroot'],
      ['rust:1.80-slim-bookworm', 'debian:bookworm-slim'],
      ['mcr.microsoft.com/dotnet/sdk:8.0.303-bookworm-slim', 'mcr.microsoft.com/dotnet/aspnet:8.0-bookworm-slim'],
      ['cgr.dev/chainguard/python:latest-dev', 'cgr.dev/chainguard/python:latest'],
      // Tags as real files write them: the deprecated openjdk builds, and Java releases without a Temurin JRE (the next LTS runs their jars).
      ['maven:3.6.3-openjdk-8', 'eclipse-temurin:8-jre'],
      ['gradle:jdk14', 'eclipse-temurin:17-jre'],
      ['openjdk:10-jdk', 'eclipse-temurin:11-jre'],
    ];
    for (const [image, runtime] of cases) {
      const info = known(image);
      assert.equal(info.toolchain, true, image);
      assert.equal(info.runtimeImages[0]?.image, runtime, image);
    }
  });

  test('a toolchain whose tag lacks what a runtime image needs gives advice instead of a guess', () => {
    const maven = known('maven:3.9');
    assert.equal(maven.toolchain, true);
    assert.deepEqual(maven.runtimeImages, []);
    assert.match(maven.runtimeAdvice ?? '', /eclipse-temurin/);
    assert.deepEqual(known('rust:1').runtimeImages, []);
  });

  test('runtime variants are not toolchains', () => {
    for (const image of ['python:3.12-slim', 'node:22-alpine', 'eclipse-temurin:21-jre', 'mcr.microsoft.com/dotnet/aspnet:8.0', 'nginx:1.27']) {
      assert.equal(known(image).toolchain, false, image);
    }
  });

  test('default users come from the image and its tag', () => {
    assert.equal(known('gcr.io/distroless/static-debian12:nonroot').defaultUser, 'nonroot');
    assert.equal(known('gcr.io/distroless/static-debian12').defaultUser, 'root');
    assert.equal(known('gcr.io/distroless/static-debian12').nonRootTag, 'nonroot');
    assert.equal(known('gcr.io/distroless/base-debian12:debug').nonRootTag, 'debug-nonroot');
    assert.equal(known('mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled').defaultUser, 'nonroot');
    assert.equal(known('nginxinc/nginx-unprivileged:1.27').defaultUser, 'nonroot');
    assert.equal(known('scratch').defaultUser, 'none');
    assert.equal(known('node:20').defaultUser, 'root');
  });

  test('end of life by runtime version and by distribution release', () => {
    const info = known('python:3.8-slim-buster');
    assert.deepEqual(
      info.lifecycle.map((end) => [end.subject, end.endOfLife]),
      [
        ['Python 3.8', '2024-10-07'],
        ['Debian 10 (buster)', '2024-06-30'],
      ],
    );
    assert.deepEqual(known('node:16.20.2').lifecycle.map((end) => end.endOfLife), ['2023-09-11']);
    assert.deepEqual(known('golang:1.21').lifecycle.map((end) => end.endOfLife), ['2024-08-13']);
    assert.deepEqual(known('alpine:3.18.4').lifecycle.map((end) => end.endOfLife), ['2025-05-09']);
    assert.deepEqual(known('ubuntu:18.04').lifecycle.map((end) => end.subject), ['Ubuntu 18.04 (bionic)']);
    assert.deepEqual(known('mcr.microsoft.com/dotnet/aspnet:6.0').lifecycle.map((end) => end.endOfLife), ['2024-11-12']);
    assert.deepEqual(known('python:2.7').lifecycle.map((end) => end.subject), ['Python 2.7']);
    assert.deepEqual(known('maven:3.9-eclipse-temurin-22').lifecycle.map((end) => end.subject), ['Java 22']);
    assert.deepEqual(known('gcr.io/distroless/static-debian11').lifecycle.map((end) => end.subject), ['Debian 11 (bullseye)']);
  });

  test('a floating tag has no version end of life', () => {
    assert.deepEqual(known('python:3').lifecycle, []);
    assert.deepEqual(known('node:lts').lifecycle, []);
  });

  test('endedLifecycles compares with the given date', () => {
    const info = known('node:18');
    assert.equal(endedLifecycles(info, new Date('2025-04-29T12:00:00Z')).length, 0);
    assert.equal(endedLifecycles(info, new Date('2025-04-30T12:00:00Z')).length, 1);
  });

  test('the deprecated openjdk repository says so', () => {
    assert.ok(known('openjdk:21').deprecation);
    assert.equal(known('eclipse-temurin:21').deprecation, undefined);
  });
});

describe('renderTemplate', () => {
  test('drops optional groups without values and fails on missing required values', () => {
    assert.equal(renderTemplate('python:[{version}-]slim[-{codename}]', { version: '3.12' }), 'python:3.12-slim');
    assert.equal(renderTemplate('python:[{version}-]slim[-{codename}]', {}), 'python:slim');
    assert.equal(renderTemplate('debian:{codename}-slim', {}), undefined);
  });
});

describe('images.json', () => {
  const data = catalogData as unknown as {
    asOf: string;
    lifecycles: Record<string, { source: string; asOf: string; releases: { endOfLife: string; source?: string }[] }>;
    images: { names: string[]; namePrefix?: string; page: string; sources: string[]; asOf: string; runtime?: { image: string }[] }[];
  };
  const isoDate = /^\d{4}-\d{2}-\d{2}$/;

  test('every image entry has a page, sources and a date', () => {
    for (const image of data.images) {
      const label = image.names[0] ?? image.namePrefix;
      assert.ok(image.names.length > 0 || image.namePrefix, 'an entry must name what it matches');
      assert.match(image.page, /^https:\/\//, label);
      assert.ok(image.sources.length > 0 && image.sources.every((source) => source.startsWith('https://')), label);
      assert.match(image.asOf, isoDate, label);
    }
  });

  test('every lifecycle date is a real date with a source', () => {
    for (const [name, table] of Object.entries(data.lifecycles)) {
      assert.match(table.source, /^https:\/\//, name);
      assert.match(table.asOf, isoDate, name);
      for (const release of table.releases) {
        assert.match(release.endOfLife, isoDate, name);
        assert.ok(!Number.isNaN(Date.parse(release.endOfLife)), `${name} ${release.endOfLife}`);
      }
    }
  });

  test('runtime templates only use placeholders the catalog fills in', () => {
    const known = new Set(['version', 'minor', 'jdk', 'jre', 'codename', 'alpine', 'suffix', 'repository']);
    for (const image of data.images) {
      for (const runtime of image.runtime ?? []) {
        for (const [, name] of runtime.image.matchAll(/\{(\w+)\}/g)) assert.ok(known.has(name), `${runtime.image}: {${name}}`);
      }
    }
  });

  test('the common base images are all covered', () => {
    for (const image of [
      'alpine', 'debian', 'ubuntu', 'busybox', 'scratch', 'gcr.io/distroless/static-debian12', 'gcr.io/distroless/base-debian12',
      'gcr.io/distroless/cc-debian12', 'gcr.io/distroless/java17-debian12', 'gcr.io/distroless/nodejs20-debian12',
      'gcr.io/distroless/python3-debian12', 'cgr.dev/chainguard/static', 'python', 'node', 'golang', 'rust', 'eclipse-temurin',
      'openjdk', 'maven', 'gradle', 'mcr.microsoft.com/dotnet/sdk', 'mcr.microsoft.com/dotnet/aspnet',
      'mcr.microsoft.com/dotnet/runtime', 'nginx', 'nginxinc/nginx-unprivileged', 'httpd', 'php', 'ruby', 'gcc',
    ]) {
      assert.ok(lookupImage(image).known, image);
    }
  });
});
