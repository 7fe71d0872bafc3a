import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BuildContext } from '../../server/src/analysis/convert/context';
import { convertToMultiStage } from '../../server/src/analysis/convert/index';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { lines, runCli, workspace } from './helpers';

const goApp = lines('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /usr/local/bin/app .', 'CMD ["app"]');
const servesOnly = lines('FROM nginx:1.27-alpine', 'COPY public/ /usr/share/nginx/html/');
const scriptOnUbuntu = lines('FROM ubuntu:24.04', 'RUN apt-get update && apt-get install -y python3', 'COPY run.py /run.py', 'CMD ["python3", "/run.py"]');

/** The context of a folder holding a Dockerfile and nothing else. */
const onlyDockerfile: BuildContext = { state: 'read', files: {}, entries: ['Dockerfile'] };

const rustApp = lines('FROM rust:1.81', 'WORKDIR /app', 'COPY . .', 'CMD ["cargo", "run", "--release"]');

/** A Cargo package whose binary reads `config.toml`, with its Dockerfile in `docker/`, and `more` files. */
function rustProject(more: Record<string, string> = {}): ReturnType<typeof workspace> {
  return workspace({
    'docker/Dockerfile': rustApp,
    'Cargo.toml': lines('[package]', 'name = "ledger"', 'version = "0.1.0"'),
    'config.toml': 'port = 8000\n',
    'src/main.rs': 'fn main() {}\n',
    ...more,
  });
}

function converted(text: string, context: BuildContext = onlyDockerfile): string {
  const result = convertToMultiStage(new DocumentModel('file:///t/Dockerfile', 0, text), context);
  assert.equal(result.kind, 'converted');
  return result.text;
}

