import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ValidationCode } from 'dockerfile-utils';
import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver';
import { pullClientCapabilities, ServerProcess } from '../server/serverProcess';
import { cliBin, lines, runCli, textLocations, workspace } from './helpers';

/** A warning (a misspelt stage, line 4) and a hint (the stage nothing uses, line 1) and nothing else. */
const misspelt = lines('FROM scratch AS build', 'COPY app /app', 'FROM scratch', 'COPY --from=bulid /app /app', 'USER 65534', 'ENTRYPOINT ["/app"]');
const clean = lines('FROM scratch', 'COPY app /app', 'USER 65534', 'ENTRYPOINT ["/app"]');
/** Copies a file the context's `.dockerignore` leaves out (CopyIgnoredFile, line 3). */
const copiesIgnored = lines('# check=experimental=CopyIgnoredFile', 'FROM scratch', 'COPY secret.txt /app', 'USER 65534', 'ENTRYPOINT ["/app"]');
/** The library's error (a duplicate stage name) next to our rules. */
const duplicate = lines('FROM scratch AS a', 'FROM scratch AS a', 'COPY app /app', 'USER 65534', 'ENTRYPOINT ["/app"]');

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
  source: string;
}

function json(stdout: string): JsonFinding[] {
  return JSON.parse(stdout) as JsonFinding[];
}

