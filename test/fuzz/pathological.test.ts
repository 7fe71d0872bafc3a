// Hostile sizes and shapes (issue 9): 20,000-line continuations, 2 MB lines, 10 MB files, 1,000
// stages, cycles, ARG chains hundreds deep, unclosed heredocs and quotes, NUL bytes, random bytes,
// and the shapes that were once quadratic or overflowed the stack. The analysis core (which the
// CLI runs on files of any size) and the converter must answer on every one of them. Time bounds
// on the server's answers are test/server/robustness.test.ts's.
import { describe, test } from 'node:test';
import { checkConversion, exerciseAnalysis } from './exercise';
import { issueInputs, regressionInputs } from './pathological';

describe('analysis core on pathological inputs', () => {
  for (const input of [...issueInputs(), ...regressionInputs()]) {
    test(`${input.name}: every feature answers, ranges inside the document, conversion sound`, () => {
      exerciseAnalysis(input.text, { probes: 4 });
      checkConversion(input.text);
    });
  }
});
