// The long fuzz run: the properties `npm test` checks a few hundred times, checked for as long as
// asked, round after round with fresh seeds. A failing input is shrunk and saved to
// test/fixtures/regressions/ (FUZZ_SAVE=1), where the regression test keeps checking it.
//
//   npm run build && node test/fuzz/long-run.mjs [--minutes 30] [--runs 5000]
//
// Each round prints its seed; `FUZZ_SEED=<seed> FUZZ_RUNS=<runs> node --import tsx --test <file>`
// replays it. Exits 1 when any round failed.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { minutes: { type: 'string', default: '30' }, runs: { type: 'string', default: '5000' } } });
const deadline = Date.now() + Number(values.minutes) * 60_000;
const files = ['test/fuzz/analysis.test.ts', 'test/fuzz/server.test.ts'];

function round(seed) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', ...files], {
      cwd: root,
      env: { ...process.env, FUZZ_RUNS: values.runs, FUZZ_SEED: String(seed), FUZZ_SAVE: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const failedSeeds = [];
for (let count = 1; Date.now() < deadline; count++) {
  const seed = randomInt(2 ** 31 - 1);
  process.stdout.write(`\nround ${count}, seed ${seed}, ${values.runs} runs per property\n`);
  if ((await round(seed)) !== 0) failedSeeds.push(seed);
}
process.stdout.write(failedSeeds.length === 0 ? '\nno failures\n' : `\nfailed seeds: ${failedSeeds.join(', ')}; new cases are in test/fixtures/regressions/\n`);
process.exitCode = failedSeeds.length === 0 ? 0 : 1;
