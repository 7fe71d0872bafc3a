import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { validate, ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';
import type { Diagnostic } from 'vscode-languageserver-types';
import { installLibraryFixes } from '../../../server/src/libraryFixes/index';

// Versions of one file with the same lines, where only the definitions that other instructions'
// checks resolve change: the port EXPOSE expands to, the signal STOPSIGNAL expands to, the image
// variable FROM names.
const defined = [
  'ARG BASE=alpine:3.20',
  'FROM $BASE AS build',
  'ENV PORT=8080 SIGNAL=9',
  'EXPOSE $PORT',
  'STOPSIGNAL $SIGNAL',
  'RUN echo ${PORT:x} \\',
  '',
  '    && true',
  'env A=${B:x}',
  'ONBUILD RUN echo',
  'ONBUILD FROM alpine',
  'CMD ["a"]',
  'CMD ["b"]',
  '',
].join('\n');
const redefined = defined.replace('PORT=8080 SIGNAL=9', 'PORT=80/ipx').replace('ARG BASE=alpine:3.20', '# no BASE');
const quiet: ValidatorSettings = { instructionCasing: ValidationSeverity.IGNORE, instructionCmdMultiple: ValidationSeverity.IGNORE };

const corpus = path.resolve(__dirname, '..', '..', 'fixtures', 'corpus');
const corpusTexts = readdirSync(corpus, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => readFileSync(path.join(corpus, entry.name, 'Dockerfile'), 'utf8'));

/** The same lines with every ARG and ENV commented out: what other instructions resolve is gone. */
function withoutDefinitions(text: string): string {
  return text.replace(/^(\s*)(ARG|ENV)\b/gim, '$1# $2');
}

// What dockerfile-utils finds in each version, worked out before any test installs the memo.
const expected = {
  defined: validate(defined),
  redefined: validate(redefined),
  quietDefined: validate(defined, quiet),
  corpus: corpusTexts.map((text) => ({ text: validate(text), withoutDefinitions: validate(withoutDefinitions(text)) })),
};

test('the versions differ in what the checks that resolve variables find, so the tests below can fail', () => {
  const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => `${diagnostic.range.start.line}:${String(diagnostic.code)}`).sort();
  assert.notDeepEqual(codes(expected.redefined), codes(expected.defined));
  for (const line of [1, 3, 4]) {
    assert.equal(expected.defined.filter((diagnostic) => diagnostic.range.start.line === line).length, 0, `line ${line + 1} is valid with the definitions`);
    assert.ok(expected.redefined.some((diagnostic) => diagnostic.range.start.line === line), `line ${line + 1} is invalid with the other definitions`);
  }
  assert.ok(expected.defined.some((diagnostic) => diagnostic.range.start.line === 8), 'the unsupported modifier is found');
  assert.ok(expected.defined.some((diagnostic) => diagnostic.range.start.line === 10), 'the ONBUILD FROM trigger is found');
  assert.ok(expected.quietDefined.length < expected.defined.length, 'the quiet settings hide some problems');
});

test('memoized validation finds what the library finds, version after version and under other settings', () => {
  installLibraryFixes();
  for (let round = 0; round < 2; round++) {
    assert.deepEqual(validate(defined), expected.defined);
    assert.deepEqual(validate(redefined), expected.redefined, 'instructions unchanged but resolving other definitions');
    assert.deepEqual(validate(defined, quiet), expected.quietDefined, 'the same text under other settings');
  }
});

test('every caller gets its own copies of what a recent version found', () => {
  installLibraryFixes();
  const first = validate(defined);
  for (const diagnostic of first) {
    diagnostic.range.start.line = -1;
    diagnostic.message = 'changed';
  }
  assert.deepEqual(validate(defined), expected.defined);
});

test('memoized validation matches the library on every corpus file, with and without its ARG and ENV definitions', () => {
  installLibraryFixes();
  corpusTexts.forEach((text, index) => {
    assert.deepEqual(validate(text), expected.corpus[index].text);
    assert.deepEqual(validate(withoutDefinitions(text)), expected.corpus[index].withoutDefinitions);
    assert.deepEqual(validate(text), expected.corpus[index].text);
  });
});
