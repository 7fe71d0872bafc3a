import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hadolintEquivalents, namesRule, readSuppressions } from '../../../server/src/analysis/suppression';
import { lines, modelOf } from '../helpers';

describe('readSuppressions', () => {
  test('pragmas apply to the instruction below their comment block', () => {
    const model = modelOf(
      lines(
        'FROM alpine',
        '# dockerfile-stages ignore=UndefinedStage,NumericStageReference',
        '# hadolint ignore=DL3022 -- explained here',
        'COPY --from=x /a /a',
        '# hadolint ignore=DL3023',
        '',
        'COPY --from=y /a /a',
      ),
    );
    const suppressions = readSuppressions(model);
    assert.deepEqual([...(suppressions.byInstructionLine.get(3) ?? [])], ['UndefinedStage', 'NumericStageReference', 'DL3022']);
    // A blank line ends the block: the pragma on line 4 applies to nothing.
    assert.equal(suppressions.byInstructionLine.get(6), undefined);
  });

  test('a pragma between continuation lines is part of the instruction and applies to nothing', () => {
    const model = modelOf(lines('FROM alpine', 'RUN apt-get update \\', '# hadolint ignore=DL3009', '  && apt-get install -y curl', 'CMD ["sh"]'));
    const suppressions = readSuppressions(model);
    assert.equal(suppressions.byInstructionLine.size, 0);
    assert.equal(suppressions.instructionStartOf(3), 1);
    assert.equal(suppressions.instructionStartOf(4), 4);
    assert.equal(suppressions.instructionStartOf(5), undefined);
  });

  test('file-wide: hadolint global ignore anywhere, # check=skip= and error=true as a parser directive', () => {
    const model = modelOf(lines('# check=skip=StageNameCasing,FromAsCasing;error=true', 'FROM alpine', '# hadolint global ignore=DL3006, DL3007', 'RUN true'));
    const suppressions = readSuppressions(model);
    assert.deepEqual([...suppressions.global].sort(), ['DL3006', 'DL3007', 'FromAsCasing', 'StageNameCasing']);
    assert.equal(suppressions.buildKitChecksAreErrors, true);
    assert.equal(suppressions.skipAllBuildKitChecks, false);
    assert.equal(readSuppressions(modelOf(lines('# check=skip=all', 'FROM alpine'))).skipAllBuildKitChecks, true);
  });

  test('pragmas on the first lines, which dockerfile-ast reads as directives, still apply', () => {
    const suppressions = readSuppressions(modelOf(lines('# hadolint global ignore=DL3007', '# hadolint ignore=DL3006', 'FROM ubuntu')));
    assert.deepEqual([...suppressions.global], ['DL3007']);
    assert.deepEqual([...(suppressions.byInstructionLine.get(2) ?? [])], ['DL3006']);
  });

  test('# check= after the top of the file is a comment, not a directive', () => {
    const suppressions = readSuppressions(modelOf(lines('FROM alpine', '# check=skip=all')));
    assert.equal(suppressions.skipAllBuildKitChecks, false);
  });
});

describe('namesRule', () => {
  test('matches our codes case-insensitively and hadolint codes through the table', () => {
    assert.ok(namesRule(['undefinedstage'], 'UndefinedStage'));
    assert.ok(namesRule(['dl3022'], 'StageUsedBeforeDefinition'));
    assert.ok(namesRule(['DL3006'], 'UnpinnedBaseImage'));
    assert.ok(namesRule(['DL3032'], 'PackageCacheInFinalStage'));
    assert.ok(namesRule(['dl3040'], 'PackageCacheInFinalStage'));
    assert.ok(!namesRule(['DL3006'], 'UndefinedStage'));
    assert.ok(!namesRule([], 'UndefinedStage'));
  });

  test('every hadolint code in the table is a DL code mapped to at least one rule', () => {
    for (const [code, rules] of Object.entries(hadolintEquivalents)) {
      assert.match(code, /^DL\d{4}$/);
      assert.ok(rules.length > 0, code);
    }
  });
});
