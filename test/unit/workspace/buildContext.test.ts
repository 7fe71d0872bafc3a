// The workspace reader: what it reads from a build context folder, and what it never opens.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { convertToMultiStage } from '../../../server/src/analysis/convert';
import { DocumentModel } from '../../../server/src/analysis/documentModel';
import { BuildContextReader, readBuildContext } from '../../../server/src/workspace/buildContext';

function folderWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'build-context-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** Runs `check` on a temporary folder holding `files`, then removes the folder. */
async function inFolder(files: Record<string, string>, check: (root: string) => Promise<void>): Promise<void> {
  const root = folderWith(files);
  try {
    await check(root);
  } finally {
    rmSync(root, { recursive: true });
  }
}

describe('readBuildContext', () => {
  test('reads the project files in the root, lists the root and the folders of binaries and commands', async () => {
    const files = {
      'Cargo.toml': '[package]\nname = "app"\n',
      'requirements-prod.txt': 'flask\n',
      'Api.csproj': '<Project />',
      'package-lock.json': '{"lockfileVersion": 3}',
      'src/bin/worker.rs': 'fn main() {}',
      'cmd/api/main.go': 'package main',
      'static/site.css': 'body {}',
    };
    await inFolder(files, async (root) => {
      const context = await readBuildContext(root);
      assert.equal(context.state, 'read');
      assert.deepEqual(Object.keys(context.files).sort(), ['Api.csproj', 'Cargo.toml', 'requirements-prod.txt']);
      assert.deepEqual([...context.entries].sort(), ['Api.csproj', 'Cargo.toml', 'cmd/', 'cmd/api/', 'package-lock.json', 'requirements-prod.txt', 'src/', 'src/bin/worker.rs', 'static/']);
    });
  });

  test('never opens node_modules, target or .git, nor a file it does not need, nor one behind a link, nor a large one', async () => {
    const files = {
      'node_modules/pg/package.json': '{}',
      'target/release/app': 'binary',
      '.git/config': '[core]',
      'main.go': 'package main',
      'elsewhere/go.mod': 'module secret\n',
      'pom.xml': `<project>${' '.repeat(300 * 1024)}</project>`,
    };
    await inFolder(files, async (root) => {
      symlinkSync(path.join(root, 'elsewhere', 'go.mod'), path.join(root, 'go.mod'));
      const context = await readBuildContext(root);
      assert.deepEqual(context.files, {}, 'go.mod is a link, pom.xml too large, main.go no project file');
      assert.ok(context.entries.every((entry) => !entry.slice(0, -1).includes('/')), 'nothing inside node_modules, target or .git is listed');
    });
  });

  test('reads the manifests of the members the root names, bounded, inside the context only', async () => {
    const members = Array.from({ length: 20 }, (_, index) => `"m${index}"`).join(', ');
    const files: Record<string, string> = {
      'Cargo.toml': '[workspace]\nmembers = [\n  "crates/*", # every crate\n  "../outside",\n  "/etc",\n  "linked",\n]\n',
      'crates/api/Cargo.toml': '[package]\nname = "api"\n',
      'crates/api/src/main.rs': 'fn main() {}',
      'crates/api/target/release/api': 'binary',
      'outside/Cargo.toml': '[package]\nname = "outside"\n',
      'pom.xml': `<project><modules><module>web</module><module>\${env.HOME}</module></modules></project>`,
      'web/pom.xml': '<project><artifactId>web</artifactId></project>',
      'settings.gradle': `include ${members}\n`,
      'm0/build.gradle': 'plugins {}',
      'm19/build.gradle': 'plugins {}',
    };
    await inFolder(files, async (root) => {
      symlinkSync(path.join(root, 'outside'), path.join(root, 'linked'));
      const context = await readBuildContext(root);
      assert.deepEqual(Object.keys(context.files).sort(), ['Cargo.toml', 'crates/api/Cargo.toml', 'm0/build.gradle', 'pom.xml', 'settings.gradle', 'web/pom.xml']);
      assert.ok(context.entries.includes('crates/api/src/main.rs'), 'a crate member lists its src folder, to know it has a main.rs');
      assert.ok(!context.entries.some((entry) => entry.includes('target')), 'nothing in a member is listed but its src folder');
    });
  });

  test('a missing folder is an empty context', async () => {
    const missing = path.join(tmpdir(), 'no-such-build-context');
    assert.deepEqual(await readBuildContext(missing), { state: 'read', files: {}, entries: [] });
    assert.deepEqual(await readBuildContext(missing, path.join(missing, 'Dockerfile')), { state: 'read', files: {}, entries: [] });
  });
});

