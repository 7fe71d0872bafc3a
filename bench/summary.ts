/**
 * `node --import tsx bench/summary.ts FILE`: prints the rows the benchmarks recorded in FILE (see
 * `recordSummary`) as one table, the figures of the whole run side by side with their targets.
 */
import { readFileSync } from 'node:fs';
import { printTable, type SummaryRow } from './harness';

const [file] = process.argv.slice(2);
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => JSON.parse(line) as SummaryRow);
const verdict = (row: SummaryRow) => (row.met === undefined ? '' : row.met ? 'met' : 'NOT met');
printTable(
  'Summary',
  ['measure', 'ours', 'anchor', 'ours/anchor', 'target', ''],
  rows.map((row) => [row.measure, row.ours, row.anchor ?? '', row.ratio ?? '', row.target ?? '', verdict(row)]),
);
const missed = rows.filter((row) => row.met === false);
console.log(`\n${rows.filter((row) => row.met !== undefined).length - missed.length} targets met, ${missed.length} missed${missed.length ? `: ${missed.map((row) => row.measure).join('; ')}` : ''}`);
