import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { imageHover } from '../../../../server/src/analysis/hover/imageHover';
import { today } from './positions';

const noEntry = 'The image catalog of Dockerfile Stages has no entry for this image.';

describe('image hover', () => {
  test('every image family the catalog promises is known', () => {
    for (const image of [
      'alpine:3.22',
      'debian:bookworm-slim',
      'ubuntu:24.04',
      'busybox:1.37',
      'scratch',
      'gcr.io/distroless/static-debian12',
      'gcr.io/distroless/base-debian12',
      'gcr.io/distroless/cc-debian12',
      'gcr.io/distroless/java21-debian12',
      'gcr.io/distroless/nodejs22-debian12',
      'gcr.io/distroless/python3-debian12',
      'cgr.dev/chainguard/static:latest',
      'python:3.13',
      'node:22',
      'golang:1.25',
      'rust:1.85',
      'eclipse-temurin:21-jre',
      'openjdk:21',
      'maven:3.9-eclipse-temurin-21',
      'gradle:8.10-jdk21',
      'mcr.microsoft.com/dotnet/sdk:8.0',
      'mcr.microsoft.com/dotnet/aspnet:8.0',
      'mcr.microsoft.com/dotnet/runtime:8.0',
      'nginx:1.27',
      'httpd:2.4',
      'php:8.3-fpm',
      'ruby:3.3',
      'gcc:14',
    ]) {
      const text = imageHover(image, today);
      assert.ok(!text.includes(noEntry), `${image} is in the catalog`);
      assert.match(text, /\[Registry page\]\(https:\/\//, `${image} links its registry page`);
      assert.match(text, /checked \d{4}-\d{2}-\d{2}/, `${image} says when its facts were checked`);
    }
  });

  test('a build image: what its tag means and the runtime image for the final stage', () => {
    const text = imageHover('python:3.12-bookworm', today);
    assert.ok(text.startsWith('**Python** `python:3.12-bookworm` · language runtime'), text);
    assert.ok(text.includes('- Python 3.12'), text);
    assert.ok(text.includes('Debian 12 (bookworm)'), text);
    assert.ok(text.includes('**Build image**'), text);
    assert.ok(text.includes('`python:3.12-slim-bookworm`: same Python on Debian slim'), text);
    assert.ok(text.includes('Python 3.12 supported until 2028-10-31'), text);
    assert.ok(text.includes('[Registry page](https://hub.docker.com/_/python)'), text);
  });

  test('a tag past its end of life says so with the date; the same tag before that date does not', () => {
    const text = imageHover('python:3.8-slim', today);
    assert.ok(text.includes('⚠️ **End of life**: Python 3.8 since 2024-10-07'), text);
    assert.ok(text.includes('slim: only the packages needed to run'), text);
    assert.ok(!text.includes('**Build image**'), 'slim is a runtime variant');
    const earlier = imageHover('python:3.8-slim', new Date('2024-01-01T00:00:00Z'));
    assert.ok(earlier.includes('Python 3.8 supported until 2024-10-07'), earlier);
    assert.ok(!earlier.includes('End of life'), earlier);
  });

  test('JDK and JRE, SDK and runtime', () => {
    const jdk = imageHover('eclipse-temurin:21-jdk', today);
    assert.ok(jdk.includes('full JDK: compiler (javac) and tools'), jdk);
    assert.ok(jdk.includes('`eclipse-temurin:21-jre`'), jdk);
    const jre = imageHover('eclipse-temurin:21-jre-alpine', today);
    assert.ok(jre.includes('JRE only'), jre);
    assert.ok(jre.includes('musl libc'), jre);
    assert.ok(!jre.includes('**Build image**'), jre);
    const sdk = imageHover('mcr.microsoft.com/dotnet/sdk:8.0', today);
    assert.ok(sdk.includes('`mcr.microsoft.com/dotnet/aspnet:8.0`: for ASP.NET Core apps'), sdk);
    assert.ok(sdk.includes('`mcr.microsoft.com/dotnet/runtime:8.0`: for console apps'), sdk);
  });

  test('distroless and Chainguard images', () => {
    const distroless = imageHover('gcr.io/distroless/static-debian12:nonroot', today);
    assert.ok(distroless.includes('**Distroless static**'), distroless);
    assert.ok(distroless.includes('Debian 12 (bookworm), no C library'), distroless);
    assert.ok(distroless.includes('Runs as a non-root user by default'), distroless);
    const rootful = imageHover('gcr.io/distroless/static-debian12', today);
    assert.ok(rootful.includes('Non-root variant: `gcr.io/distroless/static-debian12:nonroot`'), rootful);
    const chainguard = imageHover('cgr.dev/chainguard/node:latest-dev', today);
    assert.ok(chainguard.includes('**Build image**'), chainguard);
    assert.ok(chainguard.includes('`cgr.dev/chainguard/node:latest`'), chainguard);
  });

  test('a deprecated repository, scratch, a missing tag and a digest', () => {
    assert.ok(imageHover('openjdk:17', today).includes('⚠️ **Deprecated**'));
    const scratch = imageHover('scratch', today);
    assert.ok(scratch.includes('The empty image'), scratch);
    assert.ok(!scratch.includes('No tag'), 'scratch has no tags');
    assert.ok(imageHover('node', today).includes('No tag, so Docker pulls `latest`'));
    const pinned = imageHover(`alpine@sha256:${'a'.repeat(64)}`, today);
    assert.ok(pinned.includes('Pinned by digest'), pinned);
  });

  test('an unknown image gets only what its reference says, never a claim about its content', () => {
    const text = imageHover('myorg/api:2.1', today);
    assert.ok(text.includes(noEntry), text);
    assert.ok(text.includes('Registry: `docker.io` (Docker Hub)'), text);
    assert.ok(text.includes('Repository: `myorg/api`'), text);
    assert.ok(text.includes('Tag: `2.1`'), text);
    assert.ok(text.includes('[Registry page](https://hub.docker.com/r/myorg/api)'), text);
    for (const claim of ['Runs as', 'End of life', 'supported until', 'Build image', 'Distribution', 'libc']) {
      assert.ok(!text.includes(claim), `no "${claim}" for an unknown image`);
    }
    const ghcr = imageHover('ghcr.io/acme/tool:1', today);
    assert.ok(!ghcr.includes('Registry page'), 'no guessed page for a registry whose page address is unknown');
    assert.ok(imageHover('quay.io/acme/tool:1', today).includes('[Registry page](https://quay.io/repository/acme/tool)'));
  });

  test('text that is no image reference is said to be unreadable', () => {
    const text = imageHover('Not:A:Reference', today);
    assert.ok(text.includes('cannot read this as an image reference'), text);
  });
});
