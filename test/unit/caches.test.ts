import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const source = path.resolve(__dirname, '../../server/src');

/**
 * The places in one source file that can keep values between calls: a module-level map or set
 * made empty (one filled in its declaration is a constant table) or any module-level WeakMap or
 * WeakSet; a class field made an empty map or set; and a `Symbol(`, which names a
 * property that code can store on objects it does not own. Each is named `file: name`.
 */
export function cachesIn(file: string, text: string): string[] {
  const found: string[] = [];
  const container = String.raw`new (?:WeakMap|WeakSet|Map|Set)\b(?:<.*>)?\(\)|new (?:WeakMap|WeakSet)\b`;
  const moduleLevel = new RegExp(String.raw`^(?:export )?(?:const|let) (\w+)\b[^=]*= (?:${container})`);
  const classField = new RegExp(String.raw`^  (?!(?:const|let|var|return)\b)(?:(?:private|protected|public|readonly|static) )*(\w+)\b[^=(]*= (?:${container})`);
  for (const line of text.split('\n')) {
    const declared = moduleLevel.exec(line) ?? classField.exec(line);
    if (declared) found.push(`${file}: ${declared[1]}`);
    for (const symbol of line.matchAll(/\bSymbol(?:\.for)?\(([^)]*)\)/g)) found.push(`${file}: Symbol(${symbol[1]})`);
  }
  return found;
}

function cachesOfTheServer(): string[] {
  return readdirSync(source, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .flatMap((file) => cachesIn(file.split(path.sep).join('/'), readFileSync(path.join(source, file), 'utf8')));
}

/**
 * Every place of the server that keeps values between calls, with why it may. Values derived
 * from a document version are asked of its model (`model.derive`); values kept across versions
 * live in the document cache's one store (RecentVersions). Nothing may be added here: a new
 * value goes through one of those two.
 */
const allowed: Record<string, string> = {
  // The one memo mechanism itself.
  'analysis/documentModel.ts: derived': "a version's derived values, `model.derive`",
  'analysis/documentModel.ts: Symbol(description)': 'the keys of `model.derive`',
  'analysis/documentModel.ts: models': 'the document cache: one model per open document',
  'analysis/recentVersions.ts: current': "the document cache's store of values kept across versions",
  'analysis/recentVersions.ts: previous': "the document cache's store of values kept across versions, its older generation",
  // Work lists and state of one computation, made per call; they go with the object.
  'analysis/rules/image/support.ts: ends': "a stage's end environments, inside the image facts a version derives",
  'analysis/semanticTokenWriter.ts: variablesByInstruction': 'the variables of one tokenization, made per call',
  'analysis/semanticTokenWriter.ts: splitsInProgress': 'a guard of one tokenization against recursion',
  'analysis/hover/hoverIndex.ts: referrersByStage': "part of the hover index a version derives",
  'analysis/instructionFacts.ts: values': "an instruction read's values, inside the reads a version derives",
  'analysis/stageNameIndex.ts: textMatches': 'what each FROM text names, in the stage-name index one reachability computation makes',
  'analysis/stageNameIndex.ts: pickableMatches': 'the pickable stages as matches, in the stage-name index one reachability computation makes',
  // The scheduler and the server's state, not values derived from a document.
  'features/diagnostics.ts: lastChanges': "the scheduler's record of each document's last edit",
  'features/diagnostics.ts: pending': "the scheduler's queue of publications",
  // State of files outside the Dockerfile, each dropped when a watched file changes: not a version's values.
  'workspace/outsideStateStore.ts: values': "the one store of state read from outside a document (.hadolint.yaml, build contexts, the client's settings)",
  'workspace/buildIndex.ts: byFile': 'the builds each workspace build file names, replaced when the file changes',
  'workspace/buildIndex.ts: targetsByDockerfile': 'the built targets per Dockerfile, for the build files as they are',
};

test('no new cache: every place that keeps values between calls is on the allow-list, with its reason', () => {
  const found = cachesOfTheServer();
  assert.deepEqual(
    found.filter((cache) => !(cache in allowed)),
    [],
    'ask the model (`model.derive`) or the document cache\'s store (RecentVersions) instead',
  );
  assert.deepEqual(
    Object.keys(allowed).filter((cache) => !found.includes(cache)),
    [],
    'entries for caches that are gone leave the list',
  );
});

test('the scan finds module caches, symbol properties and caching class fields, and leaves constant tables', () => {
  const fixture = [
    "const byModel = new WeakMap<StageModel, number>();",
    "export const seen = new Map<string, () => void>();",
    'const memo = new WeakMap<StageModel, Reachability>(entries);',
    "const key = Symbol('stored on an instruction');",
    'class Reader {',
    '  private readonly values = new Map<Instruction, string>();',
    '  static cache = new Set();',
    '  run(): void {',
    '    const local = new Map<string, number>();',
    '  }',
    '}',
    "const SHELLS = new Set(['sh', 'bash']);",
    'const byName = new Map(checks.map((check) => [check.name, check]));',
    "  const perCall = new Map<string, number>();",
  ].join('\n');
  assert.deepEqual(cachesIn('fixture.ts', fixture), [
    'fixture.ts: byModel',
    'fixture.ts: seen',
    'fixture.ts: memo',
    "fixture.ts: Symbol('stored on an instruction')",
    'fixture.ts: values',
    'fixture.ts: cache',
  ]);
});
