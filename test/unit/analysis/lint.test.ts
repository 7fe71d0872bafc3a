import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lint, type LintOptions } from '../../../server/src/analysis/lint';
import { referenceRules } from '../../../server/src/analysis/rules/referenceRules';
import { lines, modelOf } from '../helpers';

const text = lines(
  'FROM golang:1.22 AS Build',
  'RUN go build -o /out/app',
  'FROM alpine as test',
  'FROM alpine',
  'COPY --from=0 /out/app /app',
  'COPY --from=bulid /out/app /app',
);

function codes(source: string, options: LintOptions = {}): string[] {
  return lint(modelOf(source), { rules: referenceRules, ...options }).map((finding) => `${finding.range.start.line}:${finding.code}:${finding.severity}`);
}

describe('lint', () => {
  test('runs every rule and reports each finding at its default severity', () => {
    assert.deepEqual(codes(text).sort(), [
      '0:StageNameCasing:warning',
      '2:FromAsCasing:warning',
      '2:UnreachableStage:hint',
      '4:NumericStageReference:information',
      '5:UndefinedStage:warning',
    ]);
  });

  test('per-rule settings change the severity or drop the rule', () => {
    const result = codes(text, { severities: { UnreachableStage: 'off', UndefinedStage: 'error' } });
    assert.ok(!result.some((entry) => entry.includes('UnreachableStage')));
    assert.ok(result.includes('5:UndefinedStage:error'));
  });

  test('ignored codes, ours or hadolint\'s, drop the rule for the file', () => {
    const result = codes(text, { ignored: ['DL3022', 'numericstagereference'] });
    assert.ok(!result.some((entry) => entry.includes('UndefinedStage') || entry.includes('NumericStageReference')));
    assert.ok(result.includes('0:StageNameCasing:warning'));
  });

  test('hadolint\'s yum and dnf clean-up codes silence the package cache rule', () => {
    const cacheFindings = (pragma: string, install: string) =>
      lint(modelOf(lines('FROM rockylinux:9', pragma, `RUN ${install} install -y curl`, 'USER nobody'))).filter((finding) => finding.code === 'PackageCacheInFinalStage');
    assert.equal(cacheFindings('# a comment', 'yum').length, 1);
    assert.equal(cacheFindings('# hadolint ignore=DL3032', 'yum').length, 0);
    assert.equal(cacheFindings('# a comment', 'dnf').length, 1);
    assert.equal(cacheFindings('# hadolint ignore=DL3040', 'dnf').length, 0);
  });

  test('# check=skip=all skips the BuildKit checks only; error=true raises them unless a setting says otherwise', () => {
    const skipped = codes(`# check=skip=all\n${text}`);
    assert.ok(!skipped.some((entry) => entry.includes('StageNameCasing') || entry.includes('FromAsCasing')));
    assert.ok(skipped.some((entry) => entry.includes('UndefinedStage')));
    const raised = codes(`# check=error=true\n${text}`, { severities: { FromAsCasing: 'information' } });
    assert.ok(raised.includes('1:StageNameCasing:error'));
    assert.ok(raised.includes('3:FromAsCasing:information'));
    assert.ok(raised.includes('6:UndefinedStage:warning'));
  });

  test('a pragma above an instruction silences its findings, whichever line of it they start on', () => {
    const source = lines('FROM alpine', '# hadolint ignore=DL3022', 'COPY --chown=1:1 \\', '     --from=missing /a /a', 'COPY --from=missing /b /b');
    assert.deepEqual(codes(source), ['4:UndefinedStage:warning']);
  });

  test('a pragma silences a stage-wide finding through the stage\'s FROM line', () => {
    const source = lines('# dockerfile-stages ignore=UnreachableStage', 'FROM alpine AS tools', 'RUN true', 'FROM alpine');
    assert.deepEqual(codes(source), []);
  });

  test('the same model and options give the same array; other options recompute', () => {
    const model = modelOf(text);
    const first = lint(model, { rules: referenceRules });
    assert.equal(lint(model, { rules: referenceRules }), first);
    assert.notEqual(lint(model, { rules: referenceRules, ignored: ['UndefinedStage'] }), first);
  });

  test('never throws, whatever the text', () => {
    const fragment = fc.constantFrom(
      'FROM ', 'AS ', 'as ', 'COPY ', 'RUN ', 'ARG ', 'ENV ', 'WORKDIR ', '--from=', '--mount=', 'from=', 'type=cache,', 'target=/t',
      '${', '}', '$', ':-', ':+', '"', "'", '\\', '\n', ' ', '0', '9', 'build', 'Build', 'scratch', 'context', 'alpine:3.20', '/', '# hadolint ignore=DL3022\n',
      '# check=skip=all\n', '# escape=`\n', '`', '<<EOF\n', 'EOF\n', '[', ']', ',', '=',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 60 }), (parts) => {
        const findings = lint(modelOf(parts.join('')), { rules: referenceRules });
        assert.ok(Array.isArray(findings));
      }),
      { numRuns: 300 },
    );
  });
});
