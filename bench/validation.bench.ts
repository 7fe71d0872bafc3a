/**
 * Validation: what our rules add on top of the library's own validation, on the same generated
 * files, in one process and one run. The library parses inside `validate`; our rules run on a new
 * model already parsed, as in the server, where the parse is shared with the library's
 * validation. Our side is the analysis core as shipped (the production bundle `npm run bench`
 * builds), not the TypeScript loader's output, and both sides are warmed up on every size first,
 * as a server that has been editing for a while is: the cold first lints are reported apart.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import type * as Analysis from './entries/analysis';
import { generateDockerfile, stagesForLines } from './generateDockerfile';
import { formatMs, formatRatio, measure, printTable, recordSummary } from './harness';
import { repoRoot } from './lsp';

/** Our rules may add at most this share of the library's validation time. */
const TARGET_RATIO = 0.3;
const RUNS = 15;
const WARMUP_ROUNDS = 30;

const bundle = path.join(repoRoot, 'out', 'bench', 'dist', 'analysis.js');
const { DocumentModel, lint } = createRequire(__filename)(bundle) as typeof Analysis;

const library = DockerfileLanguageServiceFactory.createLanguageService();
const files = [350, 1750, 3500].map((approximateLines) => {
  const stages = stagesForLines(approximateLines);
  return { stages, text: generateDockerfile(stages) };
});

let version = 0;
function parsedModel(text: string): Analysis.DocumentModel {
  const model = new DocumentModel('file:///bench/Dockerfile', version++, text);
  void model.dockerfile;
  return model;
}

// The first lints of the process, before V8 has compiled the rules: what a server's first
// validation of a file costs, reported but not held to the target.
const coldStart = process.hrtime.bigint();
lint(parsedModel(files[0].text));
const coldMs = Number(process.hrtime.bigint() - coldStart) / 1e6;

for (let round = 0; round < WARMUP_ROUNDS; round++) {
  for (const { text } of files) {
    library.validate(text);
    lint(parsedModel(text));
  }
}

const rows: (string | number)[][] = [];
let worstRatio = 0;
for (const { stages, text } of files) {
  const lines = text.split('\n').length - 1;
  const theirs = measure('library validate', () => library.validate(text), { runs: RUNS, warmup: 3 });
  // A new, already parsed model for each run: lint memoizes per model.
  const models = Array.from({ length: RUNS + 3 }, () => parsedModel(text));
  let next = 0;
  const rules = measure('our rules on the shared parse', () => lint(models[next++]), { runs: RUNS, warmup: 3 });
  const ratio = rules.medianMs / theirs.medianMs;
  worstRatio = Math.max(worstRatio, ratio);
  rows.push([lines, stages, theirs.result.length, rules.result.length, formatMs(theirs.medianMs), formatMs(rules.medianMs), formatRatio(ratio)]);
  recordSummary({
    measure: `validation, ${lines} lines: our rules beside the library's`,
    ours: `${formatMs(rules.medianMs)} ms`,
    anchor: `${formatMs(theirs.medianMs)} ms`,
    ratio: formatRatio(ratio),
    target: `<= ${TARGET_RATIO}`,
    met: ratio <= TARGET_RATIO,
  });
}

printTable(
  `Validation, median ms over ${RUNS} runs after warming up on every size`,
  ['lines', 'stages', 'library findings', 'our findings', 'library validate', 'our rules', 'added share'],
  rows,
);
console.log(`\nthe process's first lint (${files[0].text.split('\n').length - 1} lines, before V8 compiled the rules): ${formatMs(coldMs)} ms`);
const met = worstRatio <= TARGET_RATIO;
console.log(`\ntarget: our rules add at most ${TARGET_RATIO * 100}% to the library's validation: ${met ? 'met' : 'NOT met'} (worst ${formatRatio(worstRatio)})`);
if (!met) process.exitCode = 1;
