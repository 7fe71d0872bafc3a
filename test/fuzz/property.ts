import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { fixturesRoot } from './arbitraries';

export const regressionsRoot = path.join(fixturesRoot, 'regressions');

/**
 * Checks a property over generated inputs. A failing input is shrunk by fast-check; under the
 * long run (`FUZZ_SAVE=1`) it is also saved to test/fixtures/regressions/: a text as `.txt`, which
 * the regression test keeps checking from then on, anything else as `.json` to turn into a test.
 * `FUZZ_SEED` replays a run.
 */
export async function checkTexts<T>(name: string, inputs: fc.Arbitrary<T>, property: (input: T) => void | Promise<void>, numRuns: number): Promise<void> {
  const seed = process.env.FUZZ_SEED && Number.isInteger(Number(process.env.FUZZ_SEED)) ? Number(process.env.FUZZ_SEED) : undefined;
  const details = await fc.check(
    fc.asyncProperty(inputs, async (input) => {
      await property(input);
    }),
    { numRuns, seed },
  );
  if (!details.failed) return;
  const [input] = details.counterexample ?? [];
  const text = typeof input === 'string' ? input : JSON.stringify(input);
  if (process.env.FUZZ_SAVE === '1') {
    const digest = createHash('sha256').update(text).digest('hex').slice(0, 12);
    mkdirSync(regressionsRoot, { recursive: true });
    writeFileSync(path.join(regressionsRoot, `${name}-${digest}.${typeof input === 'string' ? 'txt' : 'json'}`), text);
  }
  const cause = details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance);
  throw new Error(`${name}: ${fc.defaultReportMessage(details) ?? 'failed'}\nInput: ${JSON.stringify(input)}\n${cause}`);
}
