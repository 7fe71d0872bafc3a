import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFileChecks } from '../../../server/src/analysis/builds/check';
import { allRules } from '../../../server/src/analysis/rules/index';
import { ruleDocumentationUri } from '../../../server/src/features/findingDiagnostics';

test("every rule's page is the file URL of its docs/rules page beside the server's folder", () => {
  const features = path.resolve(__dirname, '../../../server/src/features');
  for (const { code } of [...allRules, ...buildFileChecks]) {
    assert.equal(ruleDocumentationUri(code), pathToFileURL(path.join(features, '..', 'docs', 'rules', `${code}.md`)).href, code);
  }
});
