import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationCode, ValidationSeverity } from 'dockerfile-utils';
import { validateWithLibrary } from '../../../server/src/analysis/libraryValidation';

test("the library's diagnostics come through, and a library that throws yields none with the reason", () => {
  const ok = validateWithLibrary('FROM alpine:3.20\nEXPOSE 80/bogus\n', { instructionCasing: ValidationSeverity.WARNING });
  assert.equal(ok.failure, undefined);
  assert.equal(ok.diagnostics.length, 1);

  // dockerfile-utils 0.16.3 throws on a stage named like an Object method.
  const broken = validateWithLibrary('FROM alpine:3.20 AS constructor\nFROM constructor\n', {});
  assert.deepEqual(broken.diagnostics, []);
  assert.match(broken.failure ?? '', /\w/);
});

test('checks BuildKit also has are left to our rules; the casing and WORKDIR ones come back with keepValidatorChecks', () => {
  const text = 'from alpine:3.20\nMAINTAINER me\nWORKDIR app\nCMD ["a"]\nCMD ["b"]\nFROM alpine AS x\nFROM alpine AS x\nRUN a \\\n\n  b\n';
  const settings = { instructionCasing: ValidationSeverity.WARNING, instructionWorkdirRelative: ValidationSeverity.WARNING };
  assert.deepEqual(validateWithLibrary(text, settings).diagnostics, []);
  const kept = validateWithLibrary(text, settings, undefined, true).diagnostics.map((diagnostic) => diagnostic.code).sort();
  assert.deepEqual(kept, [ValidationCode.CASING_INSTRUCTION, ValidationCode.WORKDIR_IS_NOT_ABSOLUTE].sort());
});
