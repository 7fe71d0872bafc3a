// Package-manager forms hadolint knows, read by our cache and image-size rules: hadolint's own
// DL3009, DL3019, DL3032, DL3040 and DL3042 cases (test/Hadolint/Rule/DL30xxSpec.hs), with a FROM
// line where hadolint's have none, each also as ONBUILD RUN (hadolint's onBuildRuleCatches), and
// dnf/yum/microdnf aliases and caches.
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
      assert.equal(fires('FROM fedora:40', `RUN ${run} && ${run.split(' ')[0]} clean all`), false, run);
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

/** hadolint's cases as [RUN line, whether the cache stays in the image]; each holds for ONBUILD RUN too. */
const hadolintCacheCases: Readonly<Record<string, readonly (readonly [string, boolean])[]>> = {
  'DL3019 (apk --no-cache)': [
    ['RUN apk add flex=2.6.4-r1', true],
    ['RUN apk add --no-cache flex=2.6.4-r1', false],
    ['RUN --mount=type=cache,target=/var/cache/apk apk add -U curl=7.77.0', false],
    ['RUN --mount=type=cache,target=/var/cache/foo apk add --no-cache -U curl=7.77.0', false],
    ['RUN --mount=type=cache,target=/var/cache/foo apk add -U curl=7.77.0', true],
  ],
  'DL3032 (yum clean all)': [
    ['RUN yum install -y mariadb-10.4', true],
    ['RUN yum install -y mariadb-10.4 && yum clean all', false],
    ['RUN bash -c `# not even a yum command`', false],
  ],
  'DL3040 (dnf clean all)': [
    ['RUN dnf install -y mariadb-10.4', true],
    ['RUN microdnf install -y mariadb-10.4', true],
    ['RUN dnf install -y mariadb-10.4 && microdnf clean all', true],
    ['RUN dnf install -y mariadb-10.4 && dnf clean all', false],
    ['RUN microdnf install -y mariadb-10.4 && microdnf clean all', false],
    ['RUN notdnf install mariadb', false],
    ['RUN microdnf install -y mariadb-10.4 && rm -rf /var/cache/yum/*', false],
    ['RUN microdnf clean all && dnf install -y mariadb-10.4', true],
  ],
  'DL3042 (pip --no-cache-dir)': [
    ...['pip2', 'pip3', 'pip'].map((pip) => [`RUN ${pip} install MySQL_python`, true] as const),
    ['RUN pip2 install MySQL_python --no-cache-dir', false],
    ['RUN pip3 install --no-cache-dir MySQL_python', false],
    ['RUN pip install MySQL_python --no-cache-dir', false],
    ['RUN pipx install software', false],
    ['RUN pipenv install library', false],
    ...['1', 'on', 'yes', 'true'].flatMap((value) => [
      [`RUN PIP_NO_CACHE_DIR=${value} pip install MySQL_python`, false] as const,
      [`RUN export PIP_NO_CACHE_DIR=${value} && pip install MySQL_python`, false] as const,
    ]),
    ...['0', 'off', 'no', 'false'].flatMap((value) => [
      [`RUN PIP_NO_CACHE_DIR=${value} pip install MySQL_python`, true] as const,
      [`RUN export PIP_NO_CACHE_DIR=${value} && pip install MySQL_python`, true] as const,
    ]),
  ],
};

describe("hadolint's cache cases for apk, yum, dnf, microdnf and pip", () => {
  for (const [rule, cases] of Object.entries(hadolintCacheCases)) {
    test(rule, () => {
      for (const [run, leaksCache] of cases) {
        assert.equal(fires('FROM fedora:40', run), leaksCache, run);
        assert.equal(fires('FROM fedora:40', run.replace(/^RUN/, 'ONBUILD RUN')), leaksCache, `ONBUILD ${run}`);
      }
    });
  }

  test('DL3042: PIP_NO_CACHE_DIR set by ENV, in the stage or one it builds on', () => {
    for (const value of ['1', 'on', 'yes', 'true']) assert.equal(fires('FROM python:3.12', `ENV PIP_NO_CACHE_DIR=${value}`, 'RUN pip install MySQL_python'), false, value);
    for (const value of ['0', 'off', 'no', 'false']) assert.equal(fires('FROM python:3.12', `ENV PIP_NO_CACHE_DIR=${value}`, 'RUN pip install MySQL_python'), true, value);
    assert.equal(fires('FROM debian:12 AS base', 'ENV PIP_NO_CACHE_DIR=1', 'FROM base', 'RUN pip install six'), false);
    assert.equal(fires('FROM debian:12 AS base', 'ENV PIP_NO_CACHE_DIR=1', 'FROM debian:12', 'RUN pip install six'), true);
  });

  test('DL3040: deleting /var/cache/yum after dnf leaves dnf\'s own cache, unlike hadolint', () => {
    // dnf keeps its metadata in /var/cache/dnf (dnf5: /var/cache/libdnf5); only microdnf and yum use /var/cache/yum.
    assert.equal(fires('FROM fedora:40', 'RUN dnf install -y mariadb-10.4 && rm -rf /var/cache/yum/*'), true);
    assert.equal(fires('FROM fedora:40', 'RUN dnf install -y mariadb-10.4 && rm -rf /var/cache/dnf/*'), false);
  });
});
