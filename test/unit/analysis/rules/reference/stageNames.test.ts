import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromAsCasing, reservedStageName, stageNameCasing } from '../../../../../server/src/analysis/rules/reference/stageNames';
import { applyFix, check, lines, rangeText } from '../../../helpers';

describe('ReservedStageName', () => {
  test('fires on scratch and context, in any case, and renames the stage and its references', () => {
    const text = lines('FROM alpine AS Scratch', 'RUN touch /x', 'FROM alpine AS context', 'FROM scratch', 'COPY --from=scratch /x /x');
    const findings = check(reservedStageName, text);
    assert.deepEqual(
      findings.map((finding) => rangeText(text, finding)),
      ['Scratch', 'context'],
    );
    assert.match(findings[0].message, /'Scratch' is reserved for the empty image/);
    assert.equal(applyFix(text, findings[0]), lines('FROM alpine AS scratch-stage', 'RUN touch /x', 'FROM alpine AS context', 'FROM scratch-stage', 'COPY --from=scratch-stage /x /x'));
  });

  test('does not fire on FROM scratch or other names', () => {
    assert.deepEqual(check(reservedStageName, lines('FROM scratch', 'FROM scratch AS a', 'FROM alpine AS scratchpad')), []);
  });

  test('offers no rename when a reference reaches the stage through a variable', () => {
    const text = lines('FROM alpine AS context', 'FROM alpine', 'ARG SRC=context', 'COPY --from=$SRC /x /x');
    const [finding] = check(reservedStageName, text);
    assert.equal(finding.fixes, undefined);
  });
});

describe('StageNameCasing', () => {
  test('fires on a stage name with capitals; the fix lowercases it everywhere', () => {
    const text = lines('FROM golang:1.22 AS BuildStage', 'FROM alpine', 'COPY --from=BuildStage /out /out', 'RUN --mount=from=buildstage,target=/b true');
    const [finding, ...rest] = check(stageNameCasing, text);
    assert.equal(rest.length, 0);
    assert.equal(finding.message, "Stage name 'BuildStage' should be lowercase.");
    assert.equal(applyFix(text, finding), lines('FROM golang:1.22 AS buildstage', 'FROM alpine', 'COPY --from=buildstage /out /out', 'RUN --mount=from=buildstage,target=/b true'));
  });

  test('fires on FROM naming a stage with capitals, which BuildKit would not find', () => {
    const text = lines('FROM golang:1.22 AS build', 'FROM Build');
    const [finding] = check(stageNameCasing, text);
    assert.equal(rangeText(text, finding), 'Build');
    assert.equal(applyFix(text, finding), lines('FROM golang:1.22 AS build', 'FROM build'));
  });

  test('does not fire on lowercase names, images with capitals in the registry, or invalid names', () => {
    assert.deepEqual(check(stageNameCasing, lines('FROM alpine AS build-1.x', 'FROM build-1.x', 'COPY --from=BUILD-1.X /a /a')), []);
    // dockerfile-utils reports a name that is invalid even in lowercase.
    assert.deepEqual(check(stageNameCasing, lines('FROM alpine AS 1Abc')), []);
  });
});

describe('FromAsCasing', () => {
  test('fires when AS does not follow the case of FROM, and fixes it', () => {
    const text = lines('FROM alpine as build', 'from alpine AS other');
    const findings = check(fromAsCasing, text);
    assert.deepEqual(
      findings.map((finding) => finding.message),
      ["'as' and 'FROM' keywords' casing do not match.", "'AS' and 'from' keywords' casing do not match."],
    );
    assert.equal(applyFix(text, findings[0]), lines('FROM alpine AS build', 'from alpine AS other'));
    assert.equal(applyFix(text, findings[1]), lines('FROM alpine as build', 'from alpine as other'));
  });

  test('does not fire on matching case, a mixed-case FROM, or a FROM without AS', () => {
    assert.deepEqual(check(fromAsCasing, lines('FROM alpine AS a', 'from alpine as b', 'From alpine as c', 'FROM alpine')), []);
  });
});
