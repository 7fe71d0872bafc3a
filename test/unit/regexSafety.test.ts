// Every regular expression of the server, checked for super-linear backtracking (issue 21): a
// pattern that retries a long run from each of its characters froze the server for seconds on a
// few dozen KB. The literals are read from the source; the patterns built at run time are caught
// by a recording RegExp while the analysis runs over the corpus and the hostile corpus, and each
// place that builds one must have been reached. recheck (pinned) decides each pattern, by its
// automaton where it can and by fuzzing where it cannot. Its safe verdicts are kept in
// node_modules/.cache for the next run, keyed by recheck's version and options, as they cannot
// change without them; any other verdict is decided again every run.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { check } from 'recheck';
import * as ts from 'typescript';

const repoRoot = path.resolve(__dirname, '..', '..');
const serverSource = path.join(repoRoot, 'server', 'src');

interface Pattern {
  readonly source: string;
  readonly flags: string;
  /** `file:line` of the code that holds or builds it. */
  readonly where: string;
}

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const file = path.join(folder, entry);
    if (statSync(file).isDirectory()) return typeScriptFiles(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

function placeOf(file: string, source: ts.SourceFile, node: ts.Node): string {
  return `${path.relative(repoRoot, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

/** The server's regular expression literals, and the places that call the RegExp constructor. */
function scanSource(): { literals: Pattern[]; constructorCalls: Set<string> } {
  const literals: Pattern[] = [];
  const constructorCalls = new Set<string>();
  for (const file of typeScriptFiles(serverSource)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isRegularExpressionLiteral(node)) {
        const slash = node.text.lastIndexOf('/');
        literals.push({ source: node.text.slice(1, slash), flags: node.text.slice(slash + 1), where: placeOf(file, source, node) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        constructorCalls.add(placeOf(file, source, node));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { literals, constructorCalls };
}

/** Where in the server the current RegExp construction was called from, read from the stack. */
function callerInServer(): string | undefined {
  const stack = new Error().stack ?? '';
  const frame = /(server[\\/]src[\\/][^\s:()]+\.ts):(\d+)/.exec(stack);
  return frame ? `${frame[1].replace(/\\/g, '/')}:${frame[2]}` : undefined;
}

/** Replaces the global RegExp with one that records what the server builds, until the returned function is called. */
function recordConstructedPatterns(into: Pattern[]): () => void {
  const original = globalThis.RegExp;
  const record = (args: unknown[]): void => {
    const where = callerInServer();
    if (where === undefined) return;
    const [pattern, flags] = args as [string | RegExp, string | undefined];
    const source = typeof pattern === 'string' ? pattern : pattern.source;
    into.push({ source, flags: flags ?? (typeof pattern === 'string' ? '' : pattern.flags), where });
  };
  globalThis.RegExp = new Proxy(original, {
    construct(target, args, newTarget) {
      record(args);
      return Reflect.construct(target, args, newTarget) as object;
    },
    apply(target, thisArg, args) {
      record(args);
      return Reflect.apply(target, thisArg, args) as unknown;
    },
  });
  return () => {
    globalThis.RegExp = original;
  };
}

/** Runs the whole analysis (rules, hovers, refactors, conversion) over the corpus and the hostile corpus. */
async function exerciseServer(): Promise<void> {
  const { exerciseAnalysis, checkConversion } = await import('../fuzz/exercise');
  const { hostileClasses } = await import('../fuzz/hostile');
  const corpus = path.join(repoRoot, 'test', 'fixtures', 'corpus');
  const texts = readdirSync(corpus)
    .filter((entry) => statSync(path.join(corpus, entry)).isDirectory())
    .map((entry) => readFileSync(path.join(corpus, entry, 'Dockerfile'), 'utf8'));
  for (const text of [...texts, ...hostileClasses.map((hostile) => hostile.generate(2_000))]) {
    exerciseAnalysis(text, { probes: 8 });
    checkConversion(text);
  }
  // The conversion reads the project files next to a Dockerfile: the fixture apps and conversion cases bring them.
  const { readBuildContext } = await import('../../server/src/workspace/buildContext');
  for (const fixtures of ['apps', 'convert'].map((folder) => path.join(repoRoot, 'test', 'fixtures', folder))) {
    for (const entry of readdirSync(fixtures)) {
      const dockerfile = path.join(fixtures, entry, 'Dockerfile');
      if (!existsSync(dockerfile)) continue;
      checkConversion(readFileSync(dockerfile, 'utf8'), await readBuildContext(path.dirname(dockerfile)));
    }
  }
}

/**
 * recheck's limits in time, all off, and a fixed seed: its fuzzing then takes the same steps on a
 * busy machine as on an idle one, so a verdict cannot turn "undecided" or, as a time-cut recall
 * once did, report a pattern its automaton proves linear. Recall (running the attack on the real
 * engine to confirm it) is skipped: it is timed, and without a time limit an exponential attack
 * never ends, so a pattern that backtracks would hang the test instead of failing it. A
 * vulnerable verdict then stands on recheck's counted analysis alone, which can only err towards
 * failing.
 */
const deterministic = { timeout: null, attackTimeout: null, incubationTimeout: null, recallTimeout: -1, seedingTimeout: null, randomSeed: 21 } as const;

const recheckVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'recheck', 'package.json'), 'utf8')) as { version: string }).version;
const verdictCache = path.join(repoRoot, 'node_modules', '.cache', 'dockerfile-stages', 'recheck-safe.json');

interface SafeVerdicts {
  readonly recheck: string;
  readonly options: string;
  readonly safe: string[];
}

const keyOf = (pattern: Pattern): string => `${pattern.flags}/${pattern.source}`;

/** The patterns recheck found safe in an earlier run with this version and these options. */
function cachedSafe(): Set<string> {
  try {
    const cached = JSON.parse(readFileSync(verdictCache, 'utf8')) as SafeVerdicts;
    if (cached.recheck === recheckVersion && cached.options === JSON.stringify(deterministic)) return new Set(cached.safe);
  } catch {
    // No cache yet, or an unreadable one: every pattern is checked.
  }
  return new Set();
}

/** `where /source/flags: why` for each pattern recheck does not find safe; patterns found safe before are not checked again. */
async function unsafePatterns(patterns: readonly Pattern[]): Promise<string[]> {
  const safe = cachedSafe();
  const failures: string[] = [];
  for (const pattern of patterns) {
    if (safe.has(keyOf(pattern))) continue;
    const verdict = await check(pattern.source, pattern.flags, deterministic);
    if (verdict.status === 'safe') {
      safe.add(keyOf(pattern));
      continue;
    }
    const why = verdict.status === 'vulnerable' ? `${verdict.complexity.summary}, attack ${verdict.attack.pattern}` : `undecided (${verdict.error.kind})`;
    failures.push(`${pattern.where} /${pattern.source}/${pattern.flags}: ${why}`);
  }
  mkdirSync(path.dirname(verdictCache), { recursive: true });
  writeFileSync(verdictCache, JSON.stringify({ recheck: recheckVersion, options: JSON.stringify(deterministic), safe: [...safe].sort() } satisfies SafeVerdicts));
  return failures;
}

function unique(patterns: readonly Pattern[]): Pattern[] {
  const seen = new Map<string, Pattern>();
  for (const pattern of patterns) seen.set(`${pattern.flags}/${pattern.source}`, seen.get(`${pattern.flags}/${pattern.source}`) ?? pattern);
  return [...seen.values()];
}

describe('regular expressions of the server', () => {
  const { literals, constructorCalls } = scanSource();
  const constructed: Pattern[] = [];

  before(async () => {
    const restore = recordConstructedPatterns(constructed);
    try {
      await exerciseServer();
    } finally {
      restore();
    }
  });

  test('the source holds patterns to check, and every place that builds one at run time was reached', () => {
    assert.ok(literals.length > 100, `found ${literals.length} literals`);
    assert.ok(constructorCalls.size > 0);
    const reached = new Set(constructed.map((pattern) => pattern.where));
    assert.deepEqual([...constructorCalls].filter((where) => !reached.has(where)), [], 'RegExp built where the corpus never reaches');
  });

  test('none backtracks super-linearly', { timeout: 600_000 }, async () => {
    assert.deepEqual(await unsafePatterns(unique([...literals, ...constructed])), []);
  });

  test('the check fails on patterns that backtrack, and never caches them as safe', async () => {
    const backtracking = ['^(a|a)*$', '^(\\w+\\s?)*$'].map((source) => ({ source, flags: '', where: 'test' }));
    const failures = await unsafePatterns(backtracking);
    assert.equal(failures.length, backtracking.length, failures.join('\n'));
    assert.ok(!cachedSafe().has(keyOf(backtracking[0])), 'a pattern that backtracks is never kept as safe');
  });
});
