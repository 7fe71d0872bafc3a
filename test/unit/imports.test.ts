import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const source = path.resolve(__dirname, '../../server/src');

/** Every module of the server, by its path under server/src without `.ts`, with the modules it imports (types included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = readdirSync(source, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  for (const file of files) {
    const module = file.slice(0, -3).split(path.sep).join('/');
    const text = readFileSync(path.join(source, file), 'utf8');
    const imported = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']*)'/g)].map((match) => moduleNamed(path.posix.normalize(path.posix.join(path.posix.dirname(module), match[1]))));
    graph.set(module, imported);
  }
  return graph;
}

/** An imported path as a module: a folder stands for its `index`. */
function moduleNamed(imported: string): string {
  return existsSync(path.join(source, imported)) && statSync(path.join(source, imported)).isDirectory() ? `${imported}/index` : imported;
}

/** The folder a module belongs to; modules at the top (server.ts, cli.ts, stdioTransport.ts) are the entry points. */
function layerOf(module: string): string {
  return module.includes('/') ? module.slice(0, module.indexOf('/')) : 'entry';
}

/**
 * What each folder may import, after itself. The analysis core reads text and hands out data; the
 * features adapt it to LSP for the server; the command line sits beside the server and never uses
 * the features; the library fixes change the libraries, installed by the entry points.
 */
const allowedImports: Record<string, readonly string[]> = {
  protocol: [],
  analysis: ['protocol'],
  workspace: ['analysis', 'protocol'],
  libraryFixes: ['analysis'],
  // What the server and the command line both run on: settings, .hadolint.yaml, limits, the scheduler and guard.
  infra: ['analysis', 'protocol', 'workspace'],
  features: ['analysis', 'protocol', 'workspace', 'libraryFixes', 'infra'],
  // The command line starts the language server itself (`dockerfile-stages --stdio`).
  cli: ['analysis', 'protocol', 'workspace', 'libraryFixes', 'infra', 'entry'],
  entry: ['analysis', 'protocol', 'workspace', 'libraryFixes', 'infra', 'features', 'cli', 'entry'],
};

test('each folder of the server imports only the layers beneath it', () => {
  const breaches: string[] = [];
  for (const [module, imported] of importGraph()) {
    const layer = layerOf(module);
    const allowed = allowedImports[layer];
    assert.ok(allowed, `server/src/${layer}/ has no place in the layers: add it to allowedImports`);
    for (const target of imported) {
      const targetLayer = layerOf(target);
      if (targetLayer !== layer && !allowed.includes(targetLayer)) breaches.push(`${module} imports ${target}`);
    }
  }
  assert.deepEqual(breaches.sort(), []);
});

test('no module of the server imports itself through others', () => {
  const graph = importGraph();
  const circles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (module: string): void => {
    state.set(module, 'open');
    trail.push(module);
    for (const target of graph.get(module) ?? []) {
      if (state.get(target) === 'open') circles.push([...trail.slice(trail.indexOf(target)), target].join(' -> '));
      else if (!state.has(target)) visit(target);
    }
    trail.pop();
    state.set(module, 'done');
  };
  for (const module of graph.keys()) if (!state.has(module)) visit(module);
  assert.deepEqual(circles.sort(), []);
});
