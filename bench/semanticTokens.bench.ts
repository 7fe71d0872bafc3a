/**
 * Semantic tokens: dockerfile-language-service's `computeSemanticTokens` against ours, on the
 * same generated files, in one process and one run.
 */
import { isDeepStrictEqual } from 'node:util';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { DocumentModel } from '../server/src/analysis/documentModel';
import { computeSemanticTokens } from '../server/src/analysis/semanticTokens';
import { generateDockerfile, stagesForLines } from './generateDockerfile';
import { formatMs, formatRatio, measure, printTable } from './harness';

/** Ours at the largest size must take at most this share of the library's time. */
const TARGET_RATIO = 0.1;

const library = DockerfileLanguageServiceFactory.createLanguageService();
const rows: (string | number)[][] = [];
let largestRatio = Number.NaN;
let mismatch = false;

for (const approximateLines of [350, 1750, 3500]) {
  const stages = stagesForLines(approximateLines);
  const text = generateDockerfile(stages);
  const lines = text.split('\n').length - 1;

  // The library parses the text on every request, so ours is timed with a fresh parse too; the
  // server parses once per document version, which the last column shows.
  const theirs = measure('library', () => library.computeSemanticTokens(text).data, { runs: 5, warmup: 1 });
  const ours = measure('ours', () => computeSemanticTokens(new DocumentModel('file:///bench/Dockerfile', 1, text)).data, { runs: 21, warmup: 5 });
  const parsed = new DocumentModel('file:///bench/Dockerfile', 1, text);
  void parsed.dockerfile;
  const oursParsed = measure('ours, parse cached', () => computeSemanticTokens(parsed).data, { runs: 21, warmup: 5 });

  if (!isDeepStrictEqual(ours.result, theirs.result) || !isDeepStrictEqual(oursParsed.result, theirs.result)) {
    console.error(`semantic tokens differ from the library's at ${lines} lines`);
    mismatch = true;
  }
  const ratio = ours.medianMs / theirs.medianMs;
  largestRatio = ratio;
  rows.push([lines, stages, theirs.result.length / 5, formatMs(theirs.medianMs), formatMs(ours.medianMs), formatRatio(ratio), formatMs(oursParsed.medianMs)]);
}

printTable(
  'Semantic tokens, median ms (library: 5 runs after 1 warm-up; ours: 21 runs after 5)',
  ['lines', 'stages', 'tokens', 'library', 'ours', 'ours/library', 'ours, parse cached'],
  rows,
);
const met = largestRatio <= TARGET_RATIO;
console.log(`\ntarget at the largest size: ours/library <= ${TARGET_RATIO}: ${met ? 'met' : 'NOT met'} (${formatRatio(largestRatio)})`);
if (mismatch || !met) process.exitCode = 1;
