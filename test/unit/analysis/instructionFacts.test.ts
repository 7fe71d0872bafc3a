import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PropertyInstruction, type Flag, type Instruction, type Onbuild, type Property } from 'dockerfile-ast';
import { DocumentModel } from '../../../server/src/analysis/documentModel';
import { argumentsContentOf, argumentsOf, firstArgumentStart, flagsOf, flagValueOf, keywordOf, mayHoldWord, propertiesOf, triggerOf, type InstructionReads } from '../../../server/src/analysis/instructionFacts';
import { lint } from '../../../server/src/analysis/lint';
import { computeSemanticTokens } from '../../../server/src/analysis/semanticTokens';

function instructionsOf(text: string): { instructions: Instruction[]; reads: InstructionReads } {
  const model = new DocumentModel('file:///t/Dockerfile', 1, text);
  return { instructions: model.dockerfile.getInstructions(), reads: model.instructionReads };
}

function flagSummary(flags: readonly Flag[]) {
  return flags.map((flag) => ({ name: flag.getName(), value: flag.getValue(), range: flag.getRange(), valueRange: flag.getValueRange() }));
}

function propertySummary(properties: readonly Property[]) {
  return properties.map((property) => ({
    name: property.getName(),
    nameRange: property.getNameRange(),
    value: property.getValue(),
    unescaped: property.getUnescapedValue(),
    range: property.getRange(),
  }));
}

const flagNames = ['platform', 'from', 'mount', '', 'a', '-x'];

/** What dockerfile-ast itself answers, read from a fresh parse so that no cache is involved. */
function libraryAnswers(text: string) {
  return instructionsOf(text).instructions.map((instruction) => {
    const withFlags = instruction as Instruction & { getFlags?: () => Flag[] };
    return {
      content: instruction.getArgumentsContent(),
      flags: flagSummary(withFlags.getFlags ? withFlags.getFlags() : []),
      firstArgument: instruction.getArguments()[0]?.getRange().start,
      values: instruction.getArguments().map((argument) => [argument.getValue(), argument.getRange()]),
      properties: instruction instanceof PropertyInstruction ? propertySummary(instruction.getProperties()) : [],
      flagValues: flagNames.map((name) => {
        const flag = withFlags.getFlags?.().find((candidate) => candidate.getName() === name);
        return flag && { value: flag.getValue(), range: flag.getRange(), valueRange: flag.getValueRange() };
      }),
    };
  });
}

function cachedAnswers(text: string) {
  const { instructions, reads } = instructionsOf(text);
  return instructions.map((instruction) => ({
    content: argumentsContentOf(instruction, reads),
    flags: flagSummary(flagsOf(instruction, reads)),
    firstArgument: firstArgumentStart(instruction, reads),
    values: argumentsOf(instruction, reads).map((argument) => [argument.getValue(), argument.getRange()]),
    properties: instruction instanceof PropertyInstruction ? propertySummary(propertiesOf(instruction, reads)) : [],
    flagValues: flagNames.map((name) => flagValueOf(instruction, reads, name)),
  }));
}

