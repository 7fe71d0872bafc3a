import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileParser, ModifiableInstruction, type Argument, type Flag, type Instruction } from 'dockerfile-ast';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { installLibraryFixes } from '../../../server/src/libraryFixes/index';

// Flags (which ModifiableInstruction strips from the array it gets), escaped newlines, a comment
// inside a continuation, JSON form, heredocs, quotes and variables.
const text = [
  '# escape=\\',
  'ARG BASE=alpine:3.20',
  'FROM --platform=$BUILDPLATFORM ${BASE} AS build',
  'COPY --from=build --chown=app:app /a /b',
  'RUN --mount=type=cache,target=/root/.cache \\',
  '    # a comment',
  '    apk add "a b" \\',
  "      'c d'",
  'COPY <<EOF /etc/conf',
  'x=1',
  'EOF',
  'ENV A=1 B="two words"',
  'CMD ["sh", "-c", "echo $A"]',
  'HEALTHCHECK --interval=5s CMD true',
  '',
].join('\n');

const describeArgument = (argument: Argument) => ({ value: argument.getValue(), range: argument.getRange() });
const describeFlag = (flag: Flag) => ({
  name: flag.getName(),
  value: flag.getValue(),
  range: flag.getRange(),
  valueRange: flag.getValueRange(),
  options: flag.getOptions().map((option) => ({ name: option.getName(), value: option.getValue(), range: option.getRange() })),
});
const flagsOf = (instruction: Instruction) => (instruction instanceof ModifiableInstruction ? instruction.getFlags() : []);
const snapshot = (instructions: Instruction[]) =>
  instructions.map((instruction) => ({
    flags: flagsOf(instruction).map(describeFlag),
    arguments: instruction.getArguments().map(describeArgument),
    content: instruction.getArgumentsContent(),
    raw: instruction.getRawArgumentsContent(),
  }));

// Later versions of `text`: one instruction edited in place, and a line inserted above the rest.
const edited = text.replace('/a /b', '/a /bc');
const shifted = text.replace('ARG BASE', '# a new line\nARG BASE');
// What dockerfile-ast computes for each, read before any test installs the memo.
const unmemoized = { edited: snapshot(DockerfileParser.parse(edited).getInstructions()), shifted: snapshot(DockerfileParser.parse(shifted).getInstructions()) };

test('memoized arguments are what dockerfile-ast computes, call after call', () => {
  const before = snapshot(DockerfileParser.parse(text).getInstructions());
  const beforeDiagnostics = DockerfileLanguageServiceFactory.createLanguageService().validate(text);
  installLibraryFixes();
  const instructions = DockerfileParser.parse(text).getInstructions();
  assert.deepEqual(snapshot(instructions), before);
  // The second read comes from the memo; flags must still be stripped only once.
  assert.deepEqual(snapshot(instructions), before);
  assert.deepEqual(DockerfileLanguageServiceFactory.createLanguageService().validate(text), beforeDiagnostics);
});

test('an instruction splits its text once, and every caller gets its own array', () => {
  installLibraryFixes();
  const copy = DockerfileParser.parse(text).getInstructions()[2];
  const first = copy.getArguments();
  const second = copy.getArguments();
  assert.notEqual(first, second, 'a fresh array per call, so a caller shifting it harms no one');
  assert.equal(first[0], second[0], 'the same Argument objects: the text was split once');
  assert.deepEqual(first.map((argument) => argument.getValue()), ['/a', '/b']);
  first.length = 0;
  assert.deepEqual(copy.getArguments().map((argument) => argument.getValue()), ['/a', '/b']);
});

test('a later version reuses the arguments of instructions with the same text in the same place', () => {
  installLibraryFixes();
  const first = DockerfileParser.parse(text).getInstructions();
  const second = DockerfileParser.parse(edited).getInstructions();
  assert.deepEqual(snapshot(second), unmemoized.edited);
  const copyIndex = 2;
  assert.equal(first[copyIndex].getTextContent(), 'COPY --from=build --chown=app:app /a /b');
  assert.notEqual(second[copyIndex].getArguments()[1], first[copyIndex].getArguments()[1], 'the edited instruction is split again');
  assert.equal(second[copyIndex + 1].getArguments()[0], first[copyIndex + 1].getArguments()[0], 'the next instruction takes its arguments from the first version');
  assert.notEqual(flagsOf(second[copyIndex]), flagsOf(first[copyIndex]), 'the edited instruction reads its flags again');
  assert.equal(flagsOf(second[copyIndex + 1]), flagsOf(first[copyIndex + 1]), 'the next instruction takes its flags from the first version');

  const moved = DockerfileParser.parse(shifted).getInstructions();
  assert.deepEqual(snapshot(moved), unmemoized.shifted, 'moved instructions get ranges on their new lines');
  assert.notEqual(moved[copyIndex].getArguments()[0], first[copyIndex].getArguments()[0]);
  assert.notEqual(flagsOf(moved[copyIndex]), flagsOf(first[copyIndex]));
});

test('reading the image name leaves the shared first argument of a FROM whole', () => {
  installLibraryFixes();
  const fromText = 'FROM registry.example.com/team/node:20-alpine AS build\n';
  const from = DockerfileParser.parse(fromText).getFROMs()[0];
  assert.equal(from.getImageName(), 'team/node');
  assert.equal(from.getRegistry(), 'registry.example.com');
  const whole = { start: { line: 0, character: 5 }, end: { line: 0, character: 45 } };
  assert.deepEqual(from.getArguments()[0].getRange(), whole);
  assert.deepEqual(DockerfileParser.parse(fromText).getFROMs()[0].getArguments()[0].getRange(), whole, 'nor does a later version that reuses it');
});
