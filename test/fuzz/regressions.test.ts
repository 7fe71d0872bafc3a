// Inputs fuzzing once broke, kept in test/fixtures/regressions/ (README there says what each
// broke): every analysis feature, the library calls the server makes and the converter must
// hold on them. The long fuzz run adds its findings to the same folder.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkConversion, exerciseAnalysis, exerciseLibrary } from './exercise';
import { regressionsRoot } from './property';

const cases = readdirSync(regressionsRoot)
  .filter((name) => name.endsWith('.txt'))
  .sort();

describe('fuzzing regressions', () => {
  test('the fixture folder holds the cases', () => {
    assert.ok(cases.length >= 10, `${cases.length} cases in ${regressionsRoot}`);
  });

  for (const name of cases) {
    test(name, async () => {
      const text = readFileSync(path.join(regressionsRoot, name), 'utf8');
      exerciseAnalysis(text);
      await exerciseLibrary(text);
      checkConversion(text);
    });
  }
});
