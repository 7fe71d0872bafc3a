import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { TokensLegend } from 'dockerfile-language-service/lib/dockerSemanticTokens';
import { DockerfileParser } from 'dockerfile-ast';
import { DocumentModelCache } from '../../../server/src/analysis/documentModel';
import { computeSemanticTokens, placedSemanticTokens, semanticTokenLegend } from '../../../server/src/analysis/semanticTokens';
import { shareParsesWithLibrary } from '../../../server/src/libraryFixes/sharedParse';
import { modelOf } from '../helpers';

const library = DockerfileLanguageServiceFactory.createLanguageService();

function ours(text: string): number[] {
  return computeSemanticTokens(modelOf(text)).data;
}

function libraryTokens(text: string): number[] {
  return library.computeSemanticTokens(text).data;
}

/** Tokens as `line:character:length type[+modifiers]`, absolute, for readable expectations. */
function readable(data: readonly number[]): string[] {
  const tokens: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [deltaLine, deltaCharacter, length, type, modifiers] = data.slice(i, i + 5);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaCharacter : deltaCharacter;
    const modifierNames = semanticTokenLegend.tokenModifiers.filter((_, bit) => modifiers & (1 << bit));
    tokens.push(`${line}:${character}:${length} ${[semanticTokenLegend.tokenTypes[type], ...modifierNames].join('+')}`);
  }
  return tokens;
}

const root = path.resolve(__dirname, '../../..');

