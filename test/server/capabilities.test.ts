import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentHighlight,
  DocumentLink,
  FoldingRange,
  Hover,
  Location,
  MarkupContent,
  Range,
  SemanticTokens,
  SignatureHelp,
  SymbolInformation,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { ServerProcess } from './serverProcess';
import { applyEdits } from './textEdits';

const uri = 'file:///work/project/Dockerfile';
const text = [
  '# build the app',
  'FROM golang:1.22 AS build',
  'WORKDIR /src',
  'RUN go build \\',
  '    -o /out/app .',
  '',
  'from alpine:3.20',
  'COPY --from=build /out/app /app',
  'CMD ["/app"]',
  '',
].join('\n');

const at = (line: number, character: number) => ({ textDocument: { uri }, position: { line, character } });

function hoverText(hover: Hover): string {
  const contents = hover.contents;
  if (typeof contents === 'string') return contents;
  if (Array.isArray(contents)) return contents.map((part) => (typeof part === 'string' ? part : part.value)).join('\n');
  return (contents as MarkupContent).value;
}

describe('language server over stdio: every capability of the library', () => {
  let server: ServerProcess;

  before(async () => {
    // The library's upper-case check (and its quick fix) is kept instead of BuildKit's casing check.
    server = await ServerProcess.start({ settings: { [uri]: { keepValidatorChecks: true } } });
    await server.open(uri, text);
  });
  after(() => server.stop());

  test('advertises every capability', () => {
    const capabilities = server.initializeResult.capabilities;
    for (const key of [
      'completionProvider',
      'hoverProvider',
      'definitionProvider',
      'documentHighlightProvider',
      'renameProvider',
      'documentSymbolProvider',
      'foldingRangeProvider',
      'documentFormattingProvider',
      'documentRangeFormattingProvider',
      'documentOnTypeFormattingProvider',
      'semanticTokensProvider',
      'signatureHelpProvider',
      'documentLinkProvider',
      'codeActionProvider',
    ] as const) {
      assert.ok(capabilities[key], `${key} is advertised`);
    }
    assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
    assert.equal(server.initializeResult.serverInfo?.name, 'Dockerfile Stages');
  });

  test('completion offers instructions on an empty line and resolve adds documentation', async () => {
    const result = await server.request<CompletionItem[] | CompletionList>('textDocument/completion', at(5, 0));
    const items = Array.isArray(result) ? result : result.items;
    const keywords = items.map((item) => item.label.split(' ')[0]);
    assert.ok(keywords.includes('COPY'), `COPY offered, got ${keywords.join(', ')}`);
    assert.ok(keywords.includes('RUN'));
    const copy = items.find((item) => item.label.startsWith('COPY '));
    assert.ok(copy);
    const resolved = await server.request<CompletionItem>('completionItem/resolve', { ...copy, documentation: undefined });
    assert.ok(resolved.documentation, 'resolve fills in documentation');
  });

  test('hover explains an instruction keyword', async () => {
    const hover = await server.request<Hover | null>('textDocument/hover', at(3, 1));
    assert.ok(hover);
    assert.match(hoverText(hover), /Execute any commands/);
  });

  test('definition of a stage reference is the stage name after AS', async () => {
    const location = await server.request<Location | null>('textDocument/definition', at(7, 14));
    assert.ok(location);
    assert.equal(location.uri, uri);
    assert.deepEqual(location.range, { start: { line: 1, character: 20 }, end: { line: 1, character: 25 } });
  });

  test('document highlight marks the stage definition and its use', async () => {
    const highlights = await server.request<DocumentHighlight[]>('textDocument/documentHighlight', at(1, 20));
    assert.deepEqual(
      highlights.map((highlight) => highlight.range.start.line).sort(),
      [1, 7],
    );
  });

  test('prepare rename and rename a stage everywhere', async () => {
    const range = await server.request<Range | null>('textDocument/prepareRename', at(1, 20));
    assert.deepEqual(range, { start: { line: 1, character: 20 }, end: { line: 1, character: 25 } });
    const edit = await server.request<WorkspaceEdit | null>('textDocument/rename', { ...at(1, 20), newName: 'builder' });
    assert.ok(edit?.changes);
    const renamed = applyEdits(text, edit.changes[uri] ?? []);
    assert.match(renamed, /FROM golang:1\.22 AS builder/);
    assert.match(renamed, /COPY --from=builder \/out\/app \/app/);
  });

  test('document symbols list the instructions', async () => {
    const symbols = await server.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const names = symbols.map((symbol) => symbol.name);
    assert.deepEqual(names.filter((name) => name.toUpperCase() === 'FROM').length, 2);
    assert.ok(names.includes('CMD'));
  });

  test('folding ranges cover the comment and the continued RUN', async () => {
    const ranges = await server.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(ranges.some((range) => range.startLine === 3 && range.endLine === 4), JSON.stringify(ranges));
  });

  test('formatting removes stray indentation, for the document, a range and on type', async () => {
    const messy = 'FROM alpine:3.20\n   RUN echo hi\n  CMD ["sh"]\n';
    const messyUri = 'file:///work/project/messy.dockerfile';
    await server.open(messyUri, messy);
    const options = { tabSize: 4, insertSpaces: true };
    const whole = await server.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: messyUri }, options });
    assert.equal(applyEdits(messy, whole), 'FROM alpine:3.20\nRUN echo hi\nCMD ["sh"]\n');
    const range = await server.request<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri: messyUri },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 14 } },
      options,
    });
    assert.equal(applyEdits(messy, range), 'FROM alpine:3.20\nRUN echo hi\n  CMD ["sh"]\n');
    const continued = 'FROM alpine:3.20\nRUN echo \\\necho\n';
    const continuedUri = 'file:///work/project/continued.dockerfile';
    await server.open(continuedUri, continued);
    const onType = await server.request<TextEdit[]>('textDocument/onTypeFormatting', {
      textDocument: { uri: continuedUri },
      position: { line: 1, character: 10 },
      ch: '\\',
      options,
    });
    assert.equal(applyEdits(continued, onType), 'FROM alpine:3.20\nRUN echo \\\n    echo\n');
  });

  test('semantic tokens start with the FROM keyword after the comment', async () => {
    const tokens = await server.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    const legend = server.initializeResult.capabilities.semanticTokensProvider?.legend;
    assert.ok(legend);
    // The first token is the comment on line 0, the second is FROM on line 1.
    const [, , , commentType, , lineDelta, startChar, length, keywordType] = tokens.data;
    assert.equal(legend.tokenTypes[commentType], 'comment');
    assert.deepEqual([lineDelta, startChar, length, legend.tokenTypes[keywordType]], [1, 0, 4, 'keyword']);
  });

  test('signature help explains FROM arguments', async () => {
    const help = await server.request<SignatureHelp | null>('textDocument/signatureHelp', at(1, 5));
    assert.ok(help && help.signatures.length > 0);
    assert.match(help.signatures[0].label, /FROM/);
  });

  test('document links point base images at their registry page, resolved on demand', async () => {
    const links = await server.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
    assert.ok(links.length >= 2, JSON.stringify(links));
    const golang = links.find((link) => link.range.start.line === 1);
    assert.ok(golang);
    const resolved = golang.target ? golang : await server.request<DocumentLink>('documentLink/resolve', golang);
    assert.match(resolved.target ?? '', /hub\.docker\.com\/_\/golang/);
  });

  test('the library quick fix comes as a code action with an edit that fixes the line', async () => {
    await server.waitFor('diagnostics for the document', () => server.published.has(uri));
    const diagnostics = server.published.get(uri)?.diagnostics ?? [];
    const casing = diagnostics.find((diagnostic) => diagnostic.range.start.line === 6);
    assert.ok(casing, `casing diagnostic on line 7: ${JSON.stringify(diagnostics)}`);
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: casing.range,
      context: { diagnostics: [casing] },
    });
    const fix = actions.find((action) => action.title === 'Convert instruction to uppercase');
    assert.ok(fix?.edit?.changes, JSON.stringify(actions));
    assert.equal(fix.kind, 'quickfix');
    assert.deepEqual(fix.diagnostics, [casing]);
    assert.match(applyEdits(text, fix.edit.changes[uri] ?? []), /^FROM alpine:3\.20$/m);
    // The diagnostic sent back keeps its code: the library must not have rewritten our copy.
    assert.equal((casing as Diagnostic).source, 'dockerfile-utils');
  });

  test('requests for a document that was never opened answer empty', async () => {
    const unknown = 'file:///work/project/never-opened/Dockerfile';
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri: unknown }, position: { line: 0, character: 0 } });
    assert.equal(hover, null);
    const symbols = await server.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri: unknown } });
    assert.deepEqual(symbols, []);
    const tokens = await server.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: unknown } });
    assert.deepEqual(tokens.data, []);
  });

  test('a position past the end of the document answers without an error', async () => {
    const hover = await server.request<Hover | null>('textDocument/hover', at(500, 80));
    assert.equal(hover, null);
    const completion = await server.request<CompletionItem[] | CompletionList>('textDocument/completion', at(500, 80));
    assert.ok(Array.isArray(completion) || Array.isArray(completion.items));
    assert.deepEqual(server.logMessages.filter((message) => /failed/.test(message)), []);
  });
});
