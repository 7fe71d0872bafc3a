import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { JSONInstruction } from 'dockerfile-ast';
import type { DocumentModel } from '../../../server/src/analysis/documentModel';
import { cacheBustingCopyOrder } from '../../../server/src/analysis/rules/image/layerOrder';
import { imageFacts, mayCopyFilesystemRoot, shippedFacts } from '../../../server/src/analysis/rules/image/support';
import { copyWholeFilesystem } from '../../../server/src/analysis/rules/reference/stageUse';
import { wordLists } from '../../../server/src/analysis/shellWords';
import { OperationCounter } from '../../server/operationCount';
import { defaultRuleContext } from '../../../server/src/analysis/rules/rule';
import { lines, modelOf } from '../helpers';

/**
 * The work the image rules do, counted where doing more would find nothing new and show in no
 * finding: only the cost would grow.
 */

interface CallCount {
  calls: number;
}

/** Counts the calls of `method` on each instruction of `keyword`, once the model's stages are read. */
function countCalls(model: DocumentModel, keyword: string, method: 'getProperties' | 'getArguments'): CallCount[] {
  void model.stageModel;
  const instructions = model.dockerfile.getInstructions().filter((instruction) => instruction.getKeyword() === keyword);
  return instructions.map((instruction) => {
    const count: CallCount = { calls: 0 };
    const read = (instruction as unknown as Record<typeof method, () => unknown>)[method].bind(instruction);
    Object.assign(instruction, { [method]: () => (count.calls++, read()) });
    return count;
  });
}

/** The calls of `getProperties` on the model's ENV instructions. */
function countPropertyReads(model: DocumentModel): () => number {
  const counts = countCalls(model, 'ENV', 'getProperties');
  return () => counts.reduce((sum, count) => sum + count.calls, 0);
}

describe('the work of the image rules', () => {
  test("a stage's ENV values are read only when one of its RUNs may concern the rule asking", () => {
    const stage = (install: string) => lines('FROM node:20', 'ARG MODE=production', 'ENV APP_HOME=/app PORT=8080', 'COPY . .', `RUN ${install}`, 'FROM scratch', 'COPY --from=0 /app /app');
    const quiet = modelOf(stage('make all'));
    const quietReads = countPropertyReads(quiet);
    assert.deepEqual(cacheBustingCopyOrder.check(quiet, defaultRuleContext), []);
    assert.equal(quietReads(), 0, 'no RUN installs dependencies, so the stage was not walked');

    const installing = modelOf(stage('npm ci'));
    const installingReads = countPropertyReads(installing);
    assert.equal(cacheBustingCopyOrder.check(installing, defaultRuleContext).length, 1);
    assert.ok(installingReads() > 0, 'the RUN that installs was analysed with the values before it');
  });

  test("a COPY's arguments are read for the filesystem root only when its text can hold a word naming it", () => {
    // On continued lines, where the arguments are dockerfile-ast's scan to read.
    const text = lines('FROM alpine AS build', 'RUN mkdir /out', 'FROM alpine', 'COPY --from=build \\', '    /out/ /app/', 'COPY --from=build \\', '    / /');
    const model = modelOf(text);
    const reads = countCalls(model, 'COPY', 'getArguments');
    assert.equal(copyWholeFilesystem.check(model, defaultRuleContext).length, 1, 'the COPY of / is reported');
    assert.equal(reads[0].calls, 0, 'the COPY of /out/ was not read');
    assert.ok(reads[1].calls > 0, 'the COPY of / was read');
  });

  test('the text of every COPY with an argument naming the filesystem root holds a word naming it', () => {
    const piece = fc.constantFrom(' ', '/', '//', '.', '*', '"', "'", '\\', '`', '\\\n', '\\x', '[', ']', ',', 'a', '\n# c /\n', '\t', '$R');
    fc.assert(
      fc.property(fc.constantFrom('', '# escape=`\n'), fc.array(piece, { maxLength: 12 }), (header, pieces) => {
        const model = modelOf(`${header}FROM alpine\nCOPY --from=x ${pieces.join('')}\n`);
        const [copy] = model.dockerfile
          .getInstructions()
          .filter((instruction) => instruction.getKeyword() === 'COPY');
        if (!copy) return;
        const json = copy as JSONInstruction;
        const values = [...copy.getArguments(), ...(json.getOpeningBracket() ? json.getJSONStrings() : [])].map((argument) => argument.getValue().replace(/^["']|["']$/g, ''));
        if (values.some((value) => /^\/+(?:\.\/*|\*\/*)?$/.test(value))) assert.ok(mayCopyFilesystemRoot(copy, model.instructionReads), JSON.stringify(copy.getTextContent()));
      }),
      { numRuns: 3000 },
    );
  });

  test('the shipped images and what the catalog knows of each image are worked out once per version, for every rule that judges them', () => {
    const model = modelOf(lines('FROM golang:1.22 AS build', 'RUN go build -o /app .', 'FROM golang:1.22', 'COPY --from=build /app /app'));
    const facts = imageFacts(model);
    const first = shippedFacts(facts, model, defaultRuleContext);
    assert.equal(first.length, 1);
    assert.equal(shippedFacts(facts, model, defaultRuleContext), first, 'the second rule reads the first one\'s shipped facts');
    const [shipped] = first;
    assert.ok(shipped.baseImage?.known, 'golang is in the catalog');
    assert.equal(shipped.baseImage, facts.stages[1].baseImage, 'the shipped image shares the stage\'s lookup');
    assert.equal(facts.stages[0].baseImage, facts.stages[1].baseImage, 'stages on one image share its lookup');
  });

  test("a RUN's words with quotes and variables are read without the shell tokenizer, at the cost of plain words", () => {
    const counter = new OperationCounter();
    counter.start();
    const operationsOf = (segment: string) => {
      counter.take();
      const [list] = wordLists(segment);
      return { words: list?.words, operations: counter.take() };
    };
    const plain = operationsOf('mkdir -p /src/app /out/app');
    const quoted = operationsOf(`mkdir -p /src/\${APP} "$HOME/out" 'x y'`);
    const redirected = operationsOf(`mkdir -p /src/\${APP} "$HOME/out" 'x y' > /dev/null`);
    assert.deepEqual(quoted.words, ['mkdir', '-p', '/src/$APP', '$HOME/out', 'x y']);
    assert.deepEqual(redirected.words, quoted.words, 'the redirection is left out');
    assert.ok(quoted.operations < 2 * plain.operations, `${quoted.operations} operations for quotes and variables, ${plain.operations} for plain words`);
    // The tokenizer, which the redirection still takes, is what the quotes and variables no longer pay for.
    assert.ok(redirected.operations > 4 * quoted.operations, `${redirected.operations} operations through the tokenizer`);
  });
});
