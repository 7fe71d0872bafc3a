import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Run } from 'dockerfile-ast';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { validate } from 'dockerfile-utils';
import { parseDockerfile } from '../../../server/src/analysis/documentModel';
import { installLibraryFixes } from '../../../server/src/libraryFixes/index';

installLibraryFixes();

const library = DockerfileLanguageServiceFactory.createLanguageService();

describe('dockerfile-ast repairs', () => {
  test('a variable on the first line after a byte order mark or an indent resolves instead of recursing forever', () => {
    for (const text of ['\uFEFFWORKDIR ${BASE}\n', ' ARG A=$B\nFROM alpine:3.20\n', '\uFEFFFROM  a AS $']) {
      assert.doesNotThrow(() => validate(text), JSON.stringify(text));
      for (let character = 0; character < 16; character++) {
        assert.doesNotThrow(() => library.computeHover(text, { line: 0, character }), `hover at ${character} of ${JSON.stringify(text)}`);
        assert.doesNotThrow(() => library.computeCompletionItems(text, { line: 0, character }));
      }
    }
  });

  test('such a line belongs to the part of the file it is in', () => {
    const dockerfile = parseDockerfile('  ARG VERSION=1\nFROM alpine:${VERSION}\n  RUN echo $VERSION\n');
    const initial = dockerfile.getContainingImage({ line: 0, character: 0 });
    assert.deepEqual(
      initial?.getARGs().map((arg) => arg.getProperty()?.getName()),
      ['VERSION'],
    );
    assert.deepEqual(
      dockerfile.getContainingImage({ line: 2, character: 0 })?.getInstructions().map((instruction) => instruction.getKeyword()),
      ['FROM', 'RUN'],
    );
    assert.equal(dockerfile.resolveVariable('VERSION', 0), undefined, 'not yet defined on its own line');
  });

  test('heredocs the library cannot read count as none; the others read as before', () => {
    const [broken] = parseDockerfile('FROM alpine:3.20\nRUN <<EOF\n\\\n EOF\n').getInstructions().filter((instruction) => instruction instanceof Run);
    assert.deepEqual((broken as Run).getHeredocs(), []);
    const [good] = parseDockerfile('FROM alpine:3.20\nRUN <<EOF\necho hi\nEOF\n').getInstructions().filter((instruction) => instruction instanceof Run);
    assert.deepEqual(
      (good as Run).getHeredocs().map((heredoc) => heredoc.getName()),
      ['EOF'],
    );
    assert.doesNotThrow(() => validate('FROM alpine:3.20\nRUN <<EOF\n\\\n EOF\n'));
  });
});
