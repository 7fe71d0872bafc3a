import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonArgsRecommended, looksLikeSecret, secretsUsedInArgOrEnv } from '../../../../../server/src/analysis/rules/image/buildkitChecks';
import { applyFix, check, lines, modelOf, rangeText } from '../../../helpers';
import { lint, type LintOptions } from '../../../../../server/src/analysis/lint';

describe('JSONArgsRecommended', () => {
  test("fires on shell-form CMD and ENTRYPOINT with BuildKit's message", () => {
    const text = lines('FROM alpine', 'ENTRYPOINT my-program start', 'cmd echo $HOME');
    const findings = check(jsonArgsRecommended, text);
    assert.deepEqual(findings.map((finding) => finding.message), [
      'JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals',
      'JSON arguments recommended for CMD to prevent unintended behavior related to OS signals',
    ]);
    assert.equal(rangeText(text, findings[0]), 'ENTRYPOINT my-program start');
  });

  test('rewrites a plain command to exec form, but not one that uses the shell', () => {
    const text = lines('FROM node:20-slim', 'CMD node "my server.js" --port 80');
    const findings = check(jsonArgsRecommended, text);
    assert.equal(applyFix(text, findings[0]), lines('FROM node:20-slim', 'CMD ["node", "my server.js", "--port", "80"]'));
    const shelly = check(jsonArgsRecommended, lines('FROM alpine', 'CMD echo $HOME && sleep 1'));
    assert.deepEqual(shelly[0].fixes, []);
  });

  test('does not fire on exec form, after SHELL (also inherited from the base stage), or on single-quoted JSON', () => {
    assert.deepEqual(check(jsonArgsRecommended, lines('FROM alpine', 'CMD ["sh", "-c", "echo hi"]')), []);
    assert.deepEqual(check(jsonArgsRecommended, lines('FROM alpine AS base', 'SHELL ["/bin/ash", "-c"]', 'FROM base', 'CMD echo hi')), []);
    assert.deepEqual(check(jsonArgsRecommended, lines('FROM alpine', "CMD ['echo', 'hi']")), []);
  });

  test('a SHELL later in the stage does not excuse an earlier CMD', () => {
    assert.equal(check(jsonArgsRecommended, lines('FROM alpine', 'CMD echo hi', 'SHELL ["/bin/sh", "-c"]')).length, 1);
  });
});

describe('SecretsUsedInArgOrEnv', () => {
  test("matches BuildKit's tokens at underscore boundaries", () => {
    for (const name of ['API_KEY', 'DATABASE_PASSWORD', 'GITHUB_TOKEN', 'secret_MESSAGE', 'AUTH', 'aws_apikey', 'DB_CREDENTIALS', 'PASSWD']) {
      assert.ok(looksLikeSecret(name), name);
    }
    for (const name of ['MONKEY', 'MYPASSWORDHERE', 'PUBLIC_KEY', 'KEY_FILE', 'TOKEN_VERSION', 'AUTHOR', 'NODE_ENV']) {
      assert.ok(!looksLikeSecret(name), name);
    }
  });

  test('reads the word lists of the frontend that builds the file', () => {
    // PSW came with 1.29; PUBLIC cleared a name from 1.11, FILE and VERSION from 1.22.
    assert.equal(looksLikeSecret('DB_PSW', 28), false);
    assert.equal(looksLikeSecret('DB_PSW', 29), true);
    assert.equal(looksLikeSecret('DB_PSW'), true);
    assert.equal(looksLikeSecret('PUBLIC_KEY', 10), true);
    assert.equal(looksLikeSecret('PUBLIC_KEY', 11), false);
    for (const name of ['PASSWORD_FILE', 'TOKEN_VERSION']) {
      assert.equal(looksLikeSecret(name, 21), true, name);
      assert.equal(looksLikeSecret(name, 22), false, name);
    }
  });

  test('a # syntax pin, else the unpinned frontend of the lint options, picks the lists', () => {
    const found = (text: string, options: LintOptions = {}) => lint(modelOf(text), options).filter((finding) => finding.code === 'SecretsUsedInArgOrEnv').length;
    const body = ['FROM alpine:3.20', 'ARG PASSWORD_FILE'];
    assert.equal(found(lines(...body)), 0);
    assert.equal(found(lines(...body), { unpinnedFrontendMinor: 19 }), 1);
    assert.equal(found(lines('# syntax=docker/dockerfile:1.19', ...body)), 1);
    assert.equal(found(lines('# syntax=docker/dockerfile:1.22', ...body), { unpinnedFrontendMinor: 19 }), 0);
  });

  test("fires on stage ARG and ENV names with BuildKit's message, at the name", () => {
    const text = lines('FROM alpine', 'ARG GITHUB_TOKEN', 'ENV APP_NAME=x DB_PASSWORD=hunter2');
    const findings = check(secretsUsedInArgOrEnv, text);
    assert.deepEqual(findings.map((finding) => finding.message), [
      'Do not use ARG or ENV instructions for sensitive data (ARG "GITHUB_TOKEN")',
      'Do not use ARG or ENV instructions for sensitive data (ENV "DB_PASSWORD")',
    ]);
    assert.equal(rangeText(text, findings[1]), 'DB_PASSWORD');
  });

  test('does not fire on global ARGs, as BuildKit does not', () => {
    assert.deepEqual(check(secretsUsedInArgOrEnv, lines('ARG NPM_TOKEN', 'FROM node:20')), []);
  });
});
