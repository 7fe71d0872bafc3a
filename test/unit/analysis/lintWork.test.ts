import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Instruction } from 'dockerfile-ast';
import { lint } from '../../../server/src/analysis/lint';
import { walkEnvironments, type InstructionEnvironment } from '../../../server/src/analysis/rules/buildkit/environment';
import { assertLinearGrowth, OperationCounter } from '../../server/operationCount';
import { lines, modelOf } from '../helpers';

/**
 * The work one lint does on a version, counted: what every rule needs is read or worked out once
 * for the version, however many rules read it.
 */

const text = lines(
  'ARG BASE=alpine:3.20',
  'FROM ${BASE} AS build',
  'ENV APP_HOME=/opt/app \\',
  '    PATH="/opt/app/bin:${PATH}" API_TOKEN=x',
  'ENV LEGACY value',
  'LABEL org.opencontainers.image.title="app" version="${VERSION}"',
  'WORKDIR ${APP_HOME}',
  'EXPOSE 8080/TCP',
  'RUN apk add --no-cache build-base',
  'FROM build',
  'ENV MODE=${APP_HOME}/release',
  'LABEL stage=final',
  'WORKDIR $MODE',
  'CMD ["/opt/app/bin/app"]',
  'FROM alpine AS tools',
  'WORKDIR tools',
);

/** Counts the calls of `method` on each instruction of the given keywords. */
function countCalls(instructions: readonly Instruction[], keywords: readonly string[], method: 'getProperties'): () => number {
  let calls = 0;
  for (const instruction of instructions) {
    if (!keywords.includes(instruction.getKeyword())) continue;
    const target = instruction as unknown as Record<typeof method, () => unknown>;
    const original = target[method].bind(instruction);
    target[method] = () => {
      calls++;
      return original();
    };
  }
  return () => calls;
}

describe('the work of one lint', () => {
  test("each ENV's and LABEL's properties are read from dockerfile-ast once, however many rules read them", () => {
    const model = modelOf(text);
    const instructions = model.dockerfile.getInstructions();
    const calls = countCalls(instructions, ['ENV', 'LABEL'], 'getProperties');
    const findings = lint(model);
    // The rules that read properties ran and found something in them.
    for (const code of ['LegacyKeyValueFormat', 'UndefinedVar', 'SecretsUsedInArgOrEnv', 'ExposeProtoCasing']) {
      assert.ok(findings.some((finding) => finding.code === code), `${code} reported`);
    }
    const propertyInstructions = instructions.filter((instruction) => ['ENV', 'LABEL'].includes(instruction.getKeyword())).length;
    assert.equal(calls(), propertyInstructions);
  });

  test('the variables before each instruction are worked out once per version and shared by every rule that expands words', () => {
    const model = modelOf(text);
    const walks: InstructionEnvironment[][] = [[], []];
    for (const walk of walks) walkEnvironments(model, (environment) => walk.push(environment));
    assert.equal(walks[0].length, model.stageModel.stages.flatMap((stage) => stage.instructions).length, 'every instruction of every stage');
    // A binding worked out again would be a new object: the walks hand out the very same ones.
    const sameView = (a: InstructionEnvironment, b: InstructionEnvironment) => {
      const names = a.names();
      return names.length > 0 && names.join() === b.names().join() && names.every((name) => a.lookup(name) === b.lookup(name));
    };
    assert.ok(
      walks[1].every((environment, index) => sameView(environment, walks[0][index])),
      'the second walk hands out the variables of the first',
    );
    // Each rule that walks them reports on this file, so each took the shared walk.
    const codes = new Set(lint(model).map((finding) => finding.code));
    for (const code of ['UndefinedVar', 'WorkdirRelativePath', 'ExposeProtoCasing']) assert.ok(codes.has(code), `${code} reported`);
    const third: InstructionEnvironment[] = [];
    walkEnvironments(model, (environment) => third.push(environment));
    assert.ok(third.every((environment, index) => sameView(environment, walks[0][index])));
  });

  test('a stage of thousands of ENV lines, each reading the one before, costs linear work', () => {
    const counter = new OperationCounter();
    const envStage = (count: number) => `FROM alpine\n${Array.from({ length: count }, (_, index) => `ENV V${index + 1}=\${V${index}}-x\n`).join('')}`;
    const operationsFor = (count: number) => {
      const model = modelOf(envStage(count));
      void model.stageModel;
      counter.take();
      let lastValue: string | undefined;
      walkEnvironments(model, (environment) => {
        const binding = environment.lookup(`V${count}`) ?? environment.lookup('V1');
        lastValue = binding?.kind === 'value' ? binding.value : undefined;
      });
      assert.equal(lastValue, '-x', 'the last instruction sees V1 (V0 is undeclared and expands to nothing)');
      return { size: count, operations: counter.take() };
    };
    counter.start();
    operationsFor(200);
    assertLinearGrowth('the environments of an ENV-only stage', operationsFor(1000), operationsFor(4000));
  });
});
