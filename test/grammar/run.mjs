// Tokenization tests for syntaxes/dockerfile-stages.injection.tmLanguage.json, run through
// vscode-tmgrammar-test's engine (vscode-textmate + oniguruma, as in VS Code) with the injection
// layered on the vendored built-in grammars (test/grammar/vendor/), exactly as package.json injects it.
//
//   node test/grammar/run.mjs            run every case, print `N passed, N failed`, exit 1 on failure
//   node test/grammar/run.mjs --update   rewrite the .snap files from the current grammar, then review
//                                        `git diff test/grammar/cases` before committing them
//
// cases/*.test.dockerfile      assertion tests in vscode-tmgrammar-test's format (`# ^^^ scope - scope`)
// cases/*.snapshot.dockerfile  snapshot tests, compared with the checked-in `<file>.snap` beside them
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const { createRegistryFromGrammars } = require('vscode-tmgrammar-test/dist/common/index.js');
const { parseGrammarTestCase, runGrammarTestCase } = require('vscode-tmgrammar-test/dist/unit/index.js');
const { getVSCodeTokens, renderSnap } = require('vscode-tmgrammar-test/dist/snapshot/index.js');

const root = path.resolve(import.meta.dirname, '../..');
const here = import.meta.dirname;
const casesDir = path.join(here, 'cases');
const update = process.argv.includes('--update');
const baseScope = 'source.dockerfile';

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const injections = (manifest.contributes?.grammars ?? []).filter((g) => g.injectTo?.includes(baseScope));
const grammars = [
  { path: path.join(here, 'vendor/docker.tmLanguage.json'), scopeName: baseScope },
  { path: path.join(here, 'vendor/shell-unix-bash.tmLanguage.json'), scopeName: 'source.shell' },
  ...injections.map((g) => ({ ...g, path: path.join(root, g.path) })),
];

const results = [];
const record = (name, problems) => {
  results.push({ name, ok: problems.length === 0 });
  console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name}`);
  for (const problem of problems) console.log(`     ${problem.replaceAll('\n', '\n     ')}`);
};

// The contribution and the grammar must agree, or VS Code would silently never load the injection.
const injectionPath = injections.length === 1 ? path.join(root, injections[0].path) : null;
const injectionGrammar = injectionPath && existsSync(injectionPath) ? JSON.parse(readFileSync(injectionPath, 'utf8')) : null;
record(
  'package.json contributes the injection grammar',
  injections.length !== 1
    ? [`expected one grammar injected into ${baseScope}, found ${injections.length}`]
    : !injectionGrammar
      ? [`missing grammar file ${injections[0].path}`]
      : injectionGrammar.scopeName === injections[0].scopeName
        ? []
        : [`the grammar's scopeName ${injectionGrammar.scopeName} is not the contributed ${injections[0].scopeName}`],
);

// Own scopes carry the suffix so themes and tests can tell them apart; the only borrowed name is
// the built-in keyword scope, reused where the built-in FROM ... AS rule had to be replaced.
const borrowedScopes = new Set(['keyword.other.special-method.dockerfile']);
const scopeNames = (node) =>
  node && typeof node === 'object'
    ? Object.entries(node).flatMap(([key, value]) =>
        (key === 'name' || key === 'contentName') && typeof value === 'string' && node !== injectionGrammar ? [value] : scopeNames(value),
      )
    : [];
record(
  'injection scope names end in .dockerfile-stages',
  [...new Set(scopeNames(injectionGrammar))]
    .filter((scope) => !scope.endsWith('.dockerfile-stages') && !borrowedScopes.has(scope))
    .map((scope) => `scope ${scope} lacks the .dockerfile-stages suffix`),
);

const registry = createRegistryFromGrammars(
  grammars.filter((g) => existsSync(g.path)).map((grammar) => ({ grammar, content: readFileSync(grammar.path, 'utf8') })),
);

const caseFiles = readdirSync(casesDir).sort();
if (!caseFiles.some((file) => file.endsWith('.dockerfile'))) record('test cases exist', [`no *.dockerfile in ${casesDir}`]);

for (const file of caseFiles.filter((f) => f.endsWith('.test.dockerfile'))) {
  const name = `cases/${file}`;
  try {
    const testCase = parseGrammarTestCase(readFileSync(path.join(casesDir, file), 'utf8'));
    const failures = await runGrammarTestCase(registry, testCase);
    record(
      name,
      failures.map(
        (f) =>
          `line ${f.line + 1}, columns ${f.start}-${f.end}: ` +
          [f.missing.length ? `missing ${f.missing.join(' ')}` : '', f.unexpected.length ? `unexpected ${f.unexpected.join(' ')}` : '']
            .filter(Boolean)
            .join('; ') +
          `\n  source: ${testCase.source[f.srcLine]}\n  actual: ${f.actual.join(' ')}`,
      ),
    );
  } catch (error) {
    record(name, [String(error?.stack ?? error)]);
  }
}

for (const file of caseFiles.filter((f) => f.endsWith('.snapshot.dockerfile'))) {
  const name = `cases/${file}`;
  const snapPath = path.join(casesDir, `${file}.snap`);
  try {
    const tokens = await getVSCodeTokens(registry, baseScope, readFileSync(path.join(casesDir, file), 'utf8'));
    const actual = renderSnap(tokens);
    if (update) {
      writeFileSync(snapPath, actual);
      record(`${name} (snapshot written)`, []);
    } else if (!existsSync(snapPath)) {
      record(name, [`no snapshot ${path.relative(root, snapPath)}; create it with: node test/grammar/run.mjs --update`]);
    } else {
      record(name, describeSnapshotDifference(readFileSync(snapPath, 'utf8'), actual));
    }
  } catch (error) {
    record(name, [String(error?.stack ?? error)]);
  }
}

/** The first few lines where the stored snapshot and the current tokenization disagree. */
function describeSnapshotDifference(expected, actual) {
  if (expected === actual) return [];
  const expectedLines = expected.split('\n');
  const actualLines = actual.split('\n');
  const problems = [];
  for (let i = 0; i < Math.max(expectedLines.length, actualLines.length) && problems.length < 8; i++) {
    if (expectedLines[i] !== actualLines[i]) {
      problems.push(`snap line ${i + 1}\n  - ${expectedLines[i] ?? '(none)'}\n  + ${actualLines[i] ?? '(none)'}`);
    }
  }
  problems.push('if the change is intended: node test/grammar/run.mjs --update');
  return problems;
}

const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
