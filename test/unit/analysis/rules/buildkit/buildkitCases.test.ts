// BuildKit's own test cases for its build checks (moby/buildkit frontend/dockerfile/dockerfile_lint_test.go),
// as facts: the Dockerfile (and .dockerignore), and the check, line and message BuildKit reports for
// `--call=check`. Each runs through lint() with the file's directives, as the editor and the CLI do.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../../../../../server/src/analysis/lint';
import { buildKitCheck } from '../../../../../server/src/analysis/rules/buildkit/catalog';
import { modelOf } from '../../../helpers';

interface Case {
  readonly name: string;
  readonly dockerfile: string;
  readonly dockerignore?: string;
  /** [check, 1-based line, BuildKit's message (ours starts with it), or undefined where our wording differs]. */
  readonly expected: readonly (readonly [string, number, string?])[];
}

function buildKitFindings(dockerfile: string, dockerignore?: string): [string, number, string][] {
  return lint(modelOf(dockerfile), { dockerignore })
    .filter((finding) => buildKitCheck(finding.code) !== undefined)
    .map((finding): [string, number, string] => [finding.code, finding.range.start.line + 1, finding.message])
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]) || a[2].localeCompare(b[2]));
}

function runCases(cases: readonly Case[]): void {
  for (const { name, dockerfile, dockerignore, expected } of cases) {
    test(name, () => {
      const actual = buildKitFindings(dockerfile, dockerignore);
      assert.deepEqual(
        actual.map(([check, line]) => [check, line]),
        expected.map(([check, line]) => [check, line]),
      );
      // Ours is BuildKit's message, at times followed by advice.
      expected.forEach(([, , message], index) => {
        if (message !== undefined) assert.ok(actual[index][2].startsWith(message), `${actual[index][2]} does not start with ${message}`);
      });
    });
  }
}

const description = 'InvalidDefinitionDescription';
const undefinedVar = (name: string, suggestion?: string) => `Usage of undefined variable '$${name}'${suggestion ? ` (did you mean $${suggestion}?)` : ''}`;
const secret = (keyword: string, name: string) => `Do not use ARG or ENV instructions for sensitive data (${keyword} "${name}")`;
const casing = (command: string, majority: string) => `Command '${command}' should match the case of the command majority (${majority})`;
const multiple = (keyword: string) => `Multiple ${keyword} instructions should not be used in the same stage because only the last one will be used`;

describe("BuildKit's test cases: directives", () => {
  runCases([
    { name: 'skip=all', dockerfile: '#check=skip=all\nFROM scratch as base\ncopy Dockerfile .\n', expected: [] },
    { name: 'skip=all;error=true', dockerfile: '#check=skip=all;error=true\nFROM scratch as base\ncopy Dockerfile .\n', expected: [] },
    { name: 'skip two checks', dockerfile: '#check=skip=ConsistentInstructionCasing,FromAsCasing\nFROM scratch as base\ncopy Dockerfile .\n', expected: [] },
    { name: 'skip two checks, error=true', dockerfile: '#check=skip=ConsistentInstructionCasing,FromAsCasing;error=true\nFROM scratch as base\ncopy Dockerfile .\n', expected: [] },
    { name: 'skip one of two, as warnings', dockerfile: '#check=skip=ConsistentInstructionCasing\nFROM scratch as base\ncopy Dockerfile .\n', expected: [['FromAsCasing', 2, "'as' and 'FROM' keywords' casing do not match"]] },
    {
      name: 'skip one of two',
      dockerfile: '#check=skip=ConsistentInstructionCasing;error=true\nFROM scratch as base\ncopy Dockerfile .\n',
      expected: [['FromAsCasing', 2]],
    },
  ]);
});

