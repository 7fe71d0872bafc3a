import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import packageJson from '../../package.json';
import { repoRoot } from './helpers';

test('npm install -g . from a built checkout puts dockerfile-stages on the PATH', () => {
  const prefix = mkdtempSync(path.join(tmpdir(), 'dockerfile-stages-prefix-'));
  try {
    // npm links a folder it installs globally, so nothing is fetched and the checkout's build runs.
    const install = spawnSync('npm', ['install', '--global', '.', '--prefix', prefix, '--offline', '--no-audit', '--no-fund'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(install.status, 0, install.stderr);
    const version = spawnSync(path.join(prefix, 'bin', 'dockerfile-stages'), ['--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), packageJson.version);
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
});
