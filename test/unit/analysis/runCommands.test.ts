import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Run } from 'dockerfile-ast';
import { DocumentModel, DocumentModelCache } from '../../../server/src/analysis/documentModel';
import { squeezedTextOf, squeezeText } from '../../../server/src/analysis/instructionFacts';
import {
  analyzeRun,
  isBuildPackage,
  mayConcern,
  type RunAnalysis,
  type RunConcern,
  type RunContext,
} from '../../../server/src/analysis/runCommands';

function analyze(run: string, context: RunContext = {}): RunAnalysis {
  const model = new DocumentModel('file:///t/Dockerfile', 1, `FROM debian\nRUN ${run}\n`);
  return analyzeRun(model, model.dockerfile.getInstructions()[1] as Run, context);
}

const leaks = (analysis: RunAnalysis) => analysis.leftCaches.map((leak) => leak.manager);

describe('package installs', () => {
  test('system package managers, with pins stripped', () => {
    const cases: [string, string, string[]][] = [
      ['apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confold gcc=4:12.2 libpq-dev', 'apt', ['gcc', 'libpq-dev']],
      ['apt install -y curl', 'apt', ['curl']],
      ['apk add --no-cache --virtual .deps musl-dev>1.2 curl', 'apk', ['musl-dev', 'curl']],
      ['yum install -y gcc-c++', 'yum', ['gcc-c++']],
      ['dnf -y install --setopt=tsflags=nodocs python3-devel', 'dnf', ['python3-devel']],
      ['microdnf install -y shadow-utils', 'microdnf', ['shadow-utils']],
      ['zypper --non-interactive in make', 'zypper', ['make']],
    ];
    for (const [run, manager, packages] of cases) {
      const [install] = analyze(run).installs;
      assert.equal(install?.manager, manager, run);
      assert.deepEqual(install.packages, packages, run);
    }
  });

  test('language package managers, from a manifest or by name', () => {
    const cases: [string, string, boolean][] = [
      ['pip install --no-cache-dir -r requirements.txt', 'pip', true],
      ['python3 -m pip install flask', 'pip', false],
      ['npm ci', 'npm', true],
      ['npm install', 'npm', true],
      ['npm install -g typescript', 'npm', false],
      ['yarn', 'yarn', true],
      ['yarn install --frozen-lockfile', 'yarn', true],
      ['pnpm install --frozen-lockfile', 'pnpm', true],
      ['composer install --no-dev', 'composer', true],
      ['bundle install', 'bundler', true],
      ['poetry install --only main', 'poetry', true],
    ];
    for (const [run, manager, fromManifest] of cases) {
      const [install] = analyze(run).installs;
      assert.equal(install?.manager, manager, run);
      assert.equal(install.fromManifest, fromManifest, run);
    }
  });

  test('not installs: apt-get update, pip list, npm run', () => {
    for (const run of ['apt-get update', 'pip list', 'npm run test', 'apk update']) assert.deepEqual(analyze(run).installs, [], run);
  });
});

describe('build steps', () => {
  test('compilers and build tools', () => {
    const cases: [string, string][] = [
      ['CGO_ENABLED=0 go build -o /out/app ./cmd/app', 'go build'],
      ['cargo build --release', 'cargo build'],
      ['mvn -B -DskipTests package', 'mvn package'],
      ['./gradlew --no-daemon bootJar', 'gradle build'],
      ['dotnet publish -c Release -o /app', 'dotnet publish'],
      ['make -j4', 'make'],
      ['cmake -S . -B build', 'cmake'],
      ['gcc -O2 -o hello hello.c', 'gcc'],
      ['npm run build', 'npm run build'],
      ['yarn build', 'yarn run build'],
      ['npx ng build --configuration production', 'npx ng'],
      ['npx vite build', 'npx vite'],
      ['npx webpack --mode production', 'npx webpack'],
      ['npx tsc -p .', 'npx tsc'],
    ];
    for (const [run, tool] of cases) assert.equal(analyze(run).builds[0]?.tool, tool, run);
  });

  test('not builds: go test, npm run lint, cargo --version', () => {
    for (const run of ['go test ./...', 'npm run lint', 'cargo --version', 'yarn test', 'npx prettier --check .', 'npx ng test']) assert.deepEqual(analyze(run).builds, [], run);
  });
});

