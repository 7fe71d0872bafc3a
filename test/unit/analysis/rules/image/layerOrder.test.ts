import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Copy } from 'dockerfile-ast';
import { cacheBustingCopyOrder } from '../../../../../server/src/analysis/rules/image/layerOrder';
import { check, lines, modelOf, rangeText } from '../../../helpers';

describe('CacheBustingCopyOrder', () => {
  test('fires on COPY . . before the dependency install', () => {
    const text = lines('FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev');
    const [finding] = check(cacheBustingCopyOrder, text);
    assert.equal(rangeText(text, finding), 'COPY . .');
    assert.match(finding.message, /`npm ci` \(line 4\).*package\.json, package-lock\.json/);
  });

  test('names the requirements file for pip', () => {
    const [finding] = check(cacheBustingCopyOrder, lines('FROM python:3.12-slim', 'COPY . /src', 'RUN pip install --no-cache-dir -r /src/requirements.txt'));
    assert.match(finding.message, /requirements\.txt first/);
  });

  test('does not fire when the manifest is copied and installed first, or the install needs the sources', () => {
    assert.deepEqual(check(cacheBustingCopyOrder, lines('FROM node:20', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .', 'RUN npm run build')), []);
    assert.deepEqual(check(cacheBustingCopyOrder, lines('FROM python:3.12', 'COPY . .', 'RUN pip install .')), []);
    assert.deepEqual(check(cacheBustingCopyOrder, lines('FROM node:20 AS b', 'FROM node:20', 'COPY --from=b . .', 'RUN npm ci')), []);
  });

  test('finds the whole context exactly where dockerfile-ast\'s arguments say so, however the COPY is written', () => {
    const piece = fc.constantFrom(' ', '.', './', '*', 'a', 'src/', '/app', '--chown=1', '--from=x', '\\\n', '\\', '`', '\\\n# c .\n', '"."', '<<EOF', '\nEOF\n', '\n.\nEOF\n', '\t');
    fc.assert(
      fc.property(fc.constantFrom('', '# escape=`\n'), fc.constantFrom('COPY', 'ADD'), fc.array(piece, { maxLength: 10 }), (header, keyword, pieces) => {
        const text = `${header}FROM node:20\n${keyword} ${pieces.join('')}\nRUN npm ci\n`;
        const [, copy, run] = modelOf(text).dockerfile.getInstructions();
        // Only a COPY followed by the install it would bust the cache of.
        if (copy?.getKeyword() !== keyword || run?.getKeyword() !== 'RUN') return;
        const sources = copy
          .getArguments()
          .map((argument) => argument.getValue())
          .filter((value) => !value.startsWith('--'));
        const expected =
          !(copy instanceof Copy && copy.getFromFlag()) && sources.length >= 2 && sources.slice(0, -1).some((source) => source === '.' || source === './' || source === '*');
        assert.equal(check(cacheBustingCopyOrder, text).length, expected ? 1 : 0, text);
      }),
      { numRuns: 2000 },
    );
  });
});
