import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheBustingCopyOrder } from '../../../../../server/src/analysis/rules/image/layerOrder';
import { check, lines, rangeText } from '../../../helpers';

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
});
