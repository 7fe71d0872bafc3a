// `convert --write` never leaves a cut-off file (issue 21): the conversion goes to a new file
// beside the original and is renamed over it, keeping the original's byte order mark, line ends
// and permissions; a symbolic link is only written through on request. The full-disk case runs on
// a small tmpfs, which needs root (as the test hosts run); elsewhere it is skipped and says why.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { convertToMultiStage } from '../../server/src/analysis/convert/index';
import { readBuildContext } from '../../server/src/workspace/buildContext';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { lines, runCli, workspace } from './helpers';

const goApp = lines('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /usr/local/bin/app .', 'CMD ["app"]');
/** Just under a 4 KB page, so that its conversion needs one more page than the file has. */
const pageOfGoApp = `${'# keeps the file one page long\n'.repeat(Math.floor((4000 - goApp.length) / 31))}${goApp}`;

/** The conversion the CLI makes of `text` in `folder`, whose files it reads as the build context. */
async function converted(text: string, folder: string): Promise<string> {
  const result = convertToMultiStage(new DocumentModel('file:///t/Dockerfile', 0, text), await readBuildContext(folder));
  assert.equal(result.kind, 'converted');
  return result.text;
}

/** Mounts a tmpfs of `kilobytes` at `folder`; a reason when this machine does not allow it. */
function mountSmallFilesystem(folder: string, kilobytes: number): string | undefined {
  if (process.getuid?.() !== 0) return 'mounting a small filesystem needs root';
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kilobytes}k`, 'tmpfs', folder], { encoding: 'utf8' });
  return mounted.status === 0 ? undefined : `mount failed: ${mounted.stderr.trim()}`;
}

/** Appends to `file` until the filesystem has no room left. */
function fillUp(file: string): void {
  const block = Buffer.alloc(1024, 'x');
  for (;;) {
    try {
      appendFileSync(file, block);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return;
      throw error;
    }
  }
}

describe('dockerfile-stages convert --write', () => {
  let files: ReturnType<typeof workspace>;
  before(() => {
    files = workspace({ 'kept/Dockerfile': `\uFEFF${goApp.replace(/\n/g, '\r')}`, 'linked/Dockerfile': goApp });
  });
  after(() => files.remove());
  const run = (args: string[]) => runCli(['convert', ...args], { cwd: files.root });
  const file = (name: string) => path.join(files.root, name);

  test('keeps the byte order mark, lone carriage returns and the permissions of the file it replaces', async () => {
    const original = file('kept/Dockerfile');
    spawnSync('chmod', ['640', original]);
    const result = run(['--write', 'kept/Dockerfile']);
    assert.equal(result.status, 0, result.stderr);
    const written = readFileSync(original, 'utf8');
    assert.ok(written.startsWith('\uFEFF#'), 'the byte order mark is kept');
    assert.ok(!written.includes('\n'), 'no line ends in a line feed');
    assert.equal(written.slice(1), (await converted(goApp, path.dirname(original))).replace(/\n/g, '\r'));
    assert.equal(statSync(original).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(path.dirname(original)), ['Dockerfile'], 'no temporary file is left');
  });

  test('refuses a symbolic link unless told to follow it, then writes its target and keeps the link', async () => {
    symlinkSync('Dockerfile', file('linked/link'));
    const refused = run(['--write', 'linked/link']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /is a symbolic link \(to Dockerfile\).*--follow-symlinks/);
    assert.equal(readFileSync(file('linked/Dockerfile'), 'utf8'), goApp);

    const followed = run(['--write', '--follow-symlinks', 'linked/link']);
    assert.equal(followed.status, 0, followed.stderr);
    assert.match(followed.stderr, /linked\/link: followed the symbolic link, wrote .*linked\/Dockerfile/);
    assert.ok(lstatSync(file('linked/link')).isSymbolicLink(), 'the link stays a link');
    assert.equal(readFileSync(file('linked/Dockerfile'), 'utf8'), await converted(goApp, file('linked')));
  });

  test('on a full filesystem the original survives whole, exit 2 says why, and nothing is left behind', async (context) => {
    const folder = file('full');
    mkdirSync(folder);
    const skipped = mountSmallFilesystem(folder, 16);
    if (skipped) {
      context.skip(skipped);
      return;
    }
    try {
      writeFileSync(path.join(folder, 'Dockerfile'), pageOfGoApp);
      fillUp(path.join(folder, 'filler'));
      const result = run(['--write', 'full/Dockerfile']);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /full\/Dockerfile: .*(no space|ENOSPC)/i);
      assert.equal(readFileSync(path.join(folder, 'Dockerfile'), 'utf8'), pageOfGoApp);
      assert.deepEqual(readdirSync(folder).sort(), ['Dockerfile', 'filler']);

      rmSync(path.join(folder, 'filler'));
      const roomy = run(['--write', 'full/Dockerfile']);
      assert.equal(roomy.status, 0, roomy.stderr);
      assert.equal(readFileSync(path.join(folder, 'Dockerfile'), 'utf8'), await converted(pageOfGoApp, folder));
    } finally {
      spawnSync('umount', [folder]);
    }
  });
});