describe("BuildKit's test cases: casing, names and forms", () => {
  runCases([
    {
      name: 'stage name and FROM/AS casing',
      dockerfile: '\n# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n\n# warning: \'as\' should match \'FROM\' cmd casing.\n#\nFROM scratch as base2\n\nFROM scratch AS base3\n',
      expected: [['StageNameCasing', 4, "Stage name 'BadStageName' should be lowercase"], ['FromAsCasing', 8, "'as' and 'FROM' keywords' casing do not match"]],
    },
    { name: 'AS after from', dockerfile: '\n#\n#\nfrom scratch AS base\n\nfrom scratch as base2\n', expected: [['FromAsCasing', 4, "'AS' and 'from' keywords' casing do not match"]] },
    { name: 'empty continuation line', dockerfile: '\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\nCOPY Dockerfile \\\n.\n', expected: [['NoEmptyContinuation', 6, 'Empty continuation line']] },
    { name: 'mixed-case From', dockerfile: '\n#\n#\nFrom scratch as base\nFROM scratch AS base2\n', expected: [['ConsistentInstructionCasing', 4, casing('From', 'uppercase')]] },
    { name: 'copy among upper case', dockerfile: '\nFROM scratch\n#\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n', expected: [['ConsistentInstructionCasing', 4, casing('copy', 'uppercase')]] },
    { name: 'frOM among lower case', dockerfile: '\n#\n#\nfrOM scratch as base\nfrom scratch as base2\n', expected: [['ConsistentInstructionCasing', 4, casing('frOM', 'lowercase')]] },
    { name: 'COPY among lower case', dockerfile: '\nfrom scratch\n#\nCOPY Dockerfile /foo\ncopy Dockerfile /bar\n', expected: [['ConsistentInstructionCasing', 4, casing('COPY', 'lowercase')]] },
    { name: 'from in an upper-case file', dockerfile: '\n#\n#\nfrom scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\nCOPY Dockerfile /baz\n', expected: [['ConsistentInstructionCasing', 4, casing('from', 'uppercase')]] },
    { name: 'FROM in a lower-case file', dockerfile: '\n#\n#\nFROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n', expected: [['ConsistentInstructionCasing', 4, casing('FROM', 'lowercase')]] },
    { name: 'all lower case', dockerfile: '\nfrom scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n', expected: [] },
    { name: 'all upper case', dockerfile: '\nFROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n', expected: [] },
    { name: 'heredoc body', dockerfile: "\nFROM alpine\nRUN <<'EOT'\nenv\nEOT\n", expected: [] },
    { name: 'duplicate stage name', dockerfile: '\nFROM scratch AS b\nFROM scratch AS b\n', expected: [['DuplicateStageName', 3, 'Duplicate stage name "b", stage names should be unique']] },
    { name: 'distinct stage names', dockerfile: '\nFROM scratch AS b1\nFROM scratch AS b2\n', expected: [] },
    { name: 'reserved stage names', dockerfile: '\nFROM scratch AS scratch\nFROM scratch AS context\n', expected: [['ReservedStageName', 2], ['ReservedStageName', 3]] },
    { name: 'reserved name as base only', dockerfile: '\nFROM scratch\nFROM scratch AS a\n', expected: [] },
    { name: 'MAINTAINER', dockerfile: '\nFROM scratch\nMAINTAINER me@example.org\n', expected: [['MaintainerDeprecated', 3, 'Maintainer instruction is deprecated in favor of using label']] },
    { name: 'authors label', dockerfile: '\nFROM scratch\nLABEL org.opencontainers.image.authors="me@example.org"\n', expected: [] },
    { name: 'warnings before a parse error', dockerfile: '\nFROM scratch AS BadStageName\nMAINTAINER me@example.org\nBADCMD\n', expected: [['StageNameCasing', 2], ['MaintainerDeprecated', 3]] },
    {
      name: 'legacy ENV and LABEL',
      dockerfile: '\nFROM scratch\nENV testkey value\nLABEL key value\n',
      expected: [
        ['LegacyKeyValueFormat', 3, '"ENV key=value" should be used instead of legacy "ENV key value" format'],
        ['LegacyKeyValueFormat', 4, '"LABEL key=value" should be used instead of legacy "LABEL key value" format'],
      ],
    },
    { name: 'key=value', dockerfile: '\nFROM scratch\nENV testkey=value\nLABEL key=value\n', expected: [] },
    { name: 'legacy form in a stage the target does not reach', dockerfile: '\nFROM scratch AS a\n\nFROM a AS b\nENV testkey value\nLABEL key value\n\nFROM a AS c\n', expected: [['LegacyKeyValueFormat', 5], ['LegacyKeyValueFormat', 6]] },
  ]);
});

