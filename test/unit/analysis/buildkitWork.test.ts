import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Argument, Instruction } from 'dockerfile-ast';
import { defaultRuleContext, type Rule } from '../../../server/src/analysis/rules/rule';
import { exposeInvalidFormat, exposeProtoCasing, undefinedVar, workdirRelativePath } from '../../../server/src/analysis/rules/buildkit/expandedWords';
import { legacyKeyValueFormat, maintainerDeprecated, multipleInstructionsDisallowed } from '../../../server/src/analysis/rules/buildkit/instructionForms';
import { walkEnvironments } from '../../../server/src/analysis/rules/buildkit/environment';
import type { DocumentModel } from '../../../server/src/analysis/documentModel';
import { lines, modelOf } from '../helpers';

/**
 * The work of the BuildKit checks, counted in calls of dockerfile-ast's methods: a check reads
 * only the instructions it is about, and what two checks need is read once for both. The values
 * every rule shares (the stage model, the variables before each instruction) are worked out
 * first, so the counts are the checks' own.
 */

/** Counts the calls of a method of a dockerfile-ast class while `run` runs. */
function callsDuring(prototype: object, method: string, run: () => void): number {
  const target = prototype as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method];
  let calls = 0;
  target[method] = function (this: unknown, ...args: unknown[]) {
    calls++;
    return original.apply(this, args);
  };
  try {
    run();
  } finally {
    target[method] = original;
  }
  return calls;
}

/** A model with the values every rule shares already worked out. */
function warmModel(text: string): DocumentModel {
  const model = modelOf(text);
  void model.stageModel;
  walkEnvironments(model, () => undefined);
  return model;
}

/** Stages of instructions that no check below reports on, most of kinds BuildKit expands no word of. */
const quietStage = (index: number) => [
  `FROM alpine:3.20 AS stage${index}`,
  'ENV APP_HOME=/opt/app MODE=release',
  'WORKDIR /opt/app',
  'RUN echo "$MODE"',
  'EXPOSE 8080',
  'HEALTHCHECK CMD wget -qO- http://localhost:8080/ || exit 1',
  'SHELL ["/bin/sh", "-c"]',
  'ENTRYPOINT ["/opt/app/bin/app"]',
  'CMD ["--serve"]',
];
const quietText = lines(...Array.from({ length: 20 }, (_, index) => quietStage(index)).flat());

function findingsOf(rule: Rule, model: DocumentModel): number {
  return rule.check(model, defaultRuleContext).length;
}

describe('the work of the BuildKit checks', () => {
  test('checks that find nothing read the keyword only of the instructions they are about, and never upper-case a copy of it', () => {
    const model = warmModel(quietText);
    const instructions = model.dockerfile.getInstructions();
    const count = (test: (instruction: Instruction) => boolean) => instructions.filter(test).length;
    const expectedReads: [Rule, number, string][] = [
      [legacyKeyValueFormat, 0, 'none'],
      [workdirRelativePath, 0, 'none'],
      [multipleInstructionsDisallowed, count((instruction) => ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(instruction.getKeyword())), 'one per CMD, ENTRYPOINT and HEALTHCHECK'],
      [maintainerDeprecated, instructions.length, 'one per instruction'],
    ];
    for (const [rule, expected, what] of expectedReads) {
      let found = 0;
      let copies = 0;
      const reads = callsDuring(Instruction.prototype, 'getInstruction', () => {
        copies = callsDuring(Instruction.prototype, 'getKeyword', () => (found = findingsOf(rule, model)));
      });
      assert.equal(found, 0, `${rule.code} finds nothing in the file`);
      assert.equal(reads, expected, `${rule.code} reads ${what}`);
      assert.equal(copies, 0, `${rule.code} makes no upper-cased copy of a keyword`);
    }
  });

  test('UndefinedVar reads the text of the instructions whose words BuildKit expands, not of the others', () => {
    const model = warmModel(quietText);
    const expanded = model.stageModel.stages.flatMap((stage) => stage.instructions).filter((instruction) => ['ENV', 'WORKDIR', 'RUN'].includes(instruction.getKeyword()));
    let found = 0;
    const calls = callsDuring(Instruction.prototype, 'getTextContent', () => (found = findingsOf(undefinedVar, model)));
    assert.equal(found, 0);
    assert.equal(calls, expanded.length, 'one read per ENV, WORKDIR and RUN; none for EXPOSE, HEALTHCHECK, SHELL, ENTRYPOINT or CMD');
  });

  test("the EXPOSE checks read the file's ports once for both", () => {
    const model = warmModel(lines('FROM alpine', 'ARG PORT=8080', ...Array.from({ length: 30 }, (_, index) => `EXPOSE 80:${index}/TCP \${PORT}/udp`)));
    let first = 0;
    let second = 0;
    const firstReads = callsDuring(Argument.prototype, 'getValue', () => (first = findingsOf(exposeProtoCasing, model)));
    const secondReads = callsDuring(Argument.prototype, 'getValue', () => (second = findingsOf(exposeInvalidFormat, model)));
    assert.equal(first, 30, 'ExposeProtoCasing reports each /TCP');
    assert.equal(second, 30, 'ExposeInvalidFormat reports each host-port mapping');
    assert.equal(firstReads, 60, 'the first check reads each port once');
    assert.equal(secondReads, 0, 'the second reads none again');
  });
});
