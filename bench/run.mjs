// `npm run bench [-- NAME...]`: builds the bundles as shipped (minified) into out/bench/dist, then
// runs every bench/*.bench.ts (or those whose file name contains one of the NAMEs), each in its own
// Node process so one benchmark's heap and JIT state cannot colour another's figures, and closes
// with a summary of every figure against its target. Exits non-zero when a benchmark fails or
// misses its target.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const benchDir = import.meta.dirname;
const repoRoot = path.resolve(benchDir, '..');
const outDir = path.join(repoRoot, 'out', 'bench');
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

rmSync(path.join(outDir, 'dist'), { recursive: true, force: true });
const build = spawnSync(process.execPath, ['esbuild.mjs', '--production', '--metafile', '--bench-entries', `--outdir=${path.join(outDir, 'dist')}`], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('building the production bundles failed');
  process.exit(1);
}

mkdirSync(outDir, { recursive: true });
const summaryFile = path.join(outDir, 'summary.jsonl');
writeFileSync(summaryFile, '');
const env = { ...process.env, BENCH_SUMMARY_FILE: summaryFile };

let failed = 0;
for (const file of benchmarks) {
  console.log(`\n## ${file}`);
  // --expose-gc lets the harness start every timed run from a clean heap.
  const { status } = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(benchDir, file)], { stdio: 'inherit', cwd: repoRoot, env });
  if (status !== 0) {
    failed++;
    console.error(`${file} failed (exit ${status})`);
  }
}
spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, 'summary.ts'), summaryFile], { stdio: 'inherit', cwd: repoRoot });
console.log(failed === 0 ? '\nevery benchmark met its targets' : `\n${failed} benchmark(s) failed or missed a target`);
process.exitCode = failed === 0 ? 0 : 1;