describe('readBuildContext: the ignore file', () => {
  test('<Dockerfile>.dockerignore next to the Dockerfile comes first, then the context\'s .dockerignore', async () => {
    await inFolder({ '.dockerignore': 'target\n', 'Dockerfile.dockerignore': 'node_modules\n', 'docker/Dockerfile': 'FROM scratch\n' }, async (root) => {
      const own = await readBuildContext(root, path.join(root, 'Dockerfile'));
      assert.equal(own.dockerignore, 'node_modules\n');
      assert.equal(own.files['.dockerignore'], undefined, 'one ignore file, the one the build applies, for the rules and the conversion');
      assert.equal((await readBuildContext(root, path.join(root, 'docker', 'Dockerfile'))).dockerignore, 'target\n', 'a Dockerfile elsewhere has no ignore file of its own');
      assert.equal((await readBuildContext(root)).dockerignore, 'target\n', 'without a Dockerfile, the context\'s');
    });
  });

  test('a <Dockerfile>.dockerignore that excludes a file keeps it out of the conversion\'s runtime stage', async () => {
    const dockerfile = ['FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go build -o server .', 'CMD ["./server"]', ''].join('\n');
    const files = { Dockerfile: dockerfile, 'go.mod': 'module example.com/app\n', 'main.go': 'package main\n', 'templates/index.html': '<html>\n', '.dockerignore': '.git\n' };
    await inFolder(files, async (root) => {
      const dockerfilePath = path.join(root, 'Dockerfile');
      const converted = async () => {
        const result = convertToMultiStage(new DocumentModel(pathToFileURL(dockerfilePath).href, 1, dockerfile), await readBuildContext(root, dockerfilePath));
        assert.equal(result.kind, 'converted');
        return result.kind === 'converted' ? result.text : '';
      };
      assert.match(await converted(), /COPY --from=\S+ \/app\/templates \/app\/templates/, 'the context\'s .dockerignore leaves templates/ in');
      writeFileSync(`${dockerfilePath}.dockerignore`, 'templates/\n');
      assert.doesNotMatch(await converted(), /templates/, 'the Dockerfile\'s own ignore file, which BuildKit applies instead, leaves it out');
    });
  });

  test('is followed through a link, and left out when too large', async () => {
    await inFolder({ 'shared/ignore': '*.md\n', 'Dockerfile.dockerignore': `${'#'.repeat(300 * 1024)}\n` }, async (root) => {
      symlinkSync(path.join(root, 'shared', 'ignore'), path.join(root, '.dockerignore'));
      const context = await readBuildContext(root, path.join(root, 'Dockerfile'));
      assert.equal(context.dockerignore, '*.md\n', 'the too large Dockerfile.dockerignore is passed over for the linked .dockerignore');
    });
  });

  test('a named pipe or a device, as a project file or an ignore file, is left out and never blocks the read', { timeout: 60_000 }, async () => {
    await inFolder({ 'pom.xml': '<project />' }, async (root) => {
      for (const name of ['.dockerignore', 'go.mod']) assert.equal(spawnSync('mkfifo', [path.join(root, name)]).status, 0, `mkfifo ${name}`);
      // A device never ends: a read of it would not come back.
      symlinkSync('/dev/zero', path.join(root, 'Dockerfile.dockerignore'));
      symlinkSync('/dev/zero', path.join(root, 'package.json'));
      const context = await readBuildContext(root, path.join(root, 'Dockerfile'));
      assert.deepEqual(context.files, { 'pom.xml': '<project />' });
      assert.equal(context.dockerignore, undefined);
      assert.ok(['.dockerignore', 'go.mod', 'package.json'].every((name) => context.entries.includes(name)), 'they are still listed as names');
    });
  });

  test('a file the reader may not open is left out, and the rest is read', { timeout: 120_000 }, async () => {
    await inFolder({ 'go.mod': 'module example.com/shop\n', 'Cargo.toml': '[package]\nname = "app"\n', '.dockerignore': 'target\n' }, async (root) => {
      chmodSync(root, 0o755);
      chmodSync(path.join(root, 'go.mod'), 0o000);
      chmodSync(path.join(root, '.dockerignore'), 0o000);
      const context = readAsUnprivilegedUser(root);
      assert.deepEqual(context.files, { 'Cargo.toml': '[package]\nname = "app"\n' });
      assert.equal(context.dockerignore, undefined);
    });
  });
});

/**
 * The build context of `root` as a user who may not read what its mode forbids, in a process of
 * its own. Root may read anything, so a test run as root drops the capabilities that let it
 * (util-linux's setpriv); it stays the owner of the checkout, which may be closed to other users.
 */
function readAsUnprivilegedUser(root: string): { files: Record<string, string>; dockerignore?: string } {
  const reader = pathToFileURL(path.resolve(__dirname, '../../../server/src/workspace/buildContext.ts')).href;
  const script = `import(${JSON.stringify(reader)}).then(async ({ readBuildContext }) => process.stdout.write(JSON.stringify(await readBuildContext(process.argv[1], process.argv[1] + '/Dockerfile'))))`;
  const node = [process.execPath, '--import', 'tsx', '--eval', script, root];
  const command = process.getuid?.() === 0 ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', '--', ...node] : node;
  const run = spawnSync(command[0], command.slice(1), { encoding: 'utf8', cwd: path.resolve(__dirname, '../../..') });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { files: Record<string, string>; dockerignore?: string };
}

describe('BuildContextReader', () => {
  test('reads only files on disk, only when the workspace is trusted, once per document version', async () => {
    await inFolder({ 'go.mod': 'module example.com/shop\n' }, async (root) => {
      const uri = pathToFileURL(path.join(root, 'Dockerfile')).href;
      assert.equal((await new BuildContextReader(false).forDocument(uri, 1)).state, 'restricted');
      assert.equal((await new BuildContextReader(true).forDocument('untitled:Untitled-1', 1)).state, 'none');
      const reader = new BuildContextReader(true);
      const first = await reader.forDocument(uri, 1);
      assert.equal(first.files['go.mod'], 'module example.com/shop\n');
      assert.equal(await reader.forDocument(uri, 1), first, 'the same version reuses what was read');
      writeFileSync(path.join(root, 'go.mod'), 'module example.com/store\n');
      assert.equal((await reader.forDocument(uri, 2)).files['go.mod'], 'module example.com/store\n', 'a new version reads again');
      writeFileSync(path.join(root, '.dockerignore'), '.git\n');
      assert.equal((await reader.forDocument(uri, 2)).dockerignore, undefined, 'the same version, read before the ignore file was written');
      reader.clear();
      assert.equal((await reader.forDocument(uri, 2)).dockerignore, '.git\n', 'after clear (a watched file changed), the same version reads again');
    });
  });
});
