import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationSeverity } from 'dockerfile-utils';
import { validateWithLibrary } from '../../../server/src/analysis/libraryValidation';

test("the library's diagnostics come through, and a library that throws yields none with the reason", () => {
  const ok = validateWithLibrary('from alpine:3.20\n', { instructionCasing: ValidationSeverity.WARNING });
  assert.equal(ok.failure, undefined);
  assert.equal(ok.diagnostics.length, 1);

  // dockerfile-utils 0.16.3 throws on a stage named like an Object method.
  const broken = validateWithLibrary('FROM alpine:3.20 AS constructor\nFROM constructor\n', {});
  assert.deepEqual(broken.diagnostics, []);
  assert.match(broken.failure ?? '', /\w/);
});