describe('instruction facts', () => {
  test('keywordOf gives what getKeyword gives, whatever the case the keyword is written in', () => {
    const text = 'FROM alpine\nrun echo\nCopy a b\nMAINTAINER me\nﬀrom x\n';
    const instructions = new DocumentModel('file:///k/Dockerfile', 1, text).dockerfile.getInstructions();
    assert.deepEqual(
      instructions.map((instruction) => keywordOf(instruction)),
      instructions.map((instruction) => instruction.getKeyword()),
    );
    assert.deepEqual(instructions.map((instruction) => keywordOf(instruction)).slice(0, 4), ['FROM', 'RUN', 'COPY', 'MAINTAINER']);
  });

  test('read what dockerfile-ast reads, with and without the shortcuts', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'FROM alpine:3.20',
      'WORKDIR \t /src/app  ',
      'RUN --mount=type=cache,target=/root/.cache go build ./...',
      'RUN apk add \\',
      '    # a comment',
      '    curl',
      'COPY --from=build /out /app',
      'CMD ["/app"]',
      'USER',
    ].join('\n');
    assert.deepEqual(cachedAnswers(text), libraryAnswers(text));
    const { instructions, reads } = instructionsOf(text);
    assert.equal(argumentsContentOf(instructions[2], reads), '/src/app');
    assert.equal(argumentsContentOf(instructions[7], reads), null);
    assert.deepEqual(flagsOf(instructions[1], reads), []);
    assert.deepEqual(firstArgumentStart(instructions[4], reads), { line: 4, character: 4 });
  });

  test('the same arrays on every read', () => {
    const { instructions, reads } = instructionsOf('COPY --from=build a b\n');
    assert.equal(argumentsOf(instructions[0], reads), argumentsOf(instructions[0], reads));
    assert.equal(flagsOf(instructions[0], reads), flagsOf(instructions[0], reads));
  });

  test('each read is worked out once per version, and again for the next version', () => {
    const text = 'RUN apk add \\\n    curl\n';
    const first = new DocumentModel('file:///t/Dockerfile', 1, text);
    const [run] = first.dockerfile.getInstructions();
    const getArguments = run.getArguments.bind(run);
    let splits = 0;
    run.getArguments = () => {
      splits++;
      return getArguments();
    };
    assert.equal(first.instructionReads, first.instructionReads, 'one set of reads per version');
    assert.equal(argumentsOf(run, first.instructionReads), argumentsOf(run, first.instructionReads));
    assert.equal(splits, 1);
    const second = new DocumentModel('file:///t/Dockerfile', 2, text);
    assert.notEqual(second.instructionReads, first.instructionReads, 'the next version reads its own instructions');
    assert.deepEqual(argumentsOf(second.dockerfile.getInstructions()[0], second.instructionReads).map((argument) => argument.getValue()), ['apk', 'add', 'curl']);
  });

  test('an ONBUILD trigger is parsed once per version, whoever reads it', () => {
    const model = new DocumentModel('file:///t/Dockerfile', 1, 'FROM debian:12 AS base\nONBUILD RUN apt-get update && apt-get install -y curl\nFROM base\nRUN true\n');
    const onbuild = model.dockerfile.getInstructions()[1] as Onbuild;
    const getTriggerInstruction = onbuild.getTriggerInstruction.bind(onbuild);
    let parses = 0;
    onbuild.getTriggerInstruction = () => {
      parses++;
      return getTriggerInstruction();
    };
    const trigger = triggerOf(onbuild, model.instructionReads);
    assert.equal(trigger?.getKeyword(), 'RUN');
    assert.equal(triggerOf(onbuild, model.instructionReads), trigger, 'the same object, so reads keyed by it are kept once');
    // The image rules walk the trigger for the base stage's environment and for its RUNs; the semantic tokens read it too.
    assert.ok(lint(model).length > 0, 'the rules ran over the file');
    computeSemanticTokens(model);
    assert.equal(parses, 1);
  });

  test('agree with dockerfile-ast on arbitrary instructions, either escape character', () => {
    const keyword = fc.constantFrom('FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR', 'USER', 'CMD', 'SHELL', 'ENV', 'ARG', 'LABEL', 'HEALTHCHECK', 'from', 'Run', 'arg');
    const piece = fc.constantFrom(' ', '\t', 'a', 'b--c', 'A=1', 'B="x y"', '--', '--mount=x', '--from=s', '--platform=$P', '--platform', '--platform=', '---x', '=', '#', '\\', '`', '\n', '\r\n', '\\\n', '`\n', '\u00a0', '[', '"', ']', "'", '<<EOF', '\nEOF\n');
    const directive = fc.constantFrom('', '# escape=`\n');
    fc.assert(
      fc.property(directive, keyword, fc.array(piece, { maxLength: 14 }), (header, name, pieces) => {
        const text = `${header}${name}${pieces.join('')}\n`;
        assert.deepEqual(cachedAnswers(text), libraryAnswers(text));
      }),
      { numRuns: 1500 },
    );
  });

  test('an instruction may hold the words of each of its property names', () => {
    const keyword = fc.constantFrom('ENV', 'ARG', 'LABEL');
    const piece = fc.constantFrom(' ', 'A', 'B_', 'TOKEN', '=', '1', '-', '.', '"', "'", '\\\n', '\\\n# c\n', '\\\n  #x\n  ', '\\ ', '\\', '`', '`\n', '\t', '#', '$A');
    const directive = fc.constantFrom('', '# escape=`\n');
    fc.assert(
      fc.property(directive, keyword, fc.array(piece, { maxLength: 12 }), (header, name, pieces) => {
        const { instructions, reads } = instructionsOf(`${header}${name} ${pieces.join('')}\n`);
        for (const instruction of instructions) {
          if (!(instruction instanceof PropertyInstruction)) continue;
          for (const property of instruction.getProperties()) {
            for (const word of property.getName().match(/\w+/g) ?? []) assert.ok(mayHoldWord(instruction, reads, word), `${word} in ${instruction.getTextContent()}`);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
