import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileParser, type Argument, type Instruction } from 'dockerfile-ast';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { memoizeInstructionArguments } from '../../../server/src/features/argumentMemo';

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
const snapshot = (instructions: Instruction[]) =>
  instructions.map((instruction) => ({
    arguments: instruction.getArguments().map(describeArgument),
    content: instruction.getArgumentsContent(),
    raw: instruction.getRawArgumentsContent(),
  }));

test('memoized arguments are what dockerfile-ast computes, call after call', () => {
  const before = snapshot(DockerfileParser.parse(text).getInstructions());
  const beforeDiagnostics = DockerfileLanguageServiceFactory.createLanguageService().validate(text);
  memoizeInstructionArguments();
  const instructions = DockerfileParser.parse(text).getInstructions();
  assert.deepEqual(snapshot(instructions), before);
  // The second read comes from the memo; flags must still be stripped only once.
  assert.deepEqual(snapshot(instructions), before);
  assert.deepEqual(DockerfileLanguageServiceFactory.createLanguageService().validate(text), beforeDiagnostics);
});

test('an instruction splits its text once, and every caller gets its own array', () => {
  memoizeInstructionArguments();
  const copy = DockerfileParser.parse(text).getInstructions()[2];
  const first = copy.getArguments();
  const second = copy.getArguments();
  assert.notEqual(first, second, 'a fresh array per call, so a caller shifting it harms no one');
  assert.equal(first[0], second[0], 'the same Argument objects: the text was split once');
  assert.deepEqual(first.map((argument) => argument.getValue()), ['/a', '/b']);
  first.length = 0;
  assert.deepEqual(copy.getArguments().map((argument) => argument.getValue()), ['/a', '/b']);
});
