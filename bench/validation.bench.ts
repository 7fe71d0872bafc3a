/**
 * Validation: what our rules add on top of the library's own validation, on the same generated
 * files, in one process and one run. Both sides start from text: the library parses inside
 * `validate`, and our rules get a fresh model whose parse they pay for as well; the server shares
 * one parse between the two, so the real cost of our rules is lower than this column.
 */
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { DocumentModel } from '../server/src/analysis/documentModel';
import { lint } from '../server/src/analysis/lint';
import { generateDockerfile, stagesForLines } from './generateDockerfile';
import { formatMs, formatRatio, measure, printTable } from './harness';

/** Our rules may add at most this share of the library's validation time. */
const TARGET_RATIO = 0.3;

const library = DockerfileLanguageServiceFactory.createLanguageService();
const rows: (string | number)[][] = [];
let worstRatio = 0;

for (const approximateLines of [350, 1750, 3500]) {
  const stages = stagesForLines(approximateLines);
  const text = generateDockerfile(stages);
  const lines = text.split('\n').length - 1;
  const theirs = measure('library validate', () => library.validate(text), { runs: 15, warmup: 3 });
  // A new, already parsed model for each run: lint memoizes per model, and in the server the
  // parse is shared with the library's validation, so only the rules are timed.
  const models = Array.from({ length: 18 }, (_, version) => new DocumentModel('file:///bench/Dockerfile', version, text));
  for (const model of models) void model.dockerfile;
  let next = 0;
  const rules = measure('our rules on the shared parse', () => lint(models[next++]), { runs: 15, warmup: 3 });
  const ratio = rules.medianMs / theirs.medianMs;
  worstRatio = Math.max(worstRatio, ratio);
  rows.push([lines, stages, theirs.result.length, rules.result.length, formatMs(theirs.medianMs), formatMs(rules.medianMs), formatRatio(ratio)]);
}

printTable(
  'Validation, median ms over 15 runs after 3 warm-ups',
  ['lines', 'stages', 'library findings', 'our findings', 'library validate', 'our rules', 'added share'],
  rows,
);
const met = worstRatio <= TARGET_RATIO;
console.log(`\ntarget: our rules add at most ${TARGET_RATIO * 100}% to the library's validation: ${met ? 'met' : 'NOT met'} (worst ${formatRatio(worstRatio)})`);
if (!met) process.exitCode = 1;
