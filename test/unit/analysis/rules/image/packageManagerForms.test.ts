// Package-manager forms hadolint knows, read by our cache and image-size rules: hadolint's own
// DL3009 cases (test/Hadolint/Rule/DL3009Spec.hs), with a FROM line where hadolint's have none,
// ONBUILD RUN as a RUN of the images built on this one, and dnf/yum/microdnf aliases and caches.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildToolsInFinalStage, packageCacheInFinalStage } from '../../../../../server/src/analysis/rules/image/finalStage';
import { check, lines } from '../../../helpers';

const leaks = (...text: string[]) => check(packageCacheInFinalStage, lines(...text)).map((finding) => finding.message);
const fires = (...text: string[]) => leaks(...text).length > 0;

describe("hadolint's DL3009 cases: apt lists and archives", () => {
  test('no cleanup fires; the same as ONBUILD RUN fires, saying where it ships', () => {
    assert.equal(fires('FROM scratch', 'RUN apt-get update && apt-get install python'), true);
    const onbuild = leaks('FROM scratch', 'ONBUILD RUN apt-get update && apt-get install python');
    assert.equal(onbuild.length, 1);
    assert.match(onbuild[0], /every image built FROM this one \(ONBUILD RUN\)/);
  });

  test('a stage the final one does not use is fine, but its ONBUILD RUN is not', () => {
    assert.equal(fires('FROM ubuntu:24.04 AS foo', 'RUN apt-get update && apt-get install python', 'FROM scratch', 'RUN echo hey!'), false);
    assert.equal(fires('FROM ubuntu:24.04 AS foo', 'ONBUILD RUN apt-get update && apt-get install python', 'FROM scratch', 'RUN echo hey!'), true);
  });

  test('a stage the final stage builds on ships its lists', () => {
    assert.equal(fires('FROM ubuntu:24.04 AS foo', 'RUN apt-get update && apt-get install python', 'FROM foo', 'RUN hey!'), true);
    assert.equal(fires('FROM ubuntu:24.04 AS foo', 'RUN apt-get update && apt-get install python && rm -rf /var/lib/apt/lists/*', 'FROM foo', 'RUN hey!'), false);
  });

  test('a cache mount on the lists is fine', () => {
    assert.equal(fires('FROM ubuntu:24.04', 'RUN --mount=type=cache,target=/var/lib/apt/lists \\', '    apt-get update && apt-get install python'), false);
  });

  test('docker-clean removed with cache mounts on both apt folders is fine, in the same RUN or an earlier one', () => {
    assert.equal(
      fires('FROM ubuntu:24.04', 'RUN --mount=type=cache,target=/var/lib/apt \\', '    --mount=type=cache,target=/var/cache/apt \\', '    rm -f /etc/apt/apt.conf.d/docker-clean && \\', '    apt-get update && apt-get install python'),
      false,
    );
    assert.equal(
      fires('FROM ubuntu:24.04', 'RUN rm -f /etc/apt/apt.conf.d/docker-clean', 'RUN --mount=type=cache,target=/var/cache/apt \\', '    --mount=type=cache,target=/var/lib/apt \\', '    apt-get update && apt-get install foo'),
      false,
    );
  });

  test('docker-clean removed with a cache mount on only one of them fires', () => {
    assert.equal(fires('FROM ubuntu:24.04', 'RUN --mount=type=cache,target=/var/cache/apt \\', '    rm -f /etc/apt/apt.conf.d/docker-clean && \\', '    apt-get update && apt-get install python'), true);
    const archives = leaks('FROM ubuntu:24.04', 'RUN rm -f /etc/apt/apt.conf.d/docker-clean', 'RUN --mount=type=cache,target=/var/lib/apt \\', '    apt-get update && apt-get install python');
    assert.equal(archives.length, 1);
    assert.match(archives[0], /\/var\/cache\/apt\/archives .*`apt-get clean`/);
  });

  test('a clean-up before the install does not clean what the install writes', () => {
    assert.equal(fires('FROM ubuntu:24.04', 'RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl'), true);
    assert.equal(fires('FROM fedora:40', 'RUN dnf clean all && dnf install -y jq'), true);
    assert.equal(fires('FROM alpine:3.20', 'RUN rm -rf /var/cache/apk/* && apk add curl'), true);
  });

  test('aptitude is apt', () => {
    assert.equal(fires('FROM debian:12', 'RUN aptitude update && aptitude install -y curl'), true);
    assert.equal(fires('FROM debian:12', 'RUN aptitude update && aptitude install -y curl && rm -rf /var/lib/apt/lists/*'), false);
    assert.equal(check(buildToolsInFinalStage, lines('FROM debian:12 AS assets', 'RUN true', 'FROM debian:12', 'COPY --from=assets / /assets', 'RUN aptitude install -y gcc')).length, 1);
  });
});

describe('dnf, yum and microdnf forms (hadolint DL3032, DL3040)', () => {
  test('subcommand aliases download metadata too', () => {
    for (const run of ['dnf in -y jq', 'dnf up -y', 'microdnf rei -y curl', 'dnf upgrade-minimal -y', 'yum update -y', 'dnf reinstall -y jq']) {
      assert.equal(fires('FROM fedora:40', `RUN ${run}`), true, run);
      assert.equal(fires('FROM fedora:40', `RUN ${run} && dnf clean all`), false, run);
    }
  });

  test('a cache mount on /var/cache/dnf or /var/cache/libdnf5 keeps the metadata out', () => {
    assert.equal(fires('FROM fedora:41', 'RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y make'), false);
    assert.equal(fires('FROM fedora:40', 'RUN --mount=type=cache,target=/var/cache/dnf dnf install -y make'), false);
    assert.equal(fires('FROM fedora:41', 'RUN dnf install -y make && rm -rf /var/cache/libdnf5'), false);
  });

  test('build tools installed with an alias are build tools', () => {
    assert.equal(check(buildToolsInFinalStage, lines('FROM fedora:40 AS assets', 'RUN true', 'FROM fedora:40', 'COPY --from=assets /etc/hostname /h', 'RUN dnf in -y gcc && dnf clean all')).length, 1);
  });
});
