// The build-file parsers: what each kind of file builds, and where it writes the target and the Dockerfile.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bakeHclBuilds, bakeJsonBuilds } from '../../../../server/src/analysis/builds/bake';
import { commandLineBuilds } from '../../../../server/src/analysis/builds/commandLine';
import { buildFileKind, buildsInFile } from '../../../../server/src/analysis/builds/index';
import { LinePositions } from '../../../../server/src/analysis/positions';
import type { BuildValue, WrittenBuild } from '../../../../server/src/analysis/builds/types';
import { composeBuilds, devcontainerBuilds, withoutJsonComments, workflowBuilds } from '../../../../server/src/analysis/builds/yamlBuilds';

/** The text a value's range covers: the range must point at the value itself. */
function textAt(text: string, value: BuildValue | undefined): string | undefined {
  if (!value) return undefined;
  const lines = text.split('\n');
  assert.equal(value.range.start.line, value.range.end.line, 'a value stays on one line');
  return lines[value.range.start.line].slice(value.range.start.character, value.range.end.character);
}

/** Each build as `name context dockerfile target`, with the target and Dockerfile read back through their ranges. */
function summary(text: string, builds: readonly WrittenBuild[]): string[] {
  return builds.map((build) => {
    assert.equal(textAt(text, build.target), build.target?.value);
    assert.equal(textAt(text, build.dockerfile), build.dockerfile?.value);
    return [build.name, build.context ?? '-', build.dockerfile?.value ?? '-', build.target?.value ?? '-'].join(' ');
  });
}

describe('buildFileKind', () => {
  test('knows each tool by the names it reads', () => {
    assert.equal(buildFileKind('/w/compose.yaml'), 'compose');
    assert.equal(buildFileKind('/w/docker-compose.prod.yml'), 'compose');
    assert.equal(buildFileKind('/w/docker-bake.hcl'), 'bake');
    assert.equal(buildFileKind('/w/docker-bake.override.json'), 'bake');
    assert.equal(buildFileKind('/w/.devcontainer/devcontainer.json'), 'devcontainer');
    assert.equal(buildFileKind('/w/.devcontainer.json'), 'devcontainer');
    assert.equal(buildFileKind('/w/.github/workflows/ci.yaml'), 'workflow');
    assert.equal(buildFileKind('/w/Makefile'), 'script');
    assert.equal(buildFileKind('/w/scripts/release.sh'), 'script');
    assert.equal(buildFileKind('/w/config.yaml'), undefined);
    assert.equal(buildFileKind('/w/.github/dependabot.yml'), undefined);
    assert.equal(buildFileKind('/w/Dockerfile.sh'), undefined, 'a Dockerfile stays a Dockerfile');
    assert.equal(buildFileKind('/w/build.sh.dockerfile'), undefined);
  });
});

describe('composeBuilds', () => {
  test('reads a build map and a build context string, and skips inline Dockerfiles', () => {
    const text = [
      'services:',
      '  app:',
      '    build:',
      '      context: ./api',
      '      dockerfile: docker/Dockerfile',
      '      target: "dev"',
      '  web:',
      '    build: ./web',
      '  inline:',
      '    build:',
      '      dockerfile_inline: FROM alpine',
      '  db:',
      '    image: postgres',
    ].join('\n');
    assert.deepEqual(summary(text, composeBuilds(text)), ['app ./api docker/Dockerfile dev', 'web ./web - -']);
  });

  test('reads nothing from a file that is not YAML or has no services', () => {
    assert.deepEqual(composeBuilds('services: [\n'), []);
    assert.deepEqual(composeBuilds('version: "3"\n'), []);
  });
});

describe('bakeHclBuilds', () => {
  test('fills in what targets inherit, keeping the range where each value is written', () => {
    const text = [
      'target "_common" {',
      '  dockerfile = "build/Dockerfile"',
      '  target = "base"',
      '}',
      'target "app" {',
      '  inherits = ["_common"]',
      '  target = "runtime"',
      '}',
      'target "lint" {',
      '  inherits = ["_common"]',
      '}',
      'group "default" { targets = ["app"] }',
    ].join('\n');
    const builds = bakeHclBuilds(text);
    assert.deepEqual(summary(text, builds), ['_common - build/Dockerfile base', 'app - build/Dockerfile runtime', 'lint - build/Dockerfile base']);
    assert.equal(builds[2].target?.range.start.line, 2, "lint's target is the one _common writes");
  });

  test('survives an inheritance cycle and a syntax error', () => {
    const text = 'target "a" {\n  inherits = ["b"]\n  target = "x"\n}\ntarget "b" {\n  inherits = ["a"]\n}\ntarget "c" {\n  target = \n';
    assert.deepEqual(summary(text, bakeHclBuilds(text)).slice(0, 2), ['a - - x', 'b - - x']);
  });

  test('keeps a target built from a variable as written', () => {
    const text = 'target "app" {\n  target = "${STAGE}"\n}\n';
    assert.deepEqual(summary(text, bakeHclBuilds(text)), ['app - - ${STAGE}']);
  });
});

