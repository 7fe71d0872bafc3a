// One bundler for every bundle: the extension client and the language server run in Node,
// the stage graph webview in the browser. Type checking is `tsc -b`, kept separate.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// The benchmarks build the shipped bundles into a folder of their own (`--outdir=out/bench/dist`),
// so that measuring never replaces the development build, with its source maps, in dist/.
const outdir = option('--outdir') ?? 'dist';
// `--metafile` writes what each bundle is made of next to it, for `esbuild --analyze`-style reports.
const metafile = process.argv.includes('--metafile');

function option(name) {
  const argument = process.argv.find((arg) => arg.startsWith(`${name}=`));
  return argument?.slice(name.length + 1);
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  define: { SERVER_VERSION: JSON.stringify(version) },
};

// The server and the command line use codemirror-lang-hcl for its parser only: its editor side is
// left out (esbuild-shims/codemirror-language.mjs says why).
const parserOnly = { alias: { '@codemirror/language': './esbuild-shims/codemirror-language.mjs' } };

const nodeBundles = [
  { entryPoints: ['client/src/extension.ts'], outfile: `${outdir}/client.js`, external: ['vscode'] },
  // The language client, loaded by client.js after activation (client/src/extension.ts).
  { entryPoints: ['client/src/languageClient.ts'], outfile: `${outdir}/languageClient.js`, external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: `${outdir}/server.js`, ...parserOnly },
  { entryPoints: ['server/src/cli.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' }, ...parserOnly },
  // The benchmarks time the analysis core in-process as shipped (bench/entries/analysis.ts).
  ...(process.argv.includes('--bench-entries') ? [{ entryPoints: ['bench/entries/analysis.ts'], outfile: `${outdir}/analysis.js`, ...parserOnly }] : []),
].map((options) => ({ ...common, platform: 'node', format: 'cjs', target: 'node20', ...options }));

// The stage graph webview runs in VS Code's webview browser; its stylesheet is a separate file
// because the page's Content Security Policy admits no inline styles.
const webviewBundles = [
  { entryPoints: ['client/webview/main.ts'], outfile: `${outdir}/webview/main.js`, platform: 'browser', format: 'iife', target: 'chrome120' },
  { entryPoints: ['client/webview/graph.css'], outfile: `${outdir}/webview/main.css` },
].map((options) => ({ ...common, ...options }));

const all = [...nodeBundles, ...webviewBundles];
if (watch) {
  for (const options of all) await (await esbuild.context(options)).watch();
} else {
  const results = await Promise.all(all.map((options) => esbuild.build({ ...options, metafile })));
  if (metafile) {
    results.forEach((result, index) => writeFileSync(`${all[index].outfile}.meta.json`, JSON.stringify(result.metafile)));
  }
}
