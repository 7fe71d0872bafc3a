// Fuzzing the analysis core and the converter (issue 9): Dockerfiles assembled with hostile
// values, fixtures mutated by random edits, and text that is no Dockerfile at all. Nothing may
// throw, every range stays inside the document, and any conversion parses and keeps every
// instruction and comment. The language library is called as the server calls it: a throw there
// would be an error in the log. `test/fuzz/long-run.mjs` runs the same properties for longer.
import { describe, test } from 'node:test';
import { anyDockerfile, assembledDockerfile, fixtureDockerfiles, fuzzRuns, hostileText, mutatedFixture } from './arbitraries';
import { checkConversion, exerciseAnalysis, exerciseLibrary } from './exercise';
import { checkTexts } from './property';

const fixtures = fixtureDockerfiles();

describe('analysis core under fuzzing', () => {
  test('assembled Dockerfiles with hostile values', async () => {
    await checkTexts('assembled', assembledDockerfile, (text) => exerciseAnalysis(text), fuzzRuns(150));
  });

  test('fixtures after random edits', async () => {
    await checkTexts('mutated', mutatedFixture(fixtures), (text) => exerciseAnalysis(text, { probes: 15 }), fuzzRuns(120));
  });

  test('random bytes, NUL, CR and BOM', async () => {
    await checkTexts('bytes', hostileText, (text) => exerciseAnalysis(text), fuzzRuns(150));
  });
});

describe('the language library under fuzzing, as the server calls it', () => {
  test('assembled, mutated and random texts', async () => {
    await checkTexts('library', anyDockerfile(fixtures), (text) => exerciseLibrary(text), fuzzRuns(150));
  });
});

describe('converter under fuzzing', () => {
  test('any input converts with nothing lost, or is declined with a reason', async () => {
    await checkTexts('convert', anyDockerfile(fixtures), checkConversion, fuzzRuns(200));
  });

  test('single-stage fixtures after random edits', async () => {
    const singleStage = fixtures.filter((text) => (text.match(/^\s*FROM\s/gim) ?? []).length === 1);
    await checkTexts('convert-mutated', mutatedFixture(singleStage), checkConversion, fuzzRuns(150));
  });
});
