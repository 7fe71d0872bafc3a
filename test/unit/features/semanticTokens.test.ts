import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DocumentModel } from '../../../server/src/analysis/documentModel';
import { computeSemanticTokens, placedSemanticTokens } from '../../../server/src/analysis/semanticTokens';
import type { PlacedToken } from '../../../server/src/analysis/semanticTokenWriter';
import { encodeForClient } from '../../../server/src/features/semanticTokens';

const modelOf = (text: string) => new DocumentModel('file:///w/Dockerfile', 1, text);
const token = (startLine: number, startCharacter: number, endLine: number, endCharacter: number, type = 2): PlacedToken => ({
  range: { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } },
  type,
  modifiers: 0,
});

/** `line:character:length` of each encoded token, decoded as LSP prescribes. */
function decoded(data: readonly number[]): string[] {
  const tokens: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    tokens.push(`${line}:${character}:${data[i + 2]}`);
  }
  return tokens;
}

describe('semantic tokens as sent to the client', () => {
  test('on well-formed files they are the producer\'s (and so the library\'s) tokens', () => {
    const corpus = path.resolve(__dirname, '../../fixtures/corpus');
    const files = readdirSync(corpus)
      .map((name) => path.join(corpus, name, 'Dockerfile'))
      .filter((file) => existsSync(file));
    assert.ok(files.length > 20);
    for (const file of files) {
      const model = modelOf(readFileSync(file, 'utf8'));
      const produced = computeSemanticTokens(model).data;
      // Zero-length tokens colour nothing and are left out.
      const withoutEmpty = produced.filter((_, index) => produced[index - (index % 5) + 2] !== 0);
      assert.deepEqual(encodeForClient(model, placedSemanticTokens(model)), withoutEmpty, file);
    }
  });

  test('a token spanning lines is cut into one per line, never into the line break', () => {
    const model = modelOf('RUN echo "a \\\r\n  b"\nCMD x\n');
    assert.deepEqual(decoded(encodeForClient(model, [token(0, 9, 1, 4), token(2, 0, 2, 3)])), ['0:9:4', '1:0:4', '2:0:3']);
  });

  test('tokens that step back, overlap, have no length or lie past the last line are left out', () => {
    const model = modelOf('HEALTHCHECK  \\\nCOPY --from=  /dst\n');
    const tokens = [token(0, 0, 0, 11), token(1, 5, 1, 11), token(1, 0, 1, 4), token(1, 8, 1, 12), token(1, 12, 1, 12), token(1, 14, 1, 13), token(1, 13, 1, 17), token(9, 0, 9, 3)];
    assert.deepEqual(decoded(encodeForClient(model, tokens)), ['0:0:11', '1:5:6', '1:13:4']);
  });

  test('the library\'s own step back on a HEALTHCHECK continued into COPY comes out in order', () => {
    const model = modelOf('HEALTHCHECK  \\\nCOPY --from=  /dst');
    const produced = computeSemanticTokens(model).data;
    assert.ok(produced.some((value, index) => index % 5 === 1 && value < 0), 'the producer, like the library, steps back here');
    const sent = encodeForClient(model, placedSemanticTokens(model));
    assert.ok(sent.every((value) => value >= 0));
    assert.deepEqual(decoded(sent), ['0:0:11', '0:13:1', '1:5:6', '1:11:1', '1:14:4']);
  });
});
