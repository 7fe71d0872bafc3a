import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PropertyInstruction, type Flag, type Instruction, type Property } from 'dockerfile-ast';
import { DocumentModel } from '../../../server/src/analysis/documentModel';
import { argumentsContentOf, argumentsOf, firstArgumentStart, flagsOf, flagValueOf, mayHoldWord, propertiesOf } from '../../../server/src/analysis/instructionFacts';

function instructionsOf(text: string): { instructions: Instruction[]; escapeChar: string } {
  const dockerfile = new DocumentModel('file:///t/Dockerfile', 1, text).dockerfile;
  return { instructions: dockerfile.getInstructions(), escapeChar: dockerfile.getEscapeCharacter() };
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
  const { instructions, escapeChar } = instructionsOf(text);
  return instructions.map((instruction) => ({
    content: argumentsContentOf(instruction, escapeChar),
    flags: flagSummary(flagsOf(instruction, escapeChar)),
    firstArgument: firstArgumentStart(instruction, escapeChar),
    values: argumentsOf(instruction, escapeChar).map((argument) => [argument.getValue(), argument.getRange()]),
    properties: instruction instanceof PropertyInstruction ? propertySummary(propertiesOf(instruction)) : [],
    flagValues: flagNames.map((name) => flagValueOf(instruction, escapeChar, name)),
  }));
}

describe('instruction facts', () => {
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
    const { instructions, escapeChar } = instructionsOf(text);
    assert.equal(argumentsContentOf(instructions[2], escapeChar), '/src/app');
    assert.equal(argumentsContentOf(instructions[7], escapeChar), null);
    assert.deepEqual(flagsOf(instructions[1], escapeChar), []);
    assert.deepEqual(firstArgumentStart(instructions[4], escapeChar), { line: 4, character: 4 });
  });

  test('the same arrays on every read', () => {
    const { instructions, escapeChar } = instructionsOf('COPY --from=build a b\n');
    assert.equal(argumentsOf(instructions[0], escapeChar), argumentsOf(instructions[0], escapeChar));
    assert.equal(flagsOf(instructions[0], escapeChar), flagsOf(instructions[0], escapeChar));
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
        for (const instruction of instructionsOf(`${header}${name} ${pieces.join('')}\n`).instructions) {
          if (!(instruction instanceof PropertyInstruction)) continue;
          for (const property of instruction.getProperties()) {
            for (const word of property.getName().match(/\w+/g) ?? []) assert.ok(mayHoldWord(instruction, word), `${word} in ${instruction.getTextContent()}`);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
