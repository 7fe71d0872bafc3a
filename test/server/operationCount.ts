/**
 * Work counted in operations rather than seconds, the same on any machine: V8's precise block
 * coverage counts every entry of every function, branch and loop body of the JavaScript that
 * runs (ours and the libraries'), and their sum is the operations counted. It does not see the
 * work inside V8's builtins (a regular expression's backtracking, a copy by `Array.concat`):
 * test/unit/regexSafety.test.ts covers the patterns.
 */
import { Session } from 'node:inspector';
import * as path from 'node:path';

/** Counts the operations this process runs between two `take`s. */
export class OperationCounter {
  private readonly session = new Session();

  /** Starts counting from zero. */
  start(): void {
    this.session.connect();
    this.post('Profiler.enable');
    this.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  }

  /** The operations run since the last `take` (or `start`), counting from zero again. */
  take(): number {
    const { result } = this.post('Profiler.takePreciseCoverage') as { result: { functions: { ranges: { count: number }[] }[] }[] };
    let operations = 0;
    for (const script of result) for (const entry of script.functions) for (const range of entry.ranges) operations += range.count;
    return operations;
  }

  /** A session on this process's own inspector answers at once, in the call. */
  private post(method: string, params?: object): unknown {
    let answer: unknown;
    let failure: Error | null = null;
    this.session.post(method, params, (error, result) => {
      failure = error;
      answer = result;
    });
    if (failure) throw failure;
    if (answer === undefined) throw new Error(`the inspector did not answer ${method} at once`);
    return answer;
  }
}

/** The slack over a straight line that the growth of a count may take: fixed costs and cache misses. */
export const linearSlack = 1.5;

/**
 * Throws unless a count at the larger size is at most the size ratio times the count at the
 * smaller size, times `linearSlack`: what a quadratic step fails by the size ratio itself.
 */
export function assertLinearGrowth(what: string, small: { size: number; operations: number }, large: { size: number; operations: number }): void {
  const ratio = large.size / small.size;
  const bound = ratio * small.operations * linearSlack;
  if (large.operations > bound) {
    throw new Error(
      `${what}: ${large.operations} operations at ${large.size} characters, over ${Math.round(bound)} (${ratio.toFixed(1)} × ${small.operations} at ${small.size}, × ${linearSlack}): it grows ${(large.operations / small.operations / ratio).toFixed(1)} times faster than the size`,
    );
  }
}

/** The server bundle with its operations counted, reported on SIGUSR2 (fixtures/countingServer.ts). */
export const countingServerCommand: readonly string[] = [process.execPath, '--import', 'tsx', path.join(__dirname, 'fixtures', 'countingServer.ts'), '--stdio'];

/** How the counting server reports a count on its stderr. */
export const operationsReport = (operations: number): string => `operations ${operations}\n`;

/** Every count the counting server has reported on `stderr`, in order. */
export const reportedOperations = (stderr: string): number[] => [...stderr.matchAll(/^operations (\d+)$/gm)].map((match) => Number(match[1]));
