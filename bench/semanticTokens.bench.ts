/**
 * Semantic tokens: dockerfile-language-service's `computeSemanticTokens` against ours, and against
 * the library's own code patched to linear time (semanticTokensPatched.ts), on the same generated
 * files, in one process and one run.
 */
import { isDeepStrictEqual } from 'node:util';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { DocumentModel } from '../server/src/analysis/documentModel';
import { computeSemanticTokens } from '../server/src/analysis/semanticTokens';
import { generateDockerfile, stagesForLines } from './generateDockerfile';
import { formatMs, formatRatio, measure, printTable } from './harness';
import { loadPatchedSemanticTokens } from './semanticTokensPatched';

/** Ours at the largest size must take at most this share of the library's time. */
const TARGET_RATIO = 0.1;

/**
 * Issue 19's rule for replacing our producer by the patched library: at the largest size its
 * ratio to the library must be within this of ours.
 */
const REPLACEMENT_MARGIN = 0.02;

const library = DockerfileLanguageServiceFactory.createLanguageService();
const patched = loadPatchedSemanticTokens();
const rows: (string | number)[][] = [];
let largestRatio = Number.NaN;
let largestPatchedRatio = Number.NaN;
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
  // Parses the text itself, as the library does.
  const patchedLibrary = measure('patched library', () => patched.computeSemanticTokens(text).data, { runs: 21, warmup: 5 });

  for (const [name, data] of [['ours', ours.result], ['ours, parse cached', oursParsed.result], ['the patched library', patchedLibrary.result]] as const) {
    if (isDeepStrictEqual(data, theirs.result)) continue;
    console.error(`${name}: semantic tokens differ from the library's at ${lines} lines`);
    mismatch = true;
  }
  const ratio = ours.medianMs / theirs.medianMs;
  const patchedRatio = patchedLibrary.medianMs / theirs.medianMs;
  largestRatio = ratio;
  largestPatchedRatio = patchedRatio;
  rows.push([
    lines,
    stages,
    theirs.result.length / 5,
    formatMs(theirs.medianMs),
    formatMs(ours.medianMs),
    formatRatio(ratio),
    formatMs(patchedLibrary.medianMs),
    formatRatio(patchedRatio),
    formatMs(oursParsed.medianMs),
  ]);
}

printTable(
  'Semantic tokens, median ms (library: 5 runs after 1 warm-up; ours and the patched library: 21 runs after 5)',
  ['lines', 'stages', 'tokens', 'library', 'ours', 'ours/library', 'patched library', 'patched/library', 'ours, parse cached'],
  rows,
);
const met = largestRatio <= TARGET_RATIO;
console.log(`\ntarget at the largest size: ours/library <= ${TARGET_RATIO}: ${met ? 'met' : 'NOT met'} (${formatRatio(largestRatio)})`);
const replaceable = largestPatchedRatio - largestRatio <= REPLACEMENT_MARGIN;
console.log(
  `patched library at the largest size: patched/library ${formatRatio(largestPatchedRatio)}, ${(largestPatchedRatio - largestRatio).toFixed(3)} above ours; ` +
    `within ${REPLACEMENT_MARGIN} of ours, as replacing our producer needs: ${replaceable ? 'yes' : 'no'}`,
);
if (mismatch || !met) process.exitCode = 1;