function dockerfilesUnder(folder: string): string[] {
  const entries = readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /^(?:(?:docker|container)file(?:\..+)?|.+\.(?:docker|container)file)$/i.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

const cases: Record<string, string> = {
  'comments, including one at the end of the file': '# leading comment\nFROM alpine\n   # indented comment\nRUN true\n# trailing',
  'parser directives': '# syntax=docker/dockerfile:1\n#check=skip=all\n# escape=\\\nFROM alpine\n',
  'escape directive with a backtick': '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir c:\\ `\n    && echo "done"\nCOPY C:\\src C:\\dest\n',
  'heredocs': 'FROM alpine\nRUN <<EOF\nset -e\necho "$HOME"\nEOF\nCOPY <<-EOT /etc/app.conf\n\tkey=${VALUE}\n\tEOT\nRUN <<A <<B cat\na\nA\nb\nB\n',
  'JSON-form CMD, ENTRYPOINT and SHELL': 'FROM alpine\nSHELL ["/bin/sh", "-c"]\nENTRYPOINT ["/app", "--flag"]\nCMD [ "serve", "--port=8080" ]\nCMD ["unclosed", \n',
  'variables in every form': 'FROM alpine\nARG A=1\nRUN echo $A ${A} ${A:-x} ${A:+y} ${A:} ${A: } $A$B "$A" \'$A\' \\$A $ ${ a$B/c ${A:-"q"}\nWORKDIR /app/${A}\n',
  'quotes: closed, unclosed, escaped, spanning arguments': 'FROM alpine\nRUN echo "a b" \'c d\' "e\\"f" \'open\nRUN echo "one two\nRUN echo done\nLABEL k="v w" other=\'x y\'\n',
  'continuations with comments in between': 'FROM alpine\nRUN apk add \\\n# comment\n    curl \\\n    # indented comment \\\n    git\n',
  'empty continuation lines': 'FROM alpine\nRUN echo a \\\n\n    b \\\n    \n    c\n',
  ONBUILD: 'FROM alpine\nONBUILD RUN echo "$A" && make\nONBUILD COPY --from=build /a /b\nONBUILD\n',
  'HEALTHCHECK CMD and NONE': 'FROM alpine\nHEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost/ || exit 1\nHEALTHCHECK NONE\n',
  'FROM forms: registry with port, tag, digest, variables, AS': [
    'ARG REGISTRY=registry.example.com:5000',
    'ARG TAG=1.0',
    'FROM --platform=$BUILDPLATFORM ${REGISTRY}/team/app:${TAG}@sha256:0123 AS base',
    'FROM localhost/app:1 as other extra',
    'FROM base AS final',
    'FROM scratch',
    'FROM image:tag trailing words',
    'FROM a.b/c',
  ].join('\n'),
  'flags with options and values': 'FROM alpine\nRUN --mount=type=cache,target=/root/.cache,id=${ID} --mount=type=bind, --network=none make\nCOPY --from=build --chown=app:app --link /out/ /app/\nADD --checksum=sha256:abc --x= https://example.com/a /b\n',
  'ARG and ENV declarations': 'ARG A\nARG B=1\nARG C="quoted value"\nENV D=1 E="two words" F=${B}\nENV G legacy form value\nENV H= I=\n',
  'MAINTAINER is deprecated, unknown and lowercase keywords': 'from alpine\nMAINTAINER someone <someone@example.com>\nrun echo hi\nUNKNOWN instruction here\nEXPOSE 80/tcp 443\nUSER app:app\nVOLUME ["/data"]\nSTOPSIGNAL SIGTERM\n',
  'LABEL values in single quotes keep their variables literal': "FROM alpine\nLABEL a='$A' b=\"$B\" c='${C}x' 'd'=e\n",
  'an instruction with only an escaped newline and a comment': 'FROM alpine\nRUN \\\n# only a comment\n',
  'a file with no trailing newline': 'FROM alpine\nRUN echo "no newline at the end"',
  'tabs, blank lines and whitespace-only lines': 'FROM\talpine\n\n   \n\tRUN\techo\t"x"\n',
  'a byte order mark before the escape directive': '\ufeff# escape=`\nFROM alpine\nRUN echo `\n  done\n',
  'a quoted string over a line break': 'FROM alpine\nRUN echo "a\nb" c\n',
};

describe('semantic tokens equal dockerfile-language-service 0.16.1', () => {
  test('the legend is the library\'s, in its order', () => {
    semanticTokenLegend.tokenTypes.forEach((type, index) => assert.equal(TokensLegend.getTokenType(type), index, type));
    semanticTokenLegend.tokenModifiers.forEach((modifier, index) => assert.equal(TokensLegend.getTokenModifiers([modifier]), 1 << index, modifier));
  });

  test('an empty file has no tokens', () => {
    assert.deepEqual(ours(''), []);
    assert.deepEqual(libraryTokens(''), []);
  });

  for (const [name, text] of Object.entries(cases)) {
    test(name, () => {
      const expected = libraryTokens(text);
      assert.ok(expected.length > 0, 'the case should produce tokens');
      assert.deepEqual(ours(text), expected);
    });
    test(`${name}, with CRLF line endings`, () => {
      const crlf = text.replace(/\n/g, '\r\n');
      assert.deepEqual(ours(crlf), libraryTokens(crlf));
    });
  }

  test('a variable, tag and digest are told apart in FROM', () => {
    const text = 'ARG R=r\nFROM ${R}/img:1.0@sha256:ab AS x\n';
    assert.deepEqual(ours(text), libraryTokens(text));
    assert.deepEqual(readable(ours(text)).slice(4), ['1:0:4 keyword', '1:5:4 variable', '1:9:4 class', '1:14:3 property', '1:18:9 property', '1:28:2 keyword', '1:31:1 namespace']);
  });
});

describe('semantic tokens of the example and fixture Dockerfiles equal the library\'s', () => {
  const files = [...dockerfilesUnder('examples'), ...dockerfilesUnder('test/fixtures')];
  test('there are Dockerfiles to compare', () => assert.ok(files.length > 0));
  for (const file of files) {
    test(file, () => {
      const text = readFileSync(path.join(root, file), 'utf8');
      assert.deepEqual(ours(text), libraryTokens(text));
    });
  }
});

/**
 * The library has no answer for some texts: it throws. Ours still highlights them; these tests
 * pin both, so a library upgrade that fixes them is noticed.
 */
describe('where the library throws', () => {
  test('a variable modifier at the start of a continuation line', () => {
    // The operator before the modifier would be at character -1 and Range.create rejects it.
    const text = 'RUN echo ${A:\\\n-x}\n';
    assert.throws(() => libraryTokens(text), /Range#create called with invalid arguments/);
    assert.deepEqual(readable(ours(text)), ['0:0:3 keyword', '0:4:4 parameter', '0:9:4 variable', '0:13:1 macro', '1:0:1 modifier', '1:1:2 variable']);
  });

  test('an argument continued over a lone \\r line ending', () => {
    // Only `\n` ends an escaped line in the library's splitting, so it splits the same range
    // again and again until the stack overflows. Ours gives each line's part its own token.
    const text = 'RUN ec\\\rho hi\r';
    assert.throws(() => libraryTokens(text), RangeError);
    assert.deepEqual(readable(ours(text)), ['0:0:3 keyword', '0:4:3 parameter', '1:0:2 parameter', '1:3:2 parameter']);
  });

  test('a variable reference continued over comment lines', () => {
    const text = 'FROM ${\\\n#x\na\\\n# ${A:-x}\na';
    assert.throws(() => libraryTokens(text), RangeError);
    const tokens = ours(text);
    assert.equal(tokens.length % 5, 0);
    assert.ok(tokens.length > 5, 'more than the keyword is highlighted');
  });
});

/**
 * Why the server runs its own producer even where the library answers (docs/performance.md, "Why
 * the copy stays"): these pin the two behaviours, so a library upgrade that changes them is noticed.
 */
describe('what the library\'s producer does that the server cannot take', () => {
  test('on a `$` before an escaped newline its data steps back a line, and holds no range to place the tokens by', () => {
    const text = 'RUN echo a$\\\nb\nCMD x\n';
    const lineDeltas = libraryTokens(text).filter((_, index) => index % 5 === 0);
    assert.ok(lineDeltas.includes(-1), 'a negative line delta, which LSP clients cannot decode');
    const placed = placedSemanticTokens(modelOf(text));
    assert.ok(placed.some((token) => token.range.end.line < token.range.start.line), 'the token behind it ends on the line before it starts');
  });

  test('it deletes the comments inside a continued instruction from the parse it is handed', () => {
    const text = 'FROM alpine\nRUN apk add \\\n# inside the RUN\n    curl\n# after it\n';
    const models = new DocumentModelCache();
    const parse = DockerfileParser.parse;
    shareParsesWithLibrary(models);
    try {
      const model = models.get('file:///t/Dockerfile', 1, text);
      const comments = () => model.dockerfile.getComments().map((comment) => comment.getContent());
      computeSemanticTokens(model);
      assert.deepEqual(comments(), ['inside the RUN', 'after it'], 'ours only reads the parse');
      libraryTokens(text);
      assert.deepEqual(comments(), ['after it'], 'every other feature would now miss the comment');
    } finally {
      Object.assign(DockerfileParser, { parse });
    }
  });
});

/** Dockerfile-like text from the fragments that steer the library's tokenizer. */
const fragment = fc.constantFrom(
  'a', 'app', '/usr/src', 'node:20', 'registry:5000/team/app:1.0@sha256:abc', 'localhost/a:b', 'a.b/c', 'build', 'AS', 'as',
  '&&', ';', '-c', '.', '=', 'a=b', 'k="v w"', "'q'", '"dq"', '"open', "'open", 'x\\"y', '#', '# c', '[', ']', '["a", "b"]', ',',
  '$A', '${A}', '${A:-x}', '${A:+y}', '${A:}', '${A: }', '$', '${', '}', '\\$A', 'a$B/c', '$A$B', '"${A}"', "'$A'", '${A:-"q"}',
  'img:${T}', '${R}/img@${D}', 'registry.io/${IMG}:${TAG}', '${A:\\\n-x}', '${A\\\n}', '$A\\\nB', 'a\\\n  b', '"a\\\nb"',
  '--from=build', '--mount=type=cache,target=/root', '--mount=type=bind,', '--mount=from=${S},target=/x', '--chown=1:1', '--platform=$P',
  '--', '--flag', '--x=', '--a=${B}', '<<EOF', '<<-EOT', 'EOF', '`', '\\', '\\\\', '@sha256:0', ':', '1', 'CMD', 'RUN',
);
const keyword = fc.constantFrom(
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG',
  'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL', 'from', 'run', 'Unknown',
);
const separator = fc.constantFrom(
  ' ', ' ', ' ', '  ', '\t', ' \\\n', ' \\\n  ', '\\\n', ' \\\n# comment\n ', ' \\\n\n ', ' \\ \n', ' `\n', '\\\n#x\n', ' \\\n  # c \\\n',
);
const instruction = fc
  .tuple(keyword, fc.array(fc.tuple(separator, fragment), { maxLength: 6 }), fc.constantFrom('', ' ', ' \\', '\\'))
  .map(([name, parts, tail]) => name + parts.map(([space, part]) => space + part).join('') + tail);
const line = fc.oneof(
  { weight: 6, arbitrary: instruction },
  { weight: 1, arbitrary: fragment.map((text) => `# ${text}`) },
  { weight: 1, arbitrary: fc.constantFrom('# escape=`', '# syntax=docker/dockerfile:1', '#escape=\\', '# check=skip=all', '# escape=', '#  directive = value ') },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '\t') },
  { weight: 1, arbitrary: fragment },
);
const dockerfileText = fc
  .tuple(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\n', '\r\n', '\r'), fc.boolean())
  .map(([lines, lineEnd, trailing]) => lines.join(lineEnd) + (trailing ? lineEnd : ''));

test('property: for Dockerfile-like text, the tokens are the library\'s wherever it has an answer', () => {
  fc.assert(
    fc.property(dockerfileText, (text) => {
      let expected: number[];
      try {
        expected = libraryTokens(text);
      } catch {
        const tokens = ours(text);
        assert.equal(tokens.length % 5, 0);
        return;
      }
      assert.deepEqual(ours(text), expected);
    }),
    { numRuns: 3000 },
  );
});
