import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DockerRegistryClient } from 'dockerfile-language-service/lib/dockerRegistryClient';
import { installLibraryFixes, libraryFixes } from '../../../server/src/libraryFixes/index';

const root = path.resolve(__dirname, '../../..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as { version: string; devDependencies: Record<string, string> };

/** Runs a script in plain Node, where nothing has changed the libraries, and answers what it printed. */
function withoutFixes(script: string): string {
  const run = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

describe('the libraries the fixes were written for', () => {
  test('every fix changes the installed version of each library it was written against, the one package.json pins', () => {
    const pinned = readJson('package.json').devDependencies;
    for (const fix of libraryFixes) {
      for (const [library, version] of Object.entries(fix.writtenFor)) {
        assert.equal(readJson(`node_modules/${library}/package.json`).version, version, `${library} is not the version "${fix.corrects}" was written for`);
        assert.equal(pinned[library], version, `package.json pins another ${library} than "${fix.corrects}" was written for`);
      }
    }
  });
});

// Each defect, shown in the pinned library as published: when a release corrects one, its test
// here fails, and the fix can go.
describe('what the libraries do without the fixes', () => {
  test('a variable after a byte order mark overflows the stack, and an unreadable heredoc throws', () => {
    const thrown = withoutFixes(`
      const { validate } = require('dockerfile-utils');
      const errorOf = (text) => { try { validate(text); return 'none'; } catch (error) { return error.constructor.name; } };
      console.log(errorOf('\\uFEFFWORKDIR \${BASE}\\n'), errorOf('FROM alpine:3.20\\nRUN <<EOF\\n\\\\\\n EOF\\n'));
    `);
    assert.equal(thrown, 'RangeError TypeError');
  });

  test('the formatter looks each line up in the list of every heredoc line', () => {
    const lookups = withoutFixes(`
      const { DockerFormatter } = require('dockerfile-utils/lib/dockerFormatter');
      let lookups = 0;
      const indexOf = Array.prototype.indexOf;
      Array.prototype.indexOf = function (...args) { if (this.length >= 100) lookups++; return indexOf.apply(this, args); };
      const { format } = require('dockerfile-utils');
      format('FROM alpine\\nRUN <<EOF\\n' + 'echo\\n'.repeat(200) + 'EOF\\n', { insertSpaces: true, tabSize: 2 });
      Array.prototype.indexOf = indexOf;
      console.log(lookups);
    `);
    assert.ok(Number(lookups) >= 200, `${lookups} searches of the heredoc lines`);
  });

  test('an instruction splits its text again on every read of its arguments', () => {
    const splits = withoutFixes(`
      const { DockerfileParser, Instruction } = require('dockerfile-ast');
      let splits = 0;
      const split = Instruction.prototype.getRawArguments;
      Instruction.prototype.getRawArguments = function () { splits++; return split.call(this); };
      const [copy] = DockerfileParser.parse('FROM alpine\\nCOPY a b\\n').getInstructions().slice(1);
      const before = splits;
      copy.getArguments(); copy.getArguments();
      console.log(splits - before);
    `);
    assert.equal(splits, '2');
  });

  test('the registry client asks Docker Hub for tags; with the fixes it asks nothing', async () => {
    const source = readFileSync(path.join(root, 'node_modules/dockerfile-language-service/lib/dockerRegistryClient.js'), 'utf8');
    assert.match(source, /auth\.docker\.io/);
    installLibraryFixes();
    assert.deepEqual(await new DockerRegistryClient().getTags('alpine'), []);
  });
});
