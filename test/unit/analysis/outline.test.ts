import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, SymbolTag, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { DocumentModel } from '../../../server/src/analysis/documentModel';
import { stageFoldingRanges, stageSymbols } from '../../../server/src/analysis/outline';
import { parsePlatform, type Platform } from '../../../server/src/analysis/platforms';
import { lines } from '../helpers';

function modelOf(text: string): DocumentModel {
  return new DocumentModel('file:///t/Dockerfile', 1, text);
}

const text = [
  '# syntax=docker/dockerfile:1', // 0
  'ARG GO_VERSION=1.22', // 1
  '', // 2
  'FROM golang:${GO_VERSION} AS build', // 3
  'WORKDIR /src', // 4
  'RUN apt-get update && \\', // 5
  '    apt-get install -y make', // 6
  '', // 7
  'FROM gcr.io/distroless/static-debian12', // 8
  'MAINTAINER someone', // 9
  'COPY --from=build /out/app /app', // 10
  'ENTRYPOINT ["/app"]', // 11
].join('\n');

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function checkNesting(symbols: readonly DocumentSymbol[]): void {
  for (const symbol of symbols) {
    assert.ok(contains(symbol.range, symbol.selectionRange), `${symbol.name}: selection inside range`);
    for (const child of symbol.children ?? []) assert.ok(contains(symbol.range, child.range), `${child.name} inside ${symbol.name}`);
    checkNesting(symbol.children ?? []);
  }
}

describe('outline', () => {
  test('directives and global ARGs on top, then one symbol per stage with its base image as detail', () => {
    const symbols = stageSymbols(modelOf(text));
    assert.deepEqual(
      symbols.map((symbol) => [symbol.name, symbol.detail, symbol.kind]),
      [
        ['syntax', 'docker/dockerfile:1', SymbolKind.Property],
        ['ARG', 'GO_VERSION=1.22', SymbolKind.Function],
        ['build', 'golang:1.22', SymbolKind.Module],
        ['stage 1', 'gcr.io/distroless/static-debian12', SymbolKind.Module],
      ],
    );
    checkNesting(symbols);
  });

  test('a stage spans its FROM to its last instruction, is selected by its name and holds its instructions', () => {
    const [, , build, runtime] = stageSymbols(modelOf(text));
    assert.deepEqual(build.range, { start: { line: 3, character: 0 }, end: { line: 6, character: 27 } });
    assert.deepEqual(build.selectionRange, { start: { line: 3, character: 29 }, end: { line: 3, character: 34 } });
    assert.deepEqual(
      build.children?.map((child) => [child.name, child.detail, child.range.start.line, child.range.end.line]),
      [
        ['WORKDIR', '/src', 4, 4],
        ['RUN', 'apt-get update && apt-get install -y make', 5, 6],
      ],
    );
    assert.deepEqual(runtime.selectionRange, { start: { line: 8, character: 0 }, end: { line: 8, character: 4 } });
    assert.deepEqual(
      runtime.children?.map((child) => child.name),
      ['MAINTAINER', 'COPY', 'ENTRYPOINT'],
    );
    assert.deepEqual(runtime.children?.[0].tags, [SymbolTag.Deprecated]);
  });

  test('continued arguments are joined on one line, long ones shortened, the keyword keeps its casing, and an unresolved base shows as written', () => {
    const long = `from \${BASE}\nrun echo ${'x'.repeat(100)}\n`;
    const [stage] = stageSymbols(modelOf(long));
    assert.equal(stage.detail, '${BASE}');
    const [run] = stage.children ?? [];
    assert.equal(run.name, 'run');
    assert.equal(run.detail?.length, 60);
    assert.ok(run.detail?.endsWith('…'));
  });

  test('a base picked by platform shows the stage a plain docker build on linux/amd64 uses, as BuildKit resolves TARGETOS and TARGETARCH', () => {
    const symbols = stageSymbols(modelOf('FROM scratch AS bin-linux\nFROM scratch AS bin-windows\nFROM bin-$TARGETOS AS bin\nFROM alpine:3.20-$TARGETARCH\n'));
    assert.deepEqual(
      symbols.map((symbol) => [symbol.name, symbol.detail]),
      [
        ['bin-linux', 'scratch'],
        ['bin-windows', 'scratch'],
        ['bin', 'bin-linux'],
        ['stage 3', 'alpine:3.20-amd64'],
      ],
    );
  });

  test('a FROM that picks a stage holds the stages it can name, with what picks each, for the configured platforms', () => {
    const picking = lines(
      'ARG EXPORT_BASE=alpine',
      'FROM alpine:3.20 AS export-alpine',
      'FROM ubuntu:24.04 AS export-ubuntu',
      'FROM scratch AS binaries-linux',
      'FROM scratch AS binaries-windows',
      'FROM export-${EXPORT_BASE} AS export',
      'COPY --from=binaries-linux / /',
      'FROM binaries-$TARGETOS AS binaries',
    );
    const children = (symbols: DocumentSymbol[], name: string) =>
      symbols.find((symbol) => symbol.name === name)?.children?.map((child) => [child.name, child.detail, child.kind]);
    const linux = stageSymbols(modelOf(picking));
    assert.deepEqual(children(linux, 'binaries'), [['binaries-linux', 'TARGETOS=linux · current build', SymbolKind.EnumMember]]);
    assert.deepEqual(children(linux, 'export'), [
      ['export-alpine', 'EXPORT_BASE=alpine · current build', SymbolKind.EnumMember],
      ['export-ubuntu', '--build-arg EXPORT_BASE=ubuntu', SymbolKind.EnumMember],
      ['COPY', '/ /', SymbolKind.Function],
    ]);
    const withWindows = stageSymbols(modelOf(picking), ['linux/amd64', 'windows/amd64'].map((name) => parsePlatform(name) as Platform));
    assert.deepEqual(children(withWindows, 'binaries'), [
      ['binaries-linux', 'TARGETOS=linux · current build', SymbolKind.EnumMember],
      ['binaries-windows', 'TARGETOS=windows', SymbolKind.EnumMember],
    ]);
    // A FROM that names one image has no such children.
    assert.deepEqual(children(linux, 'export-alpine'), []);
  });

  test('a file without FROM lists its instructions flat', () => {
    const symbols = stageSymbols(modelOf('ARG A=1\nARG B=2\n'));
    assert.deepEqual(
      symbols.map((symbol) => [symbol.name, symbol.children]),
      [
        ['ARG', undefined],
        ['ARG', undefined],
      ],
    );
  });

  test('folding: one range per stage of more than one line', () => {
    assert.deepEqual(stageFoldingRanges(modelOf(text)), [
      { startLine: 3, endLine: 6 },
      { startLine: 8, endLine: 11 },
    ]);
    assert.deepEqual(stageFoldingRanges(modelOf('FROM alpine\nFROM busybox\nRUN true\n')), [{ startLine: 1, endLine: 2 }]);
  });
});
