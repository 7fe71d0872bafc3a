import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationSeverity } from 'dockerfile-utils';
import { defaultSettings, libraryValidationSettings, normalizeSettings, toValidatorSettings } from '../../../server/src/features/settings';
import packageJson from '../../../package.json';

test('every library validation setting is contributed in package.json with the same default', () => {
  const properties = packageJson.contributes.configuration.properties as Record<string, { default?: unknown; enum?: unknown[]; scope?: string }>;
  for (const key of libraryValidationSettings) {
    const property = properties[`dockerfileStages.diagnostics.${key}`];
    assert.ok(property, `dockerfileStages.diagnostics.${key} is contributed`);
    assert.equal(property.default, defaultSettings.diagnostics[key]);
    assert.deepEqual(property.enum, ['ignore', 'warning', 'error']);
    assert.equal(property.scope, 'resource');
  }
  assert.equal(libraryValidationSettings.length, 9);
});

test('settings normalize to valid values and map to the library severities', () => {
  const settings = normalizeSettings({ diagnostics: { instructionCasing: 'error', directiveCasing: 'ignore', emptyContinuationLine: 'shout' } });
  assert.equal(settings.diagnostics.instructionCasing, 'error');
  assert.equal(settings.diagnostics.emptyContinuationLine, 'warning');
  const validator = toValidatorSettings(settings);
  assert.equal(validator.instructionCasing, ValidationSeverity.ERROR);
  assert.equal(validator.directiveCasing, ValidationSeverity.IGNORE);
  assert.equal(validator.deprecatedMaintainer, ValidationSeverity.WARNING);
  assert.deepEqual(normalizeSettings(null), defaultSettings);
  assert.deepEqual(normalizeSettings('nonsense'), defaultSettings);
});