describe('dockerfile-stages convert', () => {
  let files: ReturnType<typeof workspace>;
  before(() => {
    files = workspace({
      'api/Dockerfile': goApp,
      'site/Dockerfile': servesOnly,
      'script/Dockerfile': scriptOnUbuntu,
      'write/Dockerfile': goApp,
      'crlf/Dockerfile': goApp.replace(/\n/g, '\r\n'),
      'two/Dockerfile': goApp,
      'two/Containerfile': goApp,
    });
  });
  after(() => files.remove());
  const run = (args: string[], input?: string) => runCli(['convert', ...args], { cwd: files.root, input });
  const read = (file: string) => readFileSync(path.join(files.root, file), 'utf8');

  test('prints the conversion the editor applies, from a file, a folder or standard input', () => {
    for (const args of [['api/Dockerfile'], ['api']]) {
      const result = run(args);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, converted(goApp));
      assert.equal(result.stderr, '');
    }
    const piped = run(['-'], goApp);
    assert.equal(piped.status, 0);
    assert.equal(piped.stdout, converted(goApp, { state: 'none', files: {}, entries: [] }));
    assert.match(piped.stderr, /no build context: from the Dockerfile alone; pass --context DIR/);
    assert.equal(read('api/Dockerfile'), goApp, 'printing leaves the file alone');
  });

  test('--write rewrites the file, keeps its line endings, and a second run has nothing to convert', () => {
    const written = run(['--write', 'write/Dockerfile']);
    assert.equal(written.status, 0, written.stderr);
    assert.equal(written.stdout, '');
    assert.match(written.stderr, /write\/Dockerfile: converted \(Go\): stage 'build' builds on golang:1\.22, stage 'runtime' runs on gcr\.io\/distroless\/static-debian12:nonroot$/m);
    assert.equal(read('write/Dockerfile'), converted(goApp));

    const again = run(['-w', 'write/Dockerfile']);
    assert.equal(again.status, 3);
    assert.match(again.stderr, /already multi-stage/);
    assert.equal(read('write/Dockerfile'), converted(goApp));

    assert.equal(run(['--write', 'crlf/Dockerfile']).status, 0);
    assert.equal(read('crlf/Dockerfile'), converted(goApp).replace(/\n/g, '\r\n'));
  });

  test('exits 3 with the reason on stderr when nothing is built, and changes nothing', () => {
    for (const args of [['site/Dockerfile'], ['--write', 'site/Dockerfile']]) {
      const result = run(args);
      assert.equal(result.status, 3);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^dockerfile-stages: site\/Dockerfile: Nothing to convert: the stage builds nothing/);
    }
    assert.equal(read('site/Dockerfile'), servesOnly);
  });

  test('a decline names the smaller step that still helps, and --write leaves it to the editor', () => {
    const result = run(['--write', 'script/Dockerfile']);
    assert.equal(result.status, 3);
    assert.match(
      result.stderr,
      /Nothing to convert: .* What still helps: add --no-install-recommends to apt-get install \(line 2\); append rm -rf \/var\/lib\/apt\/lists\/\* \(line 2\), which the editor offers as a code action\.\n$/,
    );
    assert.equal(read('script/Dockerfile'), scriptOnUbuntu);
  });

  test('--context reads the project files of another folder: the binary `cargo run` builds, and the files it reads', () => {
    const rust = rustProject();
    try {
      const alone = runCli(['convert', 'docker/Dockerfile'], { cwd: rust.root });
      assert.equal(alone.status, 3, 'the folder of the Dockerfile holds no Cargo.toml');
      assert.match(alone.stderr, /Cargo\.toml/);
      const withContext = runCli(['convert', '--context', '.', 'docker/Dockerfile'], { cwd: rust.root });
      assert.equal(withContext.status, 0, withContext.stderr);
      assert.match(withContext.stdout, /^COPY --from=build \/app\/target\/release\/ledger \/usr\/local\/bin\/ledger$/m);
      assert.match(withContext.stdout, /^COPY --from=build \/app\/config\.toml \/app\/config\.toml$/m);
      assert.match(withContext.stdout, /^CMD \["ledger"\]$/m);
      const missing = runCli(['convert', '--context', 'nowhere', 'docker/Dockerfile'], { cwd: rust.root });
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /--context nowhere: not a folder/);
    } finally {
      rust.remove();
    }
  });

  test('the Dockerfile\'s own <Dockerfile>.dockerignore comes before the context\'s, as in a build, with --context or without', () => {
    const rust = rustProject({ '.dockerignore': 'target/\n', Dockerfile: rustApp });
    const copiesConfig = /^COPY --from=build \/app\/config\.toml \/app\/config\.toml$/m;
    try {
      for (const args of [['--context', '.', 'docker/Dockerfile'], ['Dockerfile']]) {
        const before = runCli(['convert', ...args], { cwd: rust.root });
        assert.equal(before.status, 0, before.stderr);
        assert.match(before.stdout, copiesConfig, `${args.join(' ')}: the context's .dockerignore sends config.toml`);
      }
      writeFileSync(path.join(rust.root, 'docker', 'Dockerfile.dockerignore'), 'config.toml\n');
      writeFileSync(path.join(rust.root, 'Dockerfile.dockerignore'), 'config.toml\n');
      for (const args of [['--context', '.', 'docker/Dockerfile'], ['Dockerfile']]) {
        const after = runCli(['convert', ...args], { cwd: rust.root });
        assert.equal(after.status, 0, after.stderr);
        assert.doesNotMatch(after.stdout, copiesConfig, `${args.join(' ')}: the Dockerfile's own ignore file leaves config.toml out`);
      }
    } finally {
      rust.remove();
    }
  });

  test('usage and I/O problems exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['missing/Dockerfile'], /missing\/Dockerfile: no such file or directory/],
      [['two'], /convert takes one Dockerfile, and this folder holds 2/],
      [['--write', '-'], /--write needs a file/],
      [[], /missing required argument 'path'/],
    ];
    for (const [args, message] of cases) {
      const result = run(args, goApp);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    }
  });
});
