import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import packageJson from '../../package.json';
import { ServerProcess } from '../server/serverProcess';
import { cliBin, runCli } from './helpers';

describe('the dockerfile-stages executable', () => {
  test('--stdio starts the language server for other editors', async () => {
    const server = await ServerProcess.start({ command: [process.execPath, cliBin, '--stdio'] });
    try {
      assert.equal(server.initializeResult.serverInfo?.version, packageJson.version);
      await server.open('file:///w/Dockerfile', 'FROM alpine:3.20\nrun echo hi\nCMD ["sh"]\n');
      const lowercase = () => server.published.get('file:///w/Dockerfile')?.diagnostics.some((diagnostic) => diagnostic.code === 'ConsistentInstructionCasing' && diagnostic.range.start.line === 1);
      await server.waitFor('the instruction casing diagnostic', () => lowercase() === true);
    } finally {
      await server.stop();
    }
  });

  test('--version and --help answer on stdout', () => {
    const version = runCli(['--version']);
    assert.equal(version.status, 0);
    assert.equal(version.stdout.trim(), packageJson.version);
    const help = runCli(['--help']);
    assert.equal(help.status, 0);
    for (const word of ['--stdio', 'lint', 'graph', 'convert']) assert.match(help.stdout, new RegExp(word));
    const lintHelp = runCli(['lint', '--help']);
    assert.equal(lintHelp.status, 0);
    for (const flag of ['--format', '--severity', '--config', '--rule', '--stdin-filename']) assert.ok(lintHelp.stdout.includes(flag), `lint --help names ${flag}`);
  });

  const usageErrors: Record<string, { args: string[]; message: RegExp }> = {
    'an unknown flag': { args: ['--frobnicate'], message: /unknown option '--frobnicate'/ },
    'an unknown lint flag': { args: ['lint', '--frobnicate', '.'], message: /unknown option '--frobnicate'/ },
    'an unknown command': { args: ['frobnicate'], message: /unknown command 'frobnicate'/ },
    'no command': { args: [], message: /a command is needed/ },
    'lint without a path': { args: ['lint'], message: /missing required argument 'paths'/ },
    'an unknown format': { args: ['lint', '--format', 'xml', '.'], message: /argument 'xml' is invalid/ },
    'an unknown severity': { args: ['lint', '--severity', 'fatal', '.'], message: /argument 'fatal' is invalid/ },
  };
  for (const [name, { args, message }] of Object.entries(usageErrors)) {
    test(`${name} is a usage error on stderr with exit code 2`, () => {
      const result = runCli(args);
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, message);
    });
  }
});
