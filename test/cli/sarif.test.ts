import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import packageJson from '../../package.json';
import { allRules } from '../../server/src/analysis/rules/index';
import { ruleHelpUri } from '../../server/src/cli/ruleDocs';
import { lines, runCli, workspace } from './helpers';

const schema = JSON.parse(readFileSync(path.join(__dirname, 'schema', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

function assertValid(log: unknown): asserts log is Log {
  assert.ok(validateSarif(log), `not SARIF 2.1.0: ${ajv.errorsText(validateSarif.errors)}`);
}

/** An undefined stage (warning), an unused stage (hint) and the library's duplicate-name errors. */
const dockerfile = lines('FROM scratch AS a', 'FROM scratch AS a', 'FROM scratch AS unused', 'FROM scratch', 'COPY --from=bulid /app /app', 'USER 65534', 'ENTRYPOINT ["/app"]', 'EXPOSE 80/bogus');

describe('dockerfile-stages lint --format sarif', () => {
  let files: ReturnType<typeof workspace>;
  before(() => {
    files = workspace({ 'app/Dockerfile': dockerfile, 'clean/Dockerfile': lines('FROM scratch', 'USER 65534', 'ENTRYPOINT ["/app"]') });
  });
  after(() => files.remove());
  const sarif = (args: string[], input?: string) => {
    const result = runCli(['lint', '--format', 'sarif', ...args], { cwd: files.root, input });
    return { ...result, log: JSON.parse(result.stdout) as unknown };
  };
  const results = (log: Log): Result[] => log.runs[0].results ?? [];
  const rules = (log: Log): ReportingDescriptor[] => log.runs[0].tool.driver.rules ?? [];

  test('is valid against the SARIF 2.1.0 schema, with and without results', () => {
    const withFindings = sarif(['--severity', 'hint', 'app']);
    assert.equal(withFindings.status, 1);
    assertValid(withFindings.log);
    assert.equal(withFindings.log.version, '2.1.0');
    const clean = sarif(['clean']);
    assert.equal(clean.status, 0);
    assertValid(clean.log);
    assert.deepEqual(results(clean.log), []);
  });

  test('describes every rule with its summary, default level and a help link to its page', () => {
    const { log } = sarif(['clean']);
    assertValid(log);
    const { driver } = log.runs[0].tool;
    assert.equal(driver.name, 'dockerfile-stages');
    assert.equal(driver.version, packageJson.version);
    const levels = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
    for (const rule of allRules) {
      const descriptor: ReportingDescriptor | undefined = rules(log).find((candidate) => candidate.id === rule.code);
      assert.ok(descriptor, `${rule.code} is described`);
      assert.equal(descriptor.shortDescription?.text, rule.summary);
      assert.equal(descriptor.defaultConfiguration?.level, levels[rule.defaultSeverity]);
      assert.equal(descriptor.helpUri, ruleHelpUri(rule.code));
      assert.match(descriptor.helpUri ?? '', new RegExp(`^https://.+/docs/rules/${rule.code}\\.md$`));
    }
  });

  test('reports each finding at its rule, level and 1-based region in a file relative to the source root', () => {
    const { log } = sarif(['--severity', 'hint', 'app']);
    assertValid(log);
    const byRule = (id: string) => results(log).filter((result) => result.ruleId === id);
    const [undefinedStage] = byRule('UndefinedStage');
    assert.equal(undefinedStage.level, 'warning');
    assert.equal(rules(log)[undefinedStage.ruleIndex ?? -1]?.id, 'UndefinedStage');
    assert.match(undefinedStage.message.text ?? '', /bulid/);
    const location = undefinedStage.locations?.[0]?.physicalLocation;
    assert.deepEqual(location?.artifactLocation, { uri: 'app/Dockerfile', uriBaseId: '%SRCROOT%', index: 0 });
    assert.deepEqual(location?.region, { startLine: 5, startColumn: 13, endLine: 5, endColumn: 18 });
    assert.equal(byRule('UnreachableStage')[0]?.level, 'note');
    assert.deepEqual(log.runs[0].originalUriBaseIds?.['%SRCROOT%']?.uri, `file://${files.root}/`);

    // The library's duplicate-name check is BuildKit's DuplicateStageName, reported once by our rule.
    assert.deepEqual(byRule('DuplicateStageName').map((result) => result.locations?.[0]?.physicalLocation?.region?.startLine), [2]);
    assert.equal(byRule('DUPLICATE_BUILD_STAGE_NAME').length, 0);
    const library = byRule('INVALID_PROTO');
    assert.equal(library.length, 1);
    assert.equal(library[0].level, 'error');
    const descriptor = rules(log)[library[0].ruleIndex ?? -1];
    assert.equal(descriptor?.id, 'INVALID_PROTO');
    assert.ok(descriptor?.properties?.tags?.includes('dockerfile-utils'));
  });

  test('standard input is an artifact too', () => {
    const { log } = sarif(['-'], dockerfile);
    assertValid(log);
    assert.equal(log.runs[0].artifacts?.[0]?.location?.uri, '%3Cstdin%3E');
  });

  test('an unreadable path makes a run that did not succeed, with a notification, and exit 2', () => {
    const result = sarif(['missing', 'app']);
    assert.equal(result.status, 2);
    assertValid(result.log);
    const [invocation] = result.log.runs[0].invocations ?? [];
    assert.equal(invocation?.executionSuccessful, false);
    assert.deepEqual(
      invocation?.toolExecutionNotifications?.map((notification) => [notification.level, notification.message.text]),
      [['error', 'missing: no such file or directory']],
    );
    assert.ok(results(result.log).some((finding) => finding.ruleId === 'UndefinedStage'), 'the readable file is still reported');
  });
});
