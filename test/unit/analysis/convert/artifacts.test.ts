import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appFolder, buildCommands, buildCopiesSources, outputOption, programArtifacts, runsConditionally } from '../../../../server/src/analysis/convert/artifacts';
import { stageFacts } from '../../../../server/src/analysis/convert/stageFacts';
import { parseShellScript } from '../../../../server/src/analysis/shell';
import { lines, modelOf } from '../../helpers';

function factsOf(text: string) {
  const model = modelOf(text);
  return stageFacts(model, model.stageModel.stages[0]);
}

describe('artifacts', () => {
  test('a build command after `||`, inside an if, or after a test may not run', () => {
    const conditional = (run: string) => {
      const facts = factsOf(lines('FROM gcc:13', 'WORKDIR /src', run));
      return buildCommands(facts).map(({ command, instruction }) => `${command.argv[command.argv.length - 1]}:${runsConditionally(command, instruction)}`);
    };
    assert.deepEqual(conditional('RUN gcc -o a a.c && (gcc -o b b.c || true)'), ['a.c:false', 'b.c:true']);
    assert.deepEqual(conditional('RUN gcc -o a a.c \\\n    || echo skipped'), ['a.c:true']);
    assert.deepEqual(conditional('RUN if [ "$(uname -m)" = x86_64 ]; then gcc -o a a.c; fi && gcc -o b b.c'), ['a.c:true', 'b.c:false']);
    assert.deepEqual(conditional('RUN [ "$TARGETARCH" = amd64 ] && gcc -o a a.c'), ['a.c:true']);
  });

  test('reads -o in its spellings', () => {
    for (const script of ['go build -o /out/app .', 'go build -o=/out/app .', 'gcc -o/out/app main.c', 'dotnet publish --output /out/app']) {
      assert.equal(outputOption(parseShellScript(script)[0]), '/out/app', script);
    }
  });

  test('copies the program CMD names by path, or by name onto the PATH', () => {
    const byPath = factsOf(lines('FROM gcc:13', 'WORKDIR /src', 'COPY . .', 'RUN make', 'CMD ["./build/app"]'));
    assert.deepEqual(programArtifacts(byPath, []), [{ source: '/src/build/app', destination: '/src/build/app' }]);
    const byName = factsOf(lines('FROM rust:1.81', 'WORKDIR /src', 'COPY . .', 'RUN cargo install --path .', 'CMD ["tool"]'));
    assert.deepEqual(programArtifacts(byName, [{ path: '/usr/local/cargo/bin', folder: true }]), [{ source: '/usr/local/cargo/bin/tool', destination: '/usr/local/bin/tool' }]);
  });

  test('a program run by an interpreter is not the artifact', () => {
    const facts = factsOf(lines('FROM node:20', 'WORKDIR /app', 'RUN npm ci', 'CMD ["node", "index.js"]'));
    assert.deepEqual(programArtifacts(facts, []), []);
  });

  test('the app folder, and whether the build copied more than manifests into it', () => {
    const manifests = factsOf(lines('FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt ./', 'RUN pip install -r requirements.txt', 'COPY . .'));
    assert.equal(appFolder(manifests), '/app');
    assert.ok(!buildCopiesSources(manifests, (instruction) => instruction.position <= manifests.lastBuildPosition));
    const sources = factsOf(lines('FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN pip install -r requirements.txt'));
    assert.ok(buildCopiesSources(sources, () => true));
  });
});
