import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol, FoldingRange, SymbolInformation } from 'vscode-languageserver';
import { pushClientCapabilities, ServerProcess, type StartOptions } from './serverProcess';

const uri = 'file:///work/project/Dockerfile.outline';
const text = [
  '# syntax=docker/dockerfile:1', // 0
  'ARG NODE=22', // 1
  'FROM node:${NODE} AS deps', // 2
  'WORKDIR /app', // 3
  'COPY package*.json ./', // 4
  'RUN npm ci \\', // 5
  '    --omit=dev', // 6
  '', // 7
  'FROM node:${NODE}-slim', // 8
  'COPY --from=deps /app/node_modules ./node_modules', // 9
  'CMD ["node", "server.js"]', // 10
  '',
].join('\n');

/** A server for a client that shows symbol trees, as VS Code does. */
function startTreeClient(settings: StartOptions['settings'] = {}): Promise<ServerProcess> {
  return ServerProcess.start({
    capabilities: {
      ...pushClientCapabilities,
      textDocument: { ...pushClientCapabilities.textDocument, documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
    },
    settings,
  });
}

describe('outline over stdio, for a client that shows symbol trees', () => {
  let server: ServerProcess;

  before(async () => {
    server = await startTreeClient();
    await server.open(uri, text);
  });
  after(() => server.stop());

  test('stages at the top level, named, with their base image as detail and their instructions inside', async () => {
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((symbol) => [symbol.name, symbol.detail, symbol.children?.map((child) => child.name)]),
      [
        ['syntax', 'docker/dockerfile:1', undefined],
        ['ARG', 'NODE=22', undefined],
        ['deps', 'node:22', ['WORKDIR', 'COPY', 'RUN']],
        ['stage 1', 'node:22-slim', ['COPY', 'CMD']],
      ],
    );
    assert.deepEqual(symbols[2].range, { start: { line: 2, character: 0 }, end: { line: 6, character: 14 } });
  });

  test('folding has one range per stage and the library ranges, none twice', async () => {
    const ranges = await server.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const spans = ranges.map((range) => `${range.startLine}-${range.endLine}`);
    assert.deepEqual(spans.slice(0, 2), ['2-6', '8-10'], 'the stages first, so VS Code keeps them over a range starting on the same line');
    assert.ok(spans.includes('5-6'), `the library's range of the continued RUN; got ${spans.join(' ')}`);
    assert.equal(new Set(spans).size, spans.length, 'no duplicates');
  });
});

describe('outline over stdio, for a client that shows flat symbol lists', () => {
  let server: ServerProcess;

  before(async () => {
    server = await ServerProcess.start();
    await server.open(uri, text);
  });
  after(() => server.stop());

  test("gets the library's symbol information", async () => {
    const symbols = await server.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.every((symbol) => 'location' in symbol && !('children' in symbol)));
    assert.deepEqual(
      symbols.map((symbol) => symbol.name),
      ['syntax', 'ARG', 'FROM', 'WORKDIR', 'COPY', 'RUN', 'FROM', 'COPY', 'CMD'],
    );
  });
});

describe('outline over stdio: a FROM that picks a stage by platform', () => {
  const pickingUri = 'file:///work/project/Dockerfile.picking';
  const picking = ['FROM scratch AS binaries-linux', 'FROM scratch AS binaries-windows', 'FROM binaries-$TARGETOS AS binaries', 'COPY LICENSE /', ''].join('\n');
  let server: ServerProcess;

  before(async () => {
    server = await startTreeClient({ [pickingUri]: { platforms: ['linux/arm64', 'windows/amd64'] } });
    await server.open(pickingUri, picking);
  });
  after(() => server.stop());

  test('holds the stages it names on the configured platforms, before its instructions, the current pick marked', async () => {
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: pickingUri } });
    const binaries = symbols.find((symbol) => symbol.name === 'binaries');
    assert.deepEqual(
      binaries?.children?.map((child) => [child.name, child.detail]),
      [
        ['binaries-linux', 'TARGETOS=linux · current build'],
        ['binaries-windows', 'TARGETOS=windows'],
        ['COPY', 'LICENSE /'],
      ],
    );
    assert.deepEqual(binaries?.children?.[1].selectionRange, { start: { line: 2, character: 5 }, end: { line: 2, character: 23 } });
  });
});