describe("BuildKit's test cases: instructions and variables", () => {
  runCases([
    { name: 'shell-form CMD', dockerfile: '\nFROM scratch\nCMD mycommand\n', expected: [['JSONArgsRecommended', 3, 'JSON arguments recommended for CMD to prevent unintended behavior related to OS signals']] },
    { name: 'shell-form ENTRYPOINT', dockerfile: '\nFROM scratch\nENTRYPOINT mycommand\n', expected: [['JSONArgsRecommended', 3, 'JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals']] },
    { name: 'ENTRYPOINT after SHELL', dockerfile: '\nFROM scratch\nSHELL ["/usr/bin/customshell"]\nENTRYPOINT mycommand\n', expected: [] },
    { name: 'CMD after an inherited SHELL', dockerfile: '\nFROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nCMD mycommand\n', expected: [] },
    { name: 'after SHELL', dockerfile: '\nFROM scratch\nSHELL ["/usr/bin/customshell"]\nCMD mycommand\n', expected: [] },
    { name: 'after an inherited SHELL', dockerfile: '\nFROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nENTRYPOINT mycommand\n', expected: [] },
    {
      name: 'repeated ENTRYPOINT, CMD and HEALTHCHECK',
      dockerfile: '\nFROM scratch\nENTRYPOINT ["/myapp"]\nENTRYPOINT ["/myotherapp"]\nCMD ["/myapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
      expected: [['MultipleInstructionsDisallowed', 3, multiple('ENTRYPOINT')], ['MultipleInstructionsDisallowed', 5, multiple('CMD')], ['MultipleInstructionsDisallowed', 7, multiple('HEALTHCHECK')]],
    },
    {
      name: 'repeated across a heredoc COPY',
      dockerfile: '\nFROM scratch\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\nCOPY <<EOF /a.txt\nHello, World!\nEOF\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
      expected: [['MultipleInstructionsDisallowed', 3], ['MultipleInstructionsDisallowed', 4], ['MultipleInstructionsDisallowed', 5]],
    },
    { name: 'one of each per stage', dockerfile: '\nFROM scratch AS a\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\n\nFROM a AS b\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n', expected: [] },
    { name: 'relative WORKDIR', dockerfile: '\nFROM scratch\nWORKDIR app/\n', expected: [['WorkdirRelativePath', 3, 'Relative workdir "app/" can have unexpected results if the base image changes']] },
    { name: 'relative WORKDIR after an inherited absolute one', dockerfile: '\nFROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n', expected: [] },
    { name: 'declared ARG without value', dockerfile: '\nFROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n', expected: [] },
    { name: 'ARG from the base stage', dockerfile: '\nFROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n', expected: [] },
    { name: 'RUN is left to the shell', dockerfile: '\nFROM alpine\nRUN echo $PATH\n', expected: [] },
    { name: 'used before its ARG', dockerfile: '\nFROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n', expected: [['UndefinedVar', 3, undefinedVar('foo')]] },
    { name: 'a typo of an ARG', dockerfile: '\nFROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n', expected: [['UndefinedVar', 6, undefinedVar('DIR_ASSET', 'DIR_ASSETS')]] },
    { name: 'a typo of PATH', dockerfile: '\nFROM alpine\nENV PATH=$PAHT:/tmp/bin\n', expected: [['UndefinedVar', 3, undefinedVar('PAHT', 'PATH')]] },
    { name: 'every stage is checked', dockerfile: '\nFROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\nCOPY $bar .\n', expected: [['UndefinedVar', 3, undefinedVar('foo')], ['UndefinedVar', 6, undefinedVar('bar')]] },
    {
      name: 'secrets in ARG and ENV',
      dockerfile: '\nFROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\nARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\nENV PUBLIC_KEY=\nARG public_token\n',
      expected: [
        ['SecretsUsedInArgOrEnv', 3, secret('ARG', 'SECRET_PASSPHRASE')],
        ['SecretsUsedInArgOrEnv', 4, secret('ENV', 'SUPER_Secret')],
        ['SecretsUsedInArgOrEnv', 5, secret('ENV', 'password')],
        ['SecretsUsedInArgOrEnv', 5, secret('ENV', 'secret')],
        ['SecretsUsedInArgOrEnv', 6, secret('ARG', 'auth')],
        ['SecretsUsedInArgOrEnv', 6, secret('ARG', 'super_duper_secret_token')],
        ['SecretsUsedInArgOrEnv', 7, secret('ENV', 'apikey')],
        ['SecretsUsedInArgOrEnv', 8, secret('ENV', 'git_key')],
      ],
    },
  ]);
});

