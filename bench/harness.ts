/**
 * What every benchmark shares: timing with warm-up and medians, one table format, so that
 * figures from different benchmarks read the same way, and the rows of the closing summary.
 */
import { appendFileSync } from 'node:fs';

export interface MeasureOptions {
  /** Timed runs; the median is reported. */
  readonly runs?: number;
  /** Untimed runs first (at least one), so the JIT has compiled the hot paths. */
  readonly warmup?: number;
}

export interface Measurement<T> {
  readonly name: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /**
   * What the last run returned: keeping it stops the work being optimised away, and lets the
   * benchmark check that what it timed computed the right thing.
   */
  readonly result: T;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;

export function measure<T>(name: string, work: () => T, options: MeasureOptions = {}): Measurement<T> {
  const { runs = 9, warmup = 2 } = options;
  // A clean heap, so one measurement does not pay for the garbage of the one before. Not before
  // every run: a full collection also discards compiled code, and the runs would time the JIT.
  collectGarbage?.();
  let result = work();
  for (let i = 1; i < warmup; i++) result = work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    result = work();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { name, runs, medianMs: median(samples), minMs: samples[0], maxMs: samples[samples.length - 1], result };
}

/** The middle of samples sorted in ascending order. */
export function median(sorted: readonly number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

export function formatRatio(ratio: number): string {
  return ratio >= 0.01 ? ratio.toFixed(3) : ratio.toExponential(1);
}

/** A plain-text table: text columns left-aligned, numbers right-aligned, as Markdown would. */
export function printTable(title: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]): void {
  const cells = rows.map((row) => row.map(String));
  const widths = header.map((name, column) => Math.max(name.length, ...cells.map((row) => row[column].length)));
  const numeric = header.map((_, column) => rows.every((row) => typeof row[column] === 'number' || /^[\d.,e+-]+$/.test(String(row[column]))));
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, column) => (numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(`|${widths.map((width, column) => (numeric[column] ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`);
  for (const row of cells) console.log(line(row));
}

/** One line of the summary `npm run bench` prints after every benchmark has run. */
export interface SummaryRow {
  readonly measure: string;
  readonly ours: string;
  /** What the anchor (dockerfile-language-server-nodejs 0.15.0) measured, where it does the same work. */
  readonly anchor?: string;
  /** ours / anchor. */
  readonly ratio?: string;
  readonly target?: string;
  /** Whether the target is met; absent for figures without a target. */
  readonly met?: boolean;
}

/**
 * Adds a row to the summary. `bench/run.mjs` names the file in BENCH_SUMMARY_FILE and prints it
 * once all benchmarks ran, each in its own process; a benchmark run on its own records nothing.
 */
export function recordSummary(row: SummaryRow): void {
  const file = process.env.BENCH_SUMMARY_FILE;
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`);
}
