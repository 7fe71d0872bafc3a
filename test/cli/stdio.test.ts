import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import packageJson from '../../package.json';
import { repoRoot, ServerProcess } from './serverProcess';

const bin = path.join(repoRoot, packageJson.bin['dockerfile-stages']);

describe('the dockerfile-stages executable', () => {
  test('--stdio starts the language server for other editors', async () => {
    const server = await ServerProcess.start({ command: [process.execPath, bin, '--stdio'] });
    try {
      assert.equal(server.initializeResult.serverInfo?.version, packageJson.version);
      await server.open('file:///w/Dockerfile', 'from alpine:3.20\n');
      await server.waitFor('diagnostics', () => server.published.get('file:///w/Dockerfile')?.diagnostics.length === 1);
    } finally {
      await server.stop();
    }
  });

  test('--version and --help answer on stdout', () => {
    const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0);
    assert.equal(version.stdout.trim(), packageJson.version);
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--stdio/);
  });

  test('an unknown flag is a usage error on stderr with exit code 2', () => {
    const result = spawnSync(process.execPath, [bin, '--frobnicate'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /unknown arguments: --frobnicate/);
  });
});