describe('dockerfile-stages lint', () => {
  let files: ReturnType<typeof workspace>;
  before(() => {
    files = workspace({
      Dockerfile: misspelt,
      'clean/Dockerfile': clean,
      'duplicate/Dockerfile': duplicate,
      'search/Dockerfile': clean,
      'search/Containerfile': clean,
      'search/api/Dockerfile.dev': clean,
      'search/api/web.dockerfile': clean,
      'search/api/api.Dockerfile': clean,
      'search/api/dockerfile.Dev': clean,
      'search/CONTAINERFILE': clean,
      'search/deep/er/Containerfile.prod': clean,
      'search/.dockerfile': misspelt,
      'search/notes.txt': misspelt,
      'search/Dockerfile-old': misspelt,
      'search/node_modules/pkg/Dockerfile': misspelt,
      'search/.git/Dockerfile': misspelt,
      'search/misspelt/Dockerfile': misspelt,
      'empty/README.md': '# nothing to lint\n',
      'suppressed/own/Dockerfile': misspelt.replace('COPY --from=bulid', '# dockerfile-stages ignore=UndefinedStage\nCOPY --from=bulid'),
      'suppressed/hadolint/Dockerfile': misspelt.replace('COPY --from=bulid', '# hadolint ignore=DL3022\nCOPY --from=bulid'),
      'suppressed/yaml/.hadolint.yaml': 'ignored:\n  - UndefinedStage\n',
      'suppressed/yaml/nested/Dockerfile': misspelt,
      'config/error.json': JSON.stringify({ rules: { UndefinedStage: 'error' } }),
      'config/off.json': JSON.stringify({ rules: { UndefinedStage: 'off' }, trace: { server: 'off' } }),
      'config/library.json': JSON.stringify({ diagnostics: { instructionCasing: 'ignore' } }),
      'config/unknown-rule.json': JSON.stringify({ rules: { UndefinedStages: 'off' } }),
      'config/bad-severity.json': JSON.stringify({ rules: { UndefinedStage: 'fatal' } }),
      'config/unknown-key.json': JSON.stringify({ rule: { UndefinedStage: 'off' } }),
      'config/broken.json': '{"rules": ',
      'lowercase/Dockerfile': clean.replace('USER', 'user'),
      'bogus-proto/Dockerfile': lines('FROM scratch', 'EXPOSE 80/bogus', 'USER 65534', 'ENTRYPOINT ["/app"]'),
      'ignored/.dockerignore': 'secret.txt\n',
      'ignored/Dockerfile': copiesIgnored,
      'ignored/Dockerfile.own': copiesIgnored,
      'ignored/Dockerfile.own.dockerignore': '# this Dockerfile sends everything\n',
    });
  });
  after(() => files.remove());
  const run = (args: string[], input?: string) => runCli(args, { cwd: files.root, input });

  describe('text format', () => {
    test('prints path:line:col: severity Code message and a summary, exit 1 on a warning', () => {
      const result = run(['lint', 'Dockerfile']);
      assert.equal(result.status, 1);
      assert.deepEqual(textLocations(result.stdout), ['Dockerfile:4:13: warning UndefinedStage']);
      assert.match(result.stdout, /^Dockerfile:4:13: warning UndefinedStage COPY --from=bulid: .*'bulid'/m);
      assert.match(result.stdout, /\n\n1 problem \(1 warning\) in 1 of 1 file\.\n$/);
      assert.equal(result.stderr, '');
    });

    test('a clean file exits 0', () => {
      const result = run(['lint', 'clean/Dockerfile']);
      assert.equal(result.status, 0);
      assert.equal(result.stdout, 'No problems in 1 file.\n');
    });

    test('writes no colour when stdout is not a terminal', () => {
      const result = run(['lint', '--severity', 'hint', 'Dockerfile', 'duplicate/Dockerfile']);
      assert.equal(result.status, 1);
      assert.ok(!result.stdout.includes('\u001b['), 'no escape sequence in piped output');
    });

    const hasScript = spawnSync('script', ['--version']).status === 0;
    test('colours severities on a terminal unless NO_COLOR is set', { skip: hasScript ? false : 'util-linux script is not installed' }, () => {
      // `script` runs the command on a pseudo-terminal, as a user's shell would.
      const onTerminal = (env: Record<string, string | undefined>) =>
        spawnSync('script', ['-qec', `${process.execPath} ${cliBin} lint Dockerfile`, '/dev/null'], {
          cwd: files.root,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: undefined, ...env },
        }).stdout;
      assert.ok(onTerminal({}).includes('\u001b[33mwarning\u001b[0m'), 'the severity is yellow');
      assert.ok(!onTerminal({ NO_COLOR: '1' }).includes('\u001b['));
    });
  });

  describe('json format', () => {
    test('prints one array with exactly the contract fields, 1-based', () => {
      const result = run(['lint', '--format', 'json', 'Dockerfile']);
      assert.equal(result.status, 1);
      const findings = json(result.stdout);
      assert.equal(findings.length, 1);
      assert.deepEqual(Object.keys(findings[0]), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message', 'source']);
      const { message, ...rest } = findings[0];
      assert.deepEqual(rest, { file: 'Dockerfile', line: 4, column: 13, endLine: 4, endColumn: 18, severity: 'warning', code: 'UndefinedStage', source: 'dockerfile-stages' });
      assert.match(message, /bulid/);
    });

    test("reports a library check BuildKit also has once, under BuildKit's name, where BuildKit does", () => {
      const result = run(['lint', '-f', 'json', 'duplicate/Dockerfile']);
      assert.equal(result.status, 1);
      const duplicates = json(result.stdout).filter((finding) => finding.code === 'DuplicateStageName' || finding.code === 'DUPLICATE_BUILD_STAGE_NAME');
      assert.deepEqual(
        duplicates.map(({ line, column, severity, code, source }) => ({ line, column, severity, code, source })),
        [{ line: 2, column: 17, severity: 'error', code: 'DuplicateStageName', source: 'dockerfile-stages' }],
      );
    });

    test('reports the library validation with the ValidationCode name and source dockerfile-utils', () => {
      const result = run(['lint', '-f', 'json', 'bogus-proto/Dockerfile']);
      assert.equal(result.status, 1);
      const library = json(result.stdout).filter((finding) => finding.source === 'dockerfile-utils');
      assert.deepEqual(library.map(({ line, code }) => ({ line, code })), [{ line: 2, code: 'INVALID_PROTO' }]);
    });

    test('a clean run prints an empty array', () => {
      const result = run(['lint', '-f', 'json', 'clean/Dockerfile']);
      assert.equal(result.status, 0);
      assert.deepEqual(json(result.stdout), []);
    });
  });

  describe('--severity', () => {
    test('hides and ignores findings below it (warning by default)', () => {
      const hint = run(['lint', '-f', 'json', '--severity', 'hint', 'Dockerfile']);
      assert.equal(hint.status, 1);
      assert.deepEqual(
        json(hint.stdout).map((finding) => `${finding.line}:${finding.severity}:${finding.code}`),
        ['1:hint:UnreachableStage', '4:warning:UndefinedStage'],
      );
      const error = run(['lint', '--severity', 'error', 'Dockerfile']);
      assert.equal(error.status, 0);
      assert.deepEqual(textLocations(error.stdout), []);
    });
  });

  describe('files and folders', () => {
    test('a folder yields Dockerfile, Dockerfile.*, *.dockerfile, Containerfile(.*) in any case, as VS Code matches them, not node_modules or .git', () => {
      const result = run(['lint', '-f', 'json', '--severity', 'hint', 'search']);
      assert.equal(result.status, 1);
      assert.deepEqual([...new Set(json(result.stdout).map((finding) => finding.file))], [path.join('search', 'misspelt', 'Dockerfile')]);
      const sarif = JSON.parse(run(['lint', '-f', 'sarif', 'search']).stdout) as { runs: { artifacts: { location: { uri: string } }[] }[] };
      assert.deepEqual(
        sarif.runs[0].artifacts.map((artifact) => artifact.location.uri),
        [
          'search/CONTAINERFILE',
          'search/Containerfile',
          'search/Dockerfile',
          'search/api/Dockerfile.dev',
          'search/api/api.Dockerfile',
          'search/api/dockerfile.Dev',
          'search/api/web.dockerfile',
          'search/deep/er/Containerfile.prod',
          'search/misspelt/Dockerfile',
        ],
      );
    });

    test('a file named on the command line is linted whatever its name', () => {
      const result = run(['lint', 'search/notes.txt']);
      assert.equal(result.status, 1);
      assert.deepEqual(textLocations(result.stdout), ['search/notes.txt:4:13: warning UndefinedStage']);
    });

    test('- reads standard input, shown as <stdin>', () => {
      const result = run(['lint', '-'], misspelt);
      assert.equal(result.status, 1);
      assert.deepEqual(textLocations(result.stdout), ['<stdin>:4:13: warning UndefinedStage']);
    });

    test('--stdin-filename names standard input and finds its .hadolint.yaml', () => {
      const named = run(['lint', '--stdin-filename', 'elsewhere/Dockerfile', '-'], misspelt);
      assert.deepEqual(textLocations(named.stdout), ['elsewhere/Dockerfile:4:13: warning UndefinedStage']);
      const configured = run(['lint', '--stdin-filename', 'suppressed/yaml/nested/Dockerfile', '-'], misspelt);
      assert.equal(configured.status, 0);
    });

    test('a path that cannot be read is reported on stderr with exit 2, after the other files', () => {
      const result = run(['lint', 'missing/Dockerfile', 'Dockerfile']);
      assert.equal(result.status, 2);
      assert.equal(result.stderr, 'dockerfile-stages: missing/Dockerfile: no such file or directory\n');
      assert.deepEqual(textLocations(result.stdout), ['Dockerfile:4:13: warning UndefinedStage']);
      assert.match(result.stdout, /1 path could not be read/);
    });

    test('when no path can be read, the summary says nothing was linted rather than that nothing was found', () => {
      const result = run(['lint', 'missing/Dockerfile', 'missing-folder']);
      assert.equal(result.status, 2);
      assert.equal(result.stdout, 'Nothing was linted: 2 paths could not be read.\n');
      assert.doesNotMatch(result.stdout, /No problems/);
    });

    test('every error starts with the program name, commander\'s own included', () => {
      for (const args of [['lint', '--frob'], ['lint', '--severity', 'loud', 'Dockerfile'], ['lint', 'missing/Dockerfile'], ['frobnicate'], ['lint', 'empty']]) {
        const result = run(args);
        assert.equal(result.status, 2, args.join(' '));
        assert.match(result.stderr, /^dockerfile-stages: /, args.join(' '));
        assert.doesNotMatch(result.stderr, /^error:/m, args.join(' '));
      }
    });

    test('a folder without Dockerfiles is a usage error', () => {
      const result = run(['lint', 'empty']);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /no Dockerfiles found in empty/);
    });
  });

  describe('settings and suppression, as in the editor', () => {
    test('--config sets rule severities', () => {
      const error = run(['lint', '--config', 'config/error.json', 'Dockerfile']);
      assert.equal(error.status, 1);
      assert.deepEqual(textLocations(error.stdout), ['Dockerfile:4:13: error UndefinedStage']);
      const off = run(['lint', '-c', 'config/off.json', 'Dockerfile']);
      assert.equal(off.status, 0);
    });

    test('--config sets the library checks under diagnostics', () => {
      assert.deepEqual(textLocations(run(['lint', 'lowercase/Dockerfile']).stdout), ['lowercase/Dockerfile:3:1: warning ConsistentInstructionCasing']);
      assert.equal(run(['lint', '-c', 'config/library.json', 'lowercase/Dockerfile']).status, 0);
    });

    test('--rule Code=severity applies after the config file', () => {
      assert.equal(run(['lint', '-c', 'config/error.json', '--rule', 'UndefinedStage=off', 'Dockerfile']).status, 0);
      const hinted = run(['lint', '--rule', 'UnreachableStage=error', 'Dockerfile']);
      assert.deepEqual(textLocations(hinted.stdout), ['Dockerfile:1:1: error UnreachableStage', 'Dockerfile:4:13: warning UndefinedStage']);
    });

    const badSettings: Record<string, { args: string[]; message: RegExp }> = {
      'an unknown rule in --rule': { args: ['--rule', 'UndefinedStages=off'], message: /unknown rule "UndefinedStages"/ },
      'a --rule without a severity': { args: ['--rule', 'UndefinedStage'], message: /expected Code=severity/ },
      'a bad severity in --rule': { args: ['--rule', 'UndefinedStage=fatal'], message: /takes one of off, hint, information, warning, error/ },
      'an unknown rule in the config': { args: ['-c', 'config/unknown-rule.json'], message: /unknown rule "UndefinedStages"/ },
      'a bad severity in the config': { args: ['-c', 'config/bad-severity.json'], message: /takes one of/ },
      'an unknown key in the config': { args: ['-c', 'config/unknown-key.json'], message: /unknown key "rule"/ },
      'a config that is not JSON': { args: ['-c', 'config/broken.json'], message: /not valid JSON/ },
      'a config that does not exist': { args: ['-c', 'config/none.json'], message: /cannot read the config file/ },
    };
    for (const [name, { args, message }] of Object.entries(badSettings)) {
      test(`${name} is a usage error`, () => {
        const result = run(['lint', ...args, 'Dockerfile']);
        assert.equal(result.status, 2);
        assert.equal(result.stdout, '');
        assert.match(result.stderr, message);
      });
    }

    test('# dockerfile-stages ignore= and # hadolint ignore= silence the instruction below', () => {
      assert.equal(run(['lint', 'suppressed/own/Dockerfile']).status, 0);
      assert.equal(run(['lint', 'suppressed/hadolint/Dockerfile']).status, 0);
    });

    test("the nearest .hadolint.yaml's ignored list applies", () => {
      assert.equal(run(['lint', 'suppressed/yaml/nested/Dockerfile']).status, 0);
      assert.equal(run(['lint', 'suppressed/yaml']).status, 0);
    });

    test('finds exactly what the language server reports for the same file', async () => {
      const server = await ServerProcess.start({ capabilities: pullClientCapabilities });
      try {
        for (const file of ['Dockerfile', 'duplicate/Dockerfile', 'lowercase/Dockerfile']) {
          const uri = pathToFileURL(path.join(files.root, file)).href;
          const text = { Dockerfile: misspelt, 'duplicate/Dockerfile': duplicate, 'lowercase/Dockerfile': clean.replace('USER', 'user') }[file] ?? '';
          await server.open(uri, text);
          const report = await server.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
          const items: Diagnostic[] = report.kind === 'full' ? report.items : [];
          const severities = ['', 'error', 'warning', 'information', 'hint'];
          const code = (item: Diagnostic) => (typeof item.code === 'number' ? ValidationCode[item.code] : item.code);
          const editor = items.map((item) => `${item.range.start.line + 1}:${item.range.start.character + 1}:${severities[item.severity ?? 0]}:${code(item)}:${item.source}`).sort();
          const cli = json(run(['lint', '-f', 'json', '--severity', 'hint', file]).stdout)
            .map((finding) => `${finding.line}:${finding.column}:${finding.severity}:${finding.code}:${finding.source}`)
            .sort();
          assert.ok(cli.length > 0, `${file} has findings to compare`);
          assert.deepEqual(cli, editor, file);
        }
      } finally {
        await server.stop();
      }
    });

    test('CopyIgnoredFile reads the ignore file BuildKit applies: <Dockerfile>.dockerignore, else .dockerignore', () => {
      const ignoredCopies = (args: string[], input?: string) => json(run(['lint', '-f', 'json', ...args], input).stdout).filter((finding) => finding.code === 'CopyIgnoredFile').map(({ file, line }) => `${file}:${line}`);
      assert.deepEqual(ignoredCopies(['ignored/Dockerfile', 'ignored/Dockerfile.own']), ['ignored/Dockerfile:3']);
      assert.deepEqual(ignoredCopies(['--stdin-filename', 'ignored/Dockerfile', '-'], copiesIgnored), ['ignored/Dockerfile:3'], 'standard input named into the folder');
      assert.deepEqual(ignoredCopies(['-'], copiesIgnored), [], 'standard input has no build context');
    });
  });
});

