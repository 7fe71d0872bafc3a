/**
 * Inputs for the fuzz tests: Dockerfiles assembled from instructions with hostile values, real
 * fixtures mutated the way typing, pasting and broken tools mutate files, and text that is not
 * a Dockerfile at all.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';

export const fixturesRoot = path.resolve(__dirname, '..', 'fixtures');

/** How many cases each property runs: small in `npm test`, large from `test/fuzz/long-run.mjs`. */
export function fuzzRuns(inTestRun: number): number {
  const configured = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(configured) && configured > 0 ? configured : inTestRun;
}

/** Every Dockerfile of the fixture corpus, the fixture apps and the converter's inputs. */
export function fixtureDockerfiles(): string[] {
  return ['corpus', 'apps', 'convert'].flatMap((kind) => {
    const root = path.join(fixturesRoot, kind);
    if (!existsSync(root)) return [];
    return readdirSync(root)
      .map((name) => path.join(root, name, 'Dockerfile'))
      .filter((file) => existsSync(file))
      .sort()
      .map((file) => readFileSync(file, 'utf8'));
  });
}

const hostileWords = [
  '',
  ' ',
  '$',
  '${',
  '${X',
  '${X:-}',
  '${X:+y}',
  '$X',
  '${BASE}',
  '\\',
  '`',
  '"',
  "'",
  '"unterminated',
  '[',
  '["a",',
  ']',
  '=',
  '==',
  '--',
  '-',
  '--from',
  '--from=',
  '0',
  '-1',
  '99999999999999999999',
  'scratch',
  'context',
  'build',
  'BUILD',
  'é',
  '日本',
  '\u200b',
  '\uFEFF',
  '\0',
  '\t',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '&amp;',
  '{{constructor}}',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '#',
  '# comment',
  '<<EOF',
  '<<-EOT',
  "<<'EOF'",
  'EOF',
  '&&',
  '||',
  ';',
  '|',
  '$(echo x)',
  '\\\n',
  '\\\r\n',
];

const word = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileWords) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_.-]{0,8}$/) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }) },
);

const stageName = fc.oneof(fc.constantFrom('build', 'Build', 'base', 'deps', 'runtime', 'scratch', 'context', '0', '1', '7', '${NAME}', '$STAGE', ''), word);

const image = fc.oneof(
  fc.constantFrom(
    'alpine:3.20',
    'golang:1.22',
    'golang:1.22-alpine',
    'node:20',
    'node:20-slim',
    'python:3.12',
    'rust:1.81',
    'maven:3.9-eclipse-temurin-21',
    'mcr.microsoft.com/dotnet/sdk:8.0',
    'gcc:13',
    'debian:bookworm-slim',
    'ubuntu',
    'nginx:latest',
    'scratch',
    '${BASE}',
    '${BASE:-alpine}',
    'img@sha256:0000',
    'localhost:5000/a/b:c',
    'build',
    '',
  ),
  word,
);

const flagNames = ['--from', '--platform', '--chown', '--chmod', '--link', '--mount', '--network', '--security', '--checksum', '--keep-git-dir', '--parents', '--exclude', '--interval', '--start-period'];

const flag = fc.oneof(
  fc.tuple(fc.constantFrom(...flagNames), fc.constantFrom('', '='), word).map(([name, equals, value]) => `${name}${equals}${equals ? value : ''}`),
  fc
    .array(fc.tuple(fc.constantFrom('type', 'from', 'target', 'source', 'id', 'required', 'mode', 'uid', 'sharing', ''), word), { maxLength: 4 })
    .map((options) => `--mount=${options.map(([key, value]) => (key ? `${key}=${value}` : value)).join(',')}`),
);

const flags = fc.array(flag, { maxLength: 3 }).map((list) => list.join(' '));
const words = (max: number) => fc.array(word, { maxLength: max }).map((list) => list.join(' '));
const jsonish = fc.array(word, { maxLength: 4 }).map((list) => `[${list.map((item) => JSON.stringify(item)).join(', ')}`);

const shellCommand = fc.oneof(
  fc.constantFrom(
    'apt-get update && apt-get install -y build-essential',
    'apk add gcc musl-dev',
    'npm ci',
    'npm install',
    'npm run build',
    'pip install -r requirements.txt',
    'go build -o /out/app ./...',
    'CGO_ENABLED=0 go build -o /app',
    'cargo build --release',
    'mvn -B package',
    'dotnet publish -c Release -o /app/publish',
    'make',
    'sh -c "echo hi"',
    'bash -lc \'make && make install\'',
    'rm -rf /var/lib/apt/lists/*',
    'cat <<EOF > /x',
  ),
  words(6),
);

