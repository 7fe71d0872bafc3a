/**
 * Bundle sizes as shipped (minified, no source maps), against their budgets, with what each
 * bundle is made of, from esbuild's metafile. `bench/run.mjs` builds them into out/bench/dist
 * first (`node esbuild.mjs --production --metafile --outdir=out/bench/dist`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { printTable, recordSummary } from './harness';
import { repoRoot } from './lsp';

const dist = path.join(repoRoot, 'out', 'bench', 'dist');

interface Bundle {
  readonly name: string;
  readonly files: readonly string[];
  /** Bytes; KB and MB are 1,000 and 1,000,000 bytes. */
  readonly budget: number;
}

const bundles: readonly Bundle[] = [
  // The client's own 300 KB budget is withdrawn (issue 16): what its size costs a user is
  // activation time, which activation.bench.ts holds to its target.
  { name: 'client (extension host)', files: ['client.js'], budget: 1_000_000 },
  { name: 'server', files: ['server.js'], budget: 1_000_000 },
  { name: 'webview (script and stylesheet)', files: ['webview/main.js', 'webview/main.css'], budget: 1_000_000 },
];

interface Metafile {
  readonly outputs: Record<string, { readonly inputs: Record<string, { readonly bytesInOutput: number }> }>;
}

/** Bytes in the output per npm package (or per source folder for our own code), largest first. */
function composition(bundleFile: string): [string, number][] {
  const metafile = JSON.parse(readFileSync(`${bundleFile}.meta.json`, 'utf8')) as Metafile;
  const bySource = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const source = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? path.dirname(input);
      bySource.set(source, (bySource.get(source) ?? 0) + bytesInOutput);
    }
  }
  return [...bySource].sort((a, b) => b[1] - a[1]);
}

const kB = (bytes: number) => (bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(2)} MB` : `${(bytes / 1000).toFixed(1)} KB`);

function main(): void {
  if (!existsSync(path.join(dist, 'server.js'))) {
    console.error(`no bundles in ${dist}: run \`npm run bench\`, which builds them first`);
    process.exitCode = 1;
    return;
  }
  let missed = 0;
  const rows: string[][] = [];
  for (const bundle of bundles) {
    const size = bundle.files.reduce((total, file) => total + statSync(path.join(dist, file)).size, 0);
    const met = size <= bundle.budget;
    if (!met) missed++;
    rows.push([bundle.name, bundle.files.join(' + '), kB(size), kB(bundle.budget), met ? 'met' : 'NOT met']);
    recordSummary({ measure: `bundle size, ${bundle.name}`, ours: kB(size), target: `<= ${kB(bundle.budget)}`, met });
  }
  printTable('Bundle sizes, minified as shipped', ['bundle', 'files', 'size', 'budget', ''], rows);

  for (const file of ['client.js', 'server.js', 'webview/main.js']) {
    const parts = composition(path.join(dist, file));
    const total = parts.reduce((sum, [, bytes]) => sum + bytes, 0);
    const shown = parts.slice(0, 8).map(([source, bytes]) => [source, kB(bytes), `${((100 * bytes) / total).toFixed(0)}%`]);
    const rest = parts.slice(8).reduce((sum, [, bytes]) => sum + bytes, 0);
    if (rest > 0) shown.push([`${parts.length - 8} more`, kB(rest), `${((100 * rest) / total).toFixed(0)}%`]);
    printTable(`What ${file} is made of (bytes in the minified output)`, ['package or folder', 'size', 'share'], shown);
  }
  console.log(`\nbudgets: ${missed === 0 ? 'met' : `${missed} NOT met`}`);
  if (missed > 0) process.exitCode = 1;
}

main();