test('a file the library cannot validate still gets our findings', () => {
  // dockerfile-utils 0.16.3 throws on a stage named like an Object method.
  const run = runCli(['lint', '--format', 'json', '-'], { input: lines('FROM scratch AS constructor', 'COPY app /app', 'FROM scratch', 'COPY --from=constructr /app /app') });
  assert.equal(run.status, 1, run.stderr);
  const codes = json(run.stdout).map((finding) => finding.code);
  assert.ok(codes.includes('UndefinedStage'), codes.join(', '));
});

test('--platform (repeatable) and the config file\'s platforms decide which stages a picked FROM builds', () => {
  const picked = lines('FROM alpine:3.20 AS bin-linux', 'FROM alpine:3.20 AS bin-windows', 'FROM bin-$TARGETOS AS bin', 'USER 1000');
  const unreachable = (args: string[]) =>
    json(runCli(['lint', '-f', 'json', '--severity', 'hint', ...args, '-'], { input: picked }).stdout)
      .filter((finding) => finding.code === 'UnreachableStage')
      .map((finding) => finding.line);
  assert.deepEqual(unreachable([]), [2]);
  assert.deepEqual(unreachable(['--platform', 'linux/arm64', '--platform', 'windows/amd64']), []);
  const files = workspace({ 'config.json': JSON.stringify({ platforms: ['windows/amd64'] }), 'bad.json': JSON.stringify({ platforms: ['windows'] }) });
  try {
    const fromConfig = json(runCli(['lint', '-f', 'json', '--severity', 'hint', '--config', 'config.json', '-'], { cwd: files.root, input: picked }).stdout);
    assert.deepEqual(fromConfig.filter((finding) => finding.code === 'UnreachableStage').map((finding) => finding.line), [1]);
    const bad = runCli(['lint', '--config', 'bad.json', '-'], { cwd: files.root, input: picked });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /bad\.json: "platforms": "windows" is not a platform/);
  } finally {
    files.remove();
  }
  const badFlag = runCli(['lint', '--platform', 'x', '-'], { input: picked });
  assert.equal(badFlag.status, 2);
  assert.match(badFlag.stderr, /--platform: "x" is not a platform/);
});
