/**
 * Validation: what our rules add on top of the library's own validation, on the same generated
 * files, in one process and one run. The library parses inside `validate`; our rules run on a new
 * model already parsed, as in the server, where the parse is shared with the library's
 * validation. Our side is the analysis core as shipped (the production bundle `npm run bench`
 * builds), not the TypeScript loader's output, and both sides are warmed up on every size first,
 * as a server that has been editing for a while is: the cold first lints are reported apart.
 * The sides are timed in alternating batches with no forced collection before them: a forced
 * full collection discards compiled code, and the calls right after it time the JIT again.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import type * as Analysis from './entries/analysis';
import { generateDockerfile, stagesForLines } from './generateDockerfile';
import { formatMs, formatRatio, median, printTable, recordSummary } from './harness';
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

/** Calls per timed batch, by size: enough that a batch spans several young-generation collections. */
const BATCH = [40, 10, 5];

/** Milliseconds per call of one batch. */
function batchMs(calls: number, work: (call: number) => unknown): number {
  const start = process.hrtime.bigint();
  for (let call = 0; call < calls; call++) work(call);
  return Number(process.hrtime.bigint() - start) / 1e6 / calls;
}

const rows: (string | number)[][] = [];
let worstRatio = 0;
for (const [sizeIndex, { stages, text }] of files.entries()) {
  const lines = text.split('\n').length - 1;
  const calls = BATCH[sizeIndex];
  const theirs: number[] = [];
  const ours: number[] = [];
  // The two sides take turns, batch by batch, so a change in the machine's load falls on both;
  // each of our lints gets a new, already parsed model (lint memoizes per model), made outside
  // the timed batch. A batch holds the garbage collections its own calls cause.
  for (let round = 0; round < RUNS; round++) {
    theirs.push(batchMs(calls, () => library.validate(text)));
    const models = Array.from({ length: calls }, () => parsedModel(text));
    ours.push(batchMs(calls, (call) => lint(models[call])));
  }
  const theirsMs = median(theirs.sort((a, b) => a - b));
  const oursMs = median(ours.sort((a, b) => a - b));
  const ratio = oursMs / theirsMs;
  worstRatio = Math.max(worstRatio, ratio);
  rows.push([lines, stages, library.validate(text).length, lint(parsedModel(text)).length, formatMs(theirsMs), formatMs(oursMs), formatRatio(ratio)]);
  recordSummary({
    measure: `validation, ${lines} lines: our rules beside the library's`,
    ours: `${formatMs(oursMs)} ms`,
    anchor: `${formatMs(theirsMs)} ms`,
    ratio: formatRatio(ratio),
    target: `<= ${TARGET_RATIO}`,
    met: ratio <= TARGET_RATIO,
  });
}

printTable(
  `Validation, median ms per call over ${RUNS} alternating batches after warming up on every size`,
  ['lines', 'stages', 'library findings', 'our findings', 'library validate', 'our rules', 'added share'],
  rows,
);
console.log(`\nthe process's first lint (${files[0].text.split('\n').length - 1} lines, before V8 compiled the rules): ${formatMs(coldMs)} ms`);
const met = worstRatio <= TARGET_RATIO;
console.log(`\ntarget: our rules add at most ${TARGET_RATIO * 100}% to the library's validation: ${met ? 'met' : 'NOT met'} (worst ${formatRatio(worstRatio)})`);
if (!met) process.exitCode = 1;
