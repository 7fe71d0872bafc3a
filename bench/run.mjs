// `npm run bench [-- NAME...]`: runs every bench/*.bench.ts (or those whose file name contains
// one of the NAMEs), each in its own Node process so one benchmark's heap and JIT state cannot
// colour another's figures. Exits non-zero when a benchmark fails or misses its target.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const benchDir = import.meta.dirname;
const filters = process.argv.slice(2);
const benchmarks = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

if (benchmarks.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')}`);
  process.exit(2);
}

const cpus = os.cpus();
console.log(`${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${os.platform()} ${os.release()}`);

let failed = 0;
for (const file of benchmarks) {
  console.log(`\n## ${file}`);
  // --expose-gc lets the harness start every timed run from a clean heap.
  const { status } = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(benchDir, file)], { stdio: 'inherit' });
  if (status !== 0) {
    failed++;
    console.error(`${file} failed (exit ${status})`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