const instruction: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('FROM', 'from', 'From'), flags, image, fc.option(fc.tuple(fc.constantFrom('AS', 'as', 'As'), stageName))).map(
    ([keyword, flagText, base, alias]) => `${keyword} ${flagText} ${base}${alias ? ` ${alias[0]} ${alias[1]}` : ''}`,
  ),
  fc.tuple(fc.constantFrom('COPY', 'ADD', 'copy'), flags, words(4)).map(([keyword, flagText, rest]) => `${keyword} ${flagText} ${rest}`),
  fc.tuple(fc.constantFrom('COPY', 'copy'), stageName, word).map(([keyword, from, source]) => `${keyword} --from=${from} ${source} /dst`),
  fc.tuple(flags, fc.array(shellCommand, { minLength: 1, maxLength: 3 }), fc.constantFrom(' && ', ' ; ', ' \\\n  && ', ' | ')).map(([flagText, commands, join]) => `RUN ${flagText} ${commands.join(join)}`),
  fc.tuple(stageName, word).map(([from, target]) => `RUN --mount=type=cache,from=${from},target=${target} echo`),
  fc.tuple(fc.constantFrom('ARG', 'ENV', 'LABEL'), word, fc.constantFrom('', '=', ' '), word).map(([keyword, name, equals, value]) => `${keyword} ${name}${equals}${value}`),
  fc.tuple(fc.constantFrom('CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME', 'RUN'), jsonish, fc.constantFrom(']', '', ' ]', '"]')).map(([keyword, json, end]) => `${keyword} ${json}${end}`),
  fc.tuple(fc.constantFrom('WORKDIR', 'USER', 'EXPOSE', 'STOPSIGNAL', 'MAINTAINER', 'ONBUILD', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'ONBUILD RUN', 'HEALTHCHECK CMD', 'HEALTHCHECK NONE'), words(3)).map(
    ([keyword, rest]) => `${keyword} ${rest}`,
  ),
  fc.tuple(fc.constantFrom('syntax', 'escape', 'check', 'SYNTAX'), fc.constantFrom('docker/dockerfile:1', '`', '\\', 'x', 'skip=all', 'skip=JSONArgsRecommended;error=true', '')).map(([name, value]) => `# ${name}=${value}`),
  fc.tuple(fc.constantFrom('# hadolint ignore=', '# hadolint global ignore=', '# dockerfile-stages ignore=', '# check=skip='), fc.array(fc.constantFrom('DL3006', 'UndefinedStage', 'all', '', ',', 'x'), { maxLength: 3 })).map(
    ([pragma, codes]) => `${pragma}${codes.join(',')}`,
  ),
  fc.tuple(fc.constantFrom('RUN <<EOF', 'RUN <<-EOT bash', 'COPY <<EOF /x', "RUN <<'EOF' cat", 'RUN cat <<A <<B'), fc.array(words(3), { maxLength: 3 }), fc.boolean()).map(
    ([start, body, closed]) => [start, ...body, ...(closed ? ['EOF'] : [])].join('\n'),
  ),
  words(5),
  fc.constant(''),
  fc.constant('\\'),
);

const lineBreak = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');

/** A Dockerfile-shaped text: instructions, directives, pragmas and heredocs with hostile values. */
export const assembledDockerfile: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), fc.array(instruction, { maxLength: 25 }), lineBreak, fc.boolean(), fc.boolean())
  .map(([bom, lines, newline, continuation, trailingBreak]) => {
    const body = lines.join(continuation ? ` \\${newline}` : newline);
    return `${bom ? '\uFEFF' : ''}${body.replace(/\n/g, newline === '\r\n' ? '\r\n' : newline)}${trailingBreak ? newline : ''}`;
  });

const insertions = [
  '\\\n',
  '\\',
  '\n',
  '\r',
  '\r\n',
  '"',
  "'",
  '`',
  '<<EOF\n',
  '\0',
  '\uFEFF',
  '${',
  '$(',
  '[',
  ']',
  '=',
  ' --from=',
  ' --mount=from=',
  ' AS ',
  '\nFROM scratch AS build\n',
  '\nCOPY --from=0 / /\n',
  '# escape=`\n',
  '\t',
  '\u2028',
  '\ud800',
];

type Mutation =
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'duplicateLines'; readonly at: number; readonly count: number }
  | { readonly kind: 'swapLines'; readonly first: number; readonly second: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...insertions), fc.string({ unit: 'binary', maxLength: 8 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicateLines' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('swapLines' as const), first: fc.nat(), second: fc.nat() }),
);

function mutate(text: string, change: Mutation): string {
  const offset = (at: number) => (text.length === 0 ? 0 : at % (text.length + 1));
  switch (change.kind) {
    case 'insert':
      return text.slice(0, offset(change.at)) + change.text + text.slice(offset(change.at));
    case 'delete':
      return text.slice(0, offset(change.at)) + text.slice(offset(change.at) + change.length);
    case 'truncate':
      return text.slice(0, offset(change.at));
    case 'duplicateLines': {
      const lines = text.split('\n');
      const at = change.at % lines.length;
      return [...lines.slice(0, at + change.count), ...lines.slice(at)].join('\n');
    }
    case 'swapLines': {
      const lines = text.split('\n');
      const first = change.first % lines.length;
      const second = change.second % lines.length;
      [lines[first], lines[second]] = [lines[second], lines[first]];
      return lines.join('\n');
    }
  }
}

/** A fixture Dockerfile after a few random edits: half-typed, pasted into, cut off, shuffled. */
export function mutatedFixture(fixtures: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([text, changes]) => changes.reduce(mutate, text));
}

/** Text that is not a Dockerfile: random code units (lone surrogates included), bytes read as Latin-1, control characters. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.array(fc.constantFrom('\0', '\r', '\n', '\\', '\uFEFF', '"', '`', '$', '{', ' ', 'FROM', 'RUN', 'AS', '<<', 'EOF', '#', '=', '--'), { maxLength: 200 }).map((parts) => parts.join('')),
);

/** Any of the above. */
export function anyDockerfile(fixtures: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(assembledDockerfile, mutatedFixture(fixtures), hostileText);
}
