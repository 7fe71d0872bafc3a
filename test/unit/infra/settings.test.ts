import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationSeverity } from 'dockerfile-utils';
import { defaultSettings, libraryValidationSettings, normalizeSettings, toValidatorSettings } from '../../../server/src/infra/settings';
import { defaultPlatformNames, formatPlatform } from '../../../server/src/analysis/platforms';
import { buildFileChecks } from '../../../server/src/analysis/builds/check';
import { allRules } from '../../../server/src/analysis/rules/index';
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

test('every rule and build-file check has a dockerfileStages.rules.<Code> setting defaulting to its own severity', () => {
  const properties = packageJson.contributes.configuration.properties as Record<string, { default?: unknown; enum?: unknown[]; description?: string }>;
  for (const rule of [...allRules, ...buildFileChecks]) {
    const property = properties[`dockerfileStages.rules.${rule.code}`];
    assert.ok(property, `dockerfileStages.rules.${rule.code} is contributed`);
    assert.equal(property.default, rule.defaultSeverity);
    assert.deepEqual(property.enum, ['off', 'hint', 'information', 'warning', 'error']);
    assert.ok(property.description?.includes(rule.summary));
  }
  const contributed = Object.keys(properties).filter((key) => key.startsWith('dockerfileStages.rules.'));
  assert.equal(contributed.length, allRules.length + buildFileChecks.length, 'no setting for a rule that does not exist');
});

test('rule severities normalize, dropping unknown values', () => {
  const settings = normalizeSettings({ rules: { UnreachableStage: 'off', UndefinedStage: 'error', RootUserInFinalStage: 'loud' } });
  assert.deepEqual(settings.rules, { UnreachableStage: 'off', UndefinedStage: 'error' });
});

test('in Restricted Mode VS Code ignores a workspace\'s settings that change findings: rule and check severities, platforms, keepValidatorChecks', () => {
  const changingFindings = Object.keys(packageJson.contributes.configuration.properties).filter((key) =>
    /^dockerfileStages\.(rules\.|diagnostics\.|platforms$|keepValidatorChecks$)/.test(key),
  );
  const restricted = packageJson.capabilities.untrustedWorkspaces.restrictedConfigurations;
  assert.deepEqual([...restricted].sort(), [...changingFindings].sort());
  assert.equal(restricted.length, allRules.length + buildFileChecks.length + libraryValidationSettings.length + 2);
});

test('dockerfileStages.platforms: parsed and normalized, bad entries dropped, none means the defaults', () => {
  const platforms = (raw: unknown) => normalizeSettings({ platforms: raw }).platforms.map(formatPlatform);
  assert.deepEqual(platforms(['linux/arm64/v8', 'Linux/x86_64', 'linux/arm', 'nonsense', 'linux/amd64', 42]), ['linux/arm64', 'linux/amd64', 'linux/arm/v7']);
  assert.deepEqual(platforms(['windows/amd64']), ['windows/amd64']);
  assert.deepEqual(platforms([]), defaultPlatformNames);
  assert.deepEqual(platforms('linux/amd64'), defaultPlatformNames);
  assert.deepEqual(defaultSettings.platforms.map(formatPlatform), defaultPlatformNames);
});

test('package.json contributes dockerfileStages.platforms with the defaults the server uses', () => {
  const properties = packageJson.contributes.configuration.properties as Record<string, { default?: unknown }>;
  const property = properties['dockerfileStages.platforms'];
  assert.ok(property, 'dockerfileStages.platforms is contributed');
  assert.deepEqual(property.default, defaultPlatformNames);
});

test("a library setting for a check BuildKit also has sets the rule's severity; keepValidatorChecks turns the differing ones off", () => {
  const settings = normalizeSettings({ diagnostics: { deprecatedMaintainer: 'ignore', instructionCasing: 'error' }, rules: { MaintainerDeprecated: 'hint' } });
  assert.equal(settings.rules.MaintainerDeprecated, 'hint');
  assert.equal(settings.rules.ConsistentInstructionCasing, 'error');
  assert.equal(settings.rules.WorkdirRelativePath, undefined);
  const kept = normalizeSettings({ keepValidatorChecks: true });
  assert.equal(kept.keepValidatorChecks, true);
  assert.equal(kept.rules.ConsistentInstructionCasing, 'off');
  assert.equal(kept.rules.WorkdirRelativePath, 'off');
  assert.equal(kept.rules.MaintainerDeprecated, undefined);
});
