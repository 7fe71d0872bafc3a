// The workspace reader: what it reads from a build context folder, and what it never opens.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
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
    assert.deepEqual(await readBuildContext(path.join(tmpdir(), 'no-such-build-context')), { state: 'read', files: {}, entries: [] });
  });
});

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
    });
  });
});