describe('dependency steps', () => {
  test('name the manifests they read', () => {
    assert.deepEqual(analyze('npm ci').dependencySteps[0].manifests, ['package.json', 'package-lock.json']);
    assert.deepEqual(analyze('pip install -r requirements/prod.txt').dependencySteps[0].manifests, ['requirements/prod.txt']);
    assert.deepEqual(analyze('go mod download').dependencySteps[0].manifests, ['go.mod', 'go.sum']);
    assert.deepEqual(analyze('pip install .').dependencySteps, []);
  });
});

describe('deciding from the words alone', () => {
  /** A RUN's text squeezed, as the image rules judge it. */
  const squeezed = (run: string) => squeezeText(`RUN ${run}`, '\\');
  /** What each part of the analysis finds in a RUN. */
  const found: Record<RunConcern, (analysis: RunAnalysis) => readonly unknown[]> = {
    buildPackages: (analysis) => analysis.keptBuildPackages,
    caches: (analysis) => analysis.leftCaches,
    devDependencies: (analysis) => analysis.devDependencyInstalls,
    dependencySteps: (analysis) => analysis.dependencySteps,
    builds: (analysis) => analysis.builds,
  };
  const concerns = Object.keys(found) as RunConcern[];
  /** Commands every recognizer knows, as they are usually written. */
  const commands = [
    'npm ci', 'npm install', 'pnpm install', 'yarn', 'yarn install --frozen-lockfile', 'yarn workspaces focus',
    'composer install', 'composer.phar install', 'bundle install', 'bundler install', 'poetry install', 'pipenv install',
    'pip install -r requirements.txt', 'pip3.12 install flask', 'python3 -m pip install -r r.txt', 'pip wheel .',
    'go mod download', 'go build ./...', 'cargo fetch', 'cargo build --release', 'dotnet restore', 'dotnet publish',
    'mvn dependency:go-offline', './mvnw package', 'gradle build', './gradlew bootJar', 'make', 'gmake all', 'ninja',
    'cmake -S .', 'meson setup b', './configure', 'gcc -o a a.c', 'g++ a.cc', 'cc a.c', 'clang++-17 a.cc', 'gfortran a.f',
    'rustc a.rs', 'javac A.java', 'tsc', 'npx tsc', 'npm run build', 'yarn build', 'bun run build', 'python setup.py build',
    'apt-get update', 'apt-get install -y gcc', 'apt install -y libpq-dev', 'aptitude install make', 'apk add build-base',
    'yum install -y gcc', 'dnf install -y make', 'microdnf install gcc', 'tdnf install gcc', 'zypper in gcc',
  ];

  test('every recognized command is seen, however its name is split', () => {
    for (const command of commands) {
      const name = command.split(' ')[0];
      const split = `${name[0]}'${name.slice(1, -1)}'\\\n  # a comment\n${name.slice(-1)}${command.slice(name.length)}`;
      for (const written of [command, `sudo ${command}`, `sh -c "${command}"`, split]) {
        const analysis = analyze(`set -e && ${written}`);
        const concerned = concerns.filter((concern) => found[concern](analysis).length > 0);
        assert.ok(concerned.length > 0, written);
        for (const concern of concerned) assert.ok(mayConcern(squeezed(`set -e && ${written}`), concern), `${concern}: ${written}`);
      }
    }
  });

  test('the exec form, whose JSON escapes can spell a name, is always looked at', () => {
    const written = '["\\u006epm", "ci"]';
    assert.equal(analyze(written).dependencySteps[0]?.tool, 'npm ci');
    assert.ok(concerns.every((concern) => mayConcern(squeezed(written), concern)));
  });

  test('RUNs without any of the words are left alone', () => {
    assert.equal(mayConcern(squeezed('mkdir -p /out \\\n && echo done > /out/log'), 'builds'), false);
    assert.equal(mayConcern(squeezed('<<EOF\nset -e\nmake\nEOF'), 'dependencySteps'), false);
    assert.equal(mayConcern(squeezed('make -C /src && cp -r /src/dist/. /out/'), 'caches'), false);
    assert.equal(mayConcern(squeezed('apk add curl'), 'devDependencies'), false);
  });

  test('a part of the analysis never finds anything where its words are missing', () => {
    const piece = fc.constantFrom(...commands, 'n', 'pm', 'p', 'ip', 'ci', ' install', ' update', ' -r r.txt', "'", '"', '\\\n', '\\\n# c\n', ' && ', ';', ' ', 'sudo ', 'env A=1 ', 'sh -c "', '[', ']', '"npm"', 'rm -rf /var/lib/apt/lists/*', ' --no-cache');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const run = pieces.join('');
        const model = new DocumentModel('file:///t/Dockerfile', 1, `FROM debian\nRUN ${run}\n`);
        const instruction = model.dockerfile.getInstructions()[1];
        if (!(instruction instanceof Run)) return;
        const analysis = analyzeRun(model, instruction);
        const text = squeezedTextOf(instruction, model.instructionReads);
        for (const concern of concerns) {
          if (found[concern](analysis).length > 0) assert.ok(mayConcern(text, concern), `${concern}: ${run}`);
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe('caches left in the layer', () => {
  test('apt lists stay unless removed in the same RUN or kept in a cache mount', () => {
    assert.deepEqual(leaks(analyze('apt-get update && apt-get install -y curl')), ['apt']);
    assert.deepEqual(leaks(analyze('apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*')), []);
    assert.deepEqual(leaks(analyze('--mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl')), []);
  });

  test('apk add needs --no-cache', () => {
    assert.deepEqual(leaks(analyze('apk add curl')), ['apk']);
    assert.deepEqual(leaks(analyze('apk add --no-cache curl')), []);
    assert.deepEqual(leaks(analyze('apk add curl && rm -rf /var/cache/apk/*')), []);
  });

  test('pip needs --no-cache-dir, PIP_NO_CACHE_DIR or a cache mount', () => {
    assert.deepEqual(leaks(analyze('pip install flask')), ['pip']);
    assert.deepEqual(leaks(analyze('pip install --no-cache-dir flask')), []);
    assert.deepEqual(leaks(analyze('PIP_NO_CACHE_DIR=1 pip install flask')), []);
    assert.deepEqual(leaks(analyze('pip install flask', { env: { PIP_NO_CACHE_DIR: 'true' } })), []);
    assert.deepEqual(leaks(analyze('pip install flask', { env: { PIP_NO_CACHE_DIR: 'off' } })), ['pip']);
    assert.deepEqual(leaks(analyze('--mount=type=cache,target=/root/.cache/pip pip install flask')), []);
  });

  test('yum and dnf need clean all', () => {
    assert.deepEqual(leaks(analyze('yum install -y gcc')), ['yum']);
    assert.deepEqual(leaks(analyze('dnf install -y gcc && dnf clean all')), []);
  });
});

describe('build packages kept', () => {
  test('recognizes compilers, headers and build systems', () => {
    for (const name of ['build-essential', 'gcc', 'g++-12', 'libpq-dev', 'python3-devel', 'openjdk-17-jdk', 'build-base']) {
      assert.ok(isBuildPackage(name), name);
    }
    for (const name of ['curl', 'ca-certificates', 'libpq5', 'openjdk-17-jre-headless', 'devscripts']) assert.ok(!isBuildPackage(name), name);
  });

  test('packages removed in the same RUN are not kept', () => {
    const names = (run: string) => analyze(run).keptBuildPackages.map((kept) => kept.name);
    assert.deepEqual(names('apt-get install -y gcc libpq-dev curl'), ['gcc', 'libpq-dev']);
    assert.deepEqual(names('apt-get install -y gcc libpq-dev && make && apt-get purge -y gcc libpq-dev'), []);
    assert.deepEqual(names('apk add --virtual .build-deps gcc musl-dev && pip install x && apk del .build-deps'), []);
    assert.deepEqual(
      names('apt-mark auto ".*" > /dev/null; apt-get install -y gcc; apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false'),
      [],
    );
  });
});

describe('development dependencies', () => {
  const dev = (run: string, context: RunContext = {}) => analyze(run, context).devDependencyInstalls.map((install) => install.manager);

  test('manifest installs without a production flag pull dev dependencies', () => {
    assert.deepEqual(dev('npm ci'), ['npm']);
    assert.deepEqual(dev('yarn install'), ['yarn']);
    assert.deepEqual(dev('composer install'), ['composer']);
    assert.deepEqual(dev('bundle install'), ['bundler']);
  });

  test('production flags, NODE_ENV and a prune in the same RUN do not', () => {
    assert.deepEqual(dev('npm ci --omit=dev'), []);
    assert.deepEqual(dev('npm ci --omit dev'), []);
    assert.deepEqual(dev('npm install --production'), []);
    assert.deepEqual(dev('npm ci', { env: { NODE_ENV: 'production' } }), []);
    assert.deepEqual(dev('NODE_ENV=production npm ci'), []);
    assert.deepEqual(dev('yarn install --production'), []);
    assert.deepEqual(dev('pnpm install --prod'), []);
    assert.deepEqual(dev('composer install --no-dev'), []);
    assert.deepEqual(dev('bundle config set --local without "development test" && bundle install'), []);
    assert.deepEqual(dev('npm ci && npm run build && npm prune --omit=dev'), []);
  });
});

describe('analyses across versions', () => {
  const uri = 'file:///t/Dockerfile';
  const text = ['FROM python:3.12', '# comment', 'RUN pip install flask', 'RUN apt-get update && apt-get install -y gcc', ''].join('\n');
  const runsOf = (model: DocumentModel) => model.dockerfile.getInstructions().filter((instruction): instruction is Run => instruction instanceof Run);
  /** The analysis of the model's first RUN by a model of the same text outside any series, apart from the instruction. */
  const analysedAlone = (model: DocumentModel, context: RunContext = {}) => {
    const alone = new DocumentModel(uri, model.version, model.text);
    return { ...analyzeRun(alone, runsOf(alone)[0], context), instruction: undefined };
  };

  test('a later version of an open document reuses the analysis of an unchanged RUN in the same place, for its own instruction', () => {
    const models = new DocumentModelCache();
    const first = models.get(uri, 1, text);
    const before = analyzeRun(first, runsOf(first)[0]);
    const second = models.get(uri, 2, text.replace('# comment', '# comment edited'));
    const after = analyzeRun(second, runsOf(second)[0]);
    assert.equal(after.script, before.script, 'the second version took the first one\'s analysis');
    assert.equal(after.instruction, runsOf(second)[0], 'with its own instruction');
    assert.deepEqual({ ...after, instruction: undefined }, analysedAlone(second));

    const third = models.get(uri, 3, text.replace('flask', 'flask django'));
    const edited = analyzeRun(third, runsOf(third)[0]);
    assert.notEqual(edited.script, before.script, 'an edited RUN is analysed again');
    assert.deepEqual(edited.installs[0].packages, ['flask', 'django']);
  });

  test('the same RUN under other ENV, or in another place, is analysed again', () => {
    const models = new DocumentModelCache();
    const model = models.get(uri, 1, text);
    const run = runsOf(model)[0];
    const withoutCacheSetting = analyzeRun(model, run, { env: {} });
    const withCacheSetting = analyzeRun(model, run, { env: { PIP_NO_CACHE_DIR: '1' } });
    assert.deepEqual(leaks(withoutCacheSetting), ['pip']);
    assert.deepEqual(leaks(withCacheSetting), [], 'PIP_NO_CACHE_DIR from the stage keeps the cache out');
    assert.deepEqual({ ...withCacheSetting, instruction: undefined }, analysedAlone(model, { env: { PIP_NO_CACHE_DIR: '1' } }));

    const moved = models.get(uri, 2, `# a new first line\n${text}`);
    const movedAnalysis = analyzeRun(moved, runsOf(moved)[0], { env: {} });
    assert.notEqual(movedAnalysis.script, withoutCacheSetting.script);
    assert.equal(movedAnalysis.installs[0].command.range.start.line, 3, 'ranges on the new line');
  });
});
