// The measurement behind docs/shell-reader.md: parse time of our shell reader and of the full
// shell parsers on npm over every RUN of the fixture corpus, and how many RUNs each rejects.
// The parsers are not dependencies of the project; install them in a folder of their own first:
//   mkdir /tmp/readers && cd /tmp/readers && npm init -y && npm install --save-exact --ignore-scripts \
//     sh-syntax@0.7.0 web-tree-sitter@0.27.2 tree-sitter-bash@0.25.1 bash-parser@0.5.0 \
//     @ericcornelissen/bash-parser@0.5.3 mvdan-sh@0.10.1
//   node --import tsx bench/shellReaders.ts /tmp/readers
// Not a `.bench.ts`: `npm run bench` cannot run it without that folder.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parseRun } from '../server/src/analysis/shell';
import { corpusRuns } from '../test/shellCorpus';
import { printTable } from './harness';

interface Reader {
  readonly name: string;
  /** Parses one script; false when the parser rejects it or reports an error in its tree. */
  readonly parse: (script: string) => boolean | Promise<boolean>;
}

const folder = process.argv[2];
if (!folder) throw new Error('usage: node --import tsx bench/shellReaders.ts FOLDER (with the parsers installed, see the header)');
const load = createRequire(path.join(path.resolve(folder), 'package.json'));

/** The part of web-tree-sitter's API used here; the package is not installed in the project. */
interface TreeSitter {
  Parser: { init(): Promise<void>; new (): { setLanguage(language: unknown): void; parse(text: string): { rootNode: { hasError: boolean } } | null } };
  Language: { load(wasm: string): Promise<unknown> };
}

const runs = corpusRuns().filter((run) => !run.exec);
/** Timed passes per reader; a WebAssembly parser takes tens of seconds a pass on a loaded machine. */
const PASSES = 3;

async function readers(): Promise<Reader[]> {
  const mvdan = load('mvdan-sh') as { syntax: { NewParser(): { Parse(text: string, name: string): unknown } } };
  const shSyntax = load('sh-syntax') as { parse(text: string): Promise<unknown> };
  const bashParser = load('bash-parser') as (text: string) => unknown;
  const ericBashParser = load('@ericcornelissen/bash-parser') as (text: string) => unknown;
  const treeSitter = load('web-tree-sitter') as TreeSitter;
  await treeSitter.Parser.init();
  const bash = await treeSitter.Language.load(load.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
  const treeSitterParser = new treeSitter.Parser();
  treeSitterParser.setLanguage(bash);
  const accepts = (parse: (script: string) => unknown) => (script: string) => {
    try {
      parse(script);
      return true;
    } catch {
      return false;
    }
  };
  return [
    { name: 'mvdan-sh 0.10.1 (mvdan/sh in JS)', parse: accepts((script) => mvdan.syntax.NewParser().Parse(script, 'RUN')) },
    { name: 'web-tree-sitter 0.27.2 + tree-sitter-bash 0.25.1', parse: (script) => treeSitterParser.parse(script)?.rootNode.hasError === false },
    { name: 'bash-parser 0.5.0', parse: accepts(bashParser) },
    { name: '@ericcornelissen/bash-parser 0.5.3', parse: accepts(ericBashParser) },
    {
      name: 'sh-syntax 0.7.0 (mvdan/sh in wasm)',
      parse: (script) => shSyntax.parse(script).then(() => true, () => false),
    },
  ];
}

/** Median wall time of one pass over every RUN, after one untimed pass, and the RUNs rejected. */
async function measure(parseAll: () => Promise<number>): Promise<{ median: number; rejected: number }> {
  const rejected = await parseAll();
  const times: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const start = performance.now();
    await parseAll();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(PASSES / 2)], rejected };
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  const ours = await measure(async () => {
    for (const run of runs) parseRun(run.model, run.run, run.shell);
    return 0;
  });
  rows.push(['ours (shell-quote 1.8.3 and our reader)', ours.median.toFixed(1), String(ours.rejected)]);
  console.log(rows[0].join(': '));
  for (const reader of await readers()) {
    const result = await measure(async () => {
      let rejected = 0;
      for (const run of runs) if (!(await reader.parse(run.script))) rejected++;
      return rejected;
    });
    rows.push([reader.name, result.median.toFixed(1), String(result.rejected)]);
    console.log(rows.at(-1)?.join(': '));
  }
  printTable(`${runs.length} shell-form RUNs of the fixture corpus, median of ${PASSES} passes after one untimed pass`, ['reader', 'ms per pass', 'RUNs rejected'], rows);
}

void main();