describe("BuildKit's test cases: FROM", () => {
  runCases([
    { name: 'ARG-built base', dockerfile: '\nARG base=scratch\nFROM $base\nCOPY Dockerfile .\n', expected: [] },
    { name: 'declared BUILDPLATFORM', dockerfile: '\nARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n', expected: [] },
    { name: 'predefined BUILDPLATFORM', dockerfile: '\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n', expected: [] },
    { name: 'empty ARG in the name', dockerfile: '\nARG DEBUG\nFROM scratch${DEBUG}\nCOPY Dockerfile .\n', expected: [] },
    { name: 'ARG with a default word', dockerfile: '\nARG DEBUG\nFROM scra${DEBUG:-tch}\nCOPY Dockerfile .\n', expected: [] },
    { name: 'an empty ARG with a default for unset', dockerfile: '\nARG DEBUG=""\nFROM scratch${DEBUG-@bogus}\nCOPY Dockerfile .\n', expected: [] },
    { name: 'a typo of BUILDPLATFORM', dockerfile: '\nFROM --platform=$BULIDPLATFORM scratch\nCOPY Dockerfile .\n', expected: [['UndefinedArgInFrom', 2, "FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)"]] },
    { name: 'a typo of MY_ARCH', dockerfile: '\nARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\nCOPY Dockerfile .\n', expected: [['UndefinedArgInFrom', 4, "FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?)"]] },
    { name: 'an undeclared ARG in the tag', dockerfile: '\nARG tag=latest\nFROM busybox:${tag}${version} AS b\nCOPY Dockerfile .\n', expected: [['UndefinedArgInFrom', 3, "FROM argument 'version' is not declared"]] },
    { name: 'empty default tag', dockerfile: '\nARG VERSION\nFROM busybox:$VERSION\n', expected: [['InvalidDefaultArgInFrom', 3]] },
    { name: 'empty default image', dockerfile: '\nARG IMAGE\nFROM $IMAGE\n', expected: [['InvalidDefaultArgInFrom', 3]] },
    { name: 'default that ends in a colon', dockerfile: '\nARG SFX="box:"\nFROM busy${SFX}\n', expected: [['InvalidDefaultArgInFrom', 3]] },
    { name: 'a valid default', dockerfile: '\nARG VERSION="latest"\nFROM busybox:${VERSION}\n', expected: [] },
    { name: 'an empty suffix', dockerfile: '\nARG BUSYBOX_VARIANT=""\nFROM busybox:stable${BUSYBOX_VARIANT}\n', expected: [] },
    { name: 'an unset suffix, indented', dockerfile: '\n\tARG BUSYBOX_VARIANT\n\tFROM busybox:stable${BUSYBOX_VARIANT}\n\t', expected: [] },
    { name: '$TARGETPLATFORM', dockerfile: '\nFROM --platform=$TARGETPLATFORM scratch\n', expected: [['RedundantTargetPlatform', 2, 'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior']] },
    { name: '${TARGETPLATFORM}', dockerfile: '\nFROM --platform=${TARGETPLATFORM} scratch\n', expected: [['RedundantTargetPlatform', 2, 'Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior']] },
    { name: 'constant platform', dockerfile: '\nFROM --platform=linux/amd64 scratch\n', expected: [['FromPlatformFlagConstDisallowed', 2, 'FROM --platform flag should not use constant value "linux/amd64"']] },
    { name: 'constant platform in a stage named for it', dockerfile: '\nFROM --platform=linux/amd64 scratch AS my_amd64_stage\n', expected: [] },
    { name: 'constant platform in a stage named for its OS', dockerfile: '\nFROM --platform=linux/amd64 scratch AS linux\n', expected: [] },
  ]);
});

describe("BuildKit's test cases and documented examples: EXPOSE and experimental checks", () => {
  runCases([
    { name: 'protocol casing', dockerfile: 'FROM alpine\nEXPOSE 80/TcP\n', expected: [['ExposeProtoCasing', 2, "Defined protocol '80/TcP' in EXPOSE instruction should be lowercase"]] },
    { name: 'IP and host port', dockerfile: 'FROM alpine\nEXPOSE 127.0.0.1:80:80\n', expected: [['ExposeInvalidFormat', 2, "EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'"]] },
    { name: 'host port', dockerfile: 'FROM alpine\nEXPOSE 80:80\n', expected: [['ExposeInvalidFormat', 2]] },
    { name: 'port only', dockerfile: 'FROM alpine\nEXPOSE 80 443/udp\n', expected: [] },
    { name: 'ignored files without the experimental check', dockerfile: '\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n', dockerignore: '\nDockerfile\n', expected: [] },
    {
      name: 'ignored files with the experimental check',
      dockerfile: '# check=experimental=CopyIgnoredFile\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n',
      dockerignore: '\nDockerfile\n',
      expected: [
        ['CopyIgnoredFile', 3, 'Attempting to Copy file "Dockerfile" that is excluded by .dockerignore'],
        ['CopyIgnoredFile', 4, 'Attempting to Add file "Dockerfile" that is excluded by .dockerignore'],
      ],
    },
    { name: 'skip=all leaves experimental checks on', dockerfile: '# check=skip=all;experimental=CopyIgnoredFile\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n', dockerignore: '\nDockerfile\n', expected: [['CopyIgnoredFile', 3], ['CopyIgnoredFile', 4]] },
    { name: 'ignored destination and --from', dockerfile: '\nFROM scratch AS base\nCOPY Dockerfile /foobar\nADD Dockerfile /windy\n\nFROM base\nCOPY --from=base /foobar /Dockerfile\n', dockerignore: '\nfoobar\n', expected: [] },
    {
      name: 'descriptions that follow the format',
      dockerfile: `# check=experimental=${description}\n# foo this is the foo\nARG foo=bar\n\n# base this is the base image\nFROM scratch AS base\n\n# version this is the version number\nARG version=latest\n\n# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n\n# comment for something other than ARG or FROM\nCOPY Dockerfile .\n`,
      expected: [],
    },
    {
      name: 'descriptions that do not',
      dockerfile: `# check=experimental=${description}\n# bar this is the bar\nARG foo=bar\n# BasE this is the BasE image\nFROM scratch AS base\n# definitely a bad comment\nARG version=latest\n# definitely a bad comment\nARG foo=baz bar=qux baz=quux\n`,
      expected: [
        [description, 3, 'Comment for ARG should follow the format: `# foo <description>`'],
        [description, 5, 'Comment for FROM should follow the format: `# base <description>`'],
        [description, 7, 'Comment for ARG should follow the format: `# version <description>`'],
        [description, 9, 'Comment for ARG should follow the format: `# <arg_key> <description>`'],
      ],
    },
  ]);
});