describe('bakeJsonBuilds', () => {
  test('reads targets and their inheritance from JSON', () => {
    const text = '{\n  "target": {\n    "base": { "context": "src", "dockerfile": "Dockerfile.api" },\n    "api": { "inherits": ["base"], "target": "prod" }\n  }\n}\n';
    assert.deepEqual(summary(text, bakeJsonBuilds(text)), ['base src Dockerfile.api -', 'api src Dockerfile.api prod']);
  });
});

describe('devcontainerBuilds', () => {
  test('reads JSON with comments and trailing commas, and the older dockerFile property', () => {
    const text = '{\n  // comment with a "quote\n  "build": {\n    "dockerfile": "Dockerfile", /* block */\n    "target": "dev",\n  },\n}\n';
    assert.deepEqual(summary(text, devcontainerBuilds(text)), ['devcontainer - Dockerfile dev']);
    const older = '{ "dockerFile": "../Dockerfile", "context": ".." }';
    assert.deepEqual(summary(older, devcontainerBuilds(older)), ['devcontainer .. ../Dockerfile -']);
  });

  test('blanks comments without moving anything, and keeps slashes inside strings', () => {
    const text = '{"url": "http://x//y", // note\n "a": 1 /* b */}';
    const blanked = withoutJsonComments(text);
    assert.equal(blanked.length, text.length);
    assert.equal(JSON.parse(blanked).url, 'http://x//y');
  });

  test('keeps escaped quotes inside strings, and a string left open ends with its line', () => {
    assert.equal(withoutJsonComments('"a\\"b" // c\n/* d */x'), '"a\\"b"     \n       x');
    assert.equal(withoutJsonComments('"open\n// x\n"b"'), '"open\n    \n"b"');
    assert.equal(withoutJsonComments('/* never closed\n"x"'), '               \n   ');
  });
});

describe('workflowBuilds', () => {
  test('reads build-push-action inputs and docker build lines in run steps', () => {
    const text = [
      'jobs:',
      '  build:',
      '    steps:',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          file: docker/Dockerfile',
      '          target: release',
      '      - run: |',
      '          echo start',
      '          docker buildx build \\',
      '            --target=test --file docker/Dockerfile .',
      '      - uses: actions/checkout@v4',
    ].join('\n');
    assert.deepEqual(summary(text, workflowBuilds(text)), ['docker/build-push-action@v6 - docker/Dockerfile release', 'docker build . docker/Dockerfile test']);
  });
});

describe('commandLineBuilds', () => {
  const read = (text: string): string[] => summary(text, commandLineBuilds(text, new LinePositions(text)));

  test('reads -f, --file=, --target and the context among other flags', () => {
    assert.deepEqual(read('docker build -t app:1 --build-arg A=1 -f ci/Dockerfile --target prod ctx'), ['docker build ctx ci/Dockerfile prod']);
    assert.deepEqual(read('docker image build --pull --file="Dockerfile.dev" --target=dev .'), ['docker build . Dockerfile.dev dev']);
    assert.deepEqual(read("docker build -fci/Dockerfile --target 'x' ."), ['docker build . ci/Dockerfile x']);
    assert.deepEqual(read('\tdocker build -t $(IMAGE):$(TAG) --target ${STAGE} $(CONTEXT)'), ['docker build $(CONTEXT) - ${STAGE}']);
  });

  test('stops at the end of the command, and finds every command', () => {
    assert.deepEqual(read('docker build . && docker run --target x\ndocker buildx build --target a sub; echo --target b'), ['docker build . - -', 'docker build sub - a']);
  });

  test('ignores words that only look like the command', () => {
    assert.deepEqual(read('my-docker build --target x .\ndocker builder prune'), []);
  });
});

describe('buildsInFile', () => {
  test('resolves Compose paths from the context and script paths from the folder it runs in', () => {
    const compose = buildsInFile('/w/compose.yaml', 'services:\n  a:\n    build:\n      context: api\n      dockerfile: Dockerfile.dev\n');
    assert.deepEqual(compose.map((build) => [build.context, build.dockerfile]), [['/w/api', '/w/api/Dockerfile.dev']]);
    const script = buildsInFile('/w/scripts/build.sh', 'docker build -f docker/Dockerfile ..\ndocker build ../api\n');
    assert.deepEqual(script.map((build) => [build.context, build.dockerfile]), [['/w', '/w/scripts/docker/Dockerfile'], ['/w/api', '/w/api/Dockerfile']]);
  });

  test('resolves a workflow from the repository root, and leaves out builds it cannot place', () => {
    const workflow = buildsInFile('/w/.github/workflows/ci.yml', 'jobs:\n  a:\n    steps:\n      - uses: docker/build-push-action@v5\n        with:\n          context: app\n');
    assert.deepEqual(workflow.map((build) => build.dockerfile), ['/w/app/Dockerfile']);
    const unplaced = buildsInFile('/w/build.sh', 'docker build -f $DOCKERFILE .\ndocker build https://github.com/x/y.git\ndocker build - < Dockerfile\n');
    assert.deepEqual(unplaced, []);
  });
});