/** BuildKit's cases for the .dockerignore reading of CopyIgnoredFile (dockerfile2llb validations_test.go): [name, patterns, source, reported]. */
const ignoreCases: readonly (readonly [string, readonly string[], string, boolean])[] = [
  ['no dockerignore patterns', [], 'sub/a.txt', false],
  ['excluded file', ['sub'], 'sub/a.txt', true],
  ['file that is not excluded', ['sub'], 'other.txt', false],
  ['negation for a sibling file in the excluded directory', ['sub', '!sub/b.txt'], 'sub/a.txt', true],
  ['negation for an unrelated directory', ['sub', '!other.txt'], 'sub/a.txt', true],
  ['negation for a path that does not exist', ['sub', '!nope/missing.txt'], 'sub/a.txt', true],
  ['negation before the exclusion', ['!sub/b.txt', 'sub'], 'sub/a.txt', true],
  ['negation for an unrelated directory with wildcard', ['sub', '!other/*.txt'], 'sub/a.txt', true],
  ['negation inside the source path overridden by a later exclusion', ['!sub/keep.txt', 'sub'], 'sub', true],
  ['directory excluded and file inside it negated', ['sub', '!sub/keep.txt'], 'sub', false],
  ['directory excluded and nested file negated', ['sub', '!sub/nested/keep.txt'], 'sub', false],
  ['directory excluded and wildcard negation inside it', ['sub', '!sub/*.txt'], 'sub', false],
  ['negation with a wildcard that may match the source path', ['sub', '!*/keep.txt'], 'sub', false],
  ['wildcard source in an excluded directory with a negated file', ['sub', '!sub/keep.txt'], 'sub/*.txt', false],
  ['wildcard source directory with a negated file', ['sub', '!sub/keep.txt'], '*/keep.txt', false],
  ['escaped negation inside the source path', ['su.b', '!su\\.b/keep.txt'], 'su.b', false],
  ['negation overridden and then negated again', ['!sub/keep.txt', 'sub', '!sub/keep.txt'], 'sub', false],
  ['negated file is the source path', ['sub', '!sub/keep.txt'], 'sub/keep.txt', false],
  ['parent directory of the source path is negated', ['**', '!sub'], 'sub/a.txt', false],
  ['context root with everything excluded', ['*'], '.', true],
  ['context root with everything excluded and a negation', ['**', '!Dockerfile'], '.', false],
  ['context root with only dotfiles excluded', ['.*'], '.', false],
];

describe("BuildKit's test cases: the .dockerignore as CopyIgnoredFile reads it", () => {
  runCases(
    ignoreCases.flatMap(([name, patterns, source, reported]) =>
      (['COPY', 'ADD'] as const).map((keyword) => ({
        name: `${name} (${keyword})`,
        dockerfile: `# check=experimental=CopyIgnoredFile\nFROM scratch\n${keyword} ${source} /dst/\n`,
        dockerignore: patterns.join('\n'),
        expected: reported ? [['CopyIgnoredFile', 3, `Attempting to ${keyword === 'COPY' ? 'Copy' : 'Add'} file "${source}" that is excluded by .dockerignore`] as const] : [],
      })),
    ),
  );
});
