import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import { Parser } from 'dockerfile-ast/lib/parser';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { DocumentModelCache } from '../../../server/src/analysis/documentModel';
import { shareParsesWithLibrary } from '../../../server/src/libraryFixes/sharedParse';

const text = 'ARG BASE=alpine:3.20\nFROM ${BASE} AS build\nRUN echo hi \\\n  && echo there\nFROM build\nCOPY --from=build /a /b\n';

test('every library feature reuses the one parse of the current version', () => {
  const models = new DocumentModelCache();
  shareParsesWithLibrary(models);
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  let parses = 0;
  const originalParse = Parser.prototype.parse;
  Parser.prototype.parse = function (this: Parser, buffer: string) {
    parses++;
    return originalParse.call(this, buffer);
  };
  try {
    const model = models.get('file:///w/Dockerfile', 1, text);
    const parsed = model.dockerfile;
    assert.equal(parses, 1);
    assert.equal(DockerfileParser.parse(text), parsed, 'the library parser answers with the model');

    const document = { uri: model.uri };
    const position = { line: 4, character: 6 };
    service.computeHover(text, position);
    service.computeSymbols(document, text);
    service.computeFoldingRanges(text);
    service.computeHighlightRanges(text, position);
    service.computeDefinition(document, text, position);
    service.prepareRename(text, position);
    service.computeRename(document, text, position, 'b');
    service.computeLinks(text);
    service.computeSignatureHelp(text, position);
    service.validate(text);
    service.format(text, { tabSize: 2, insertSpaces: true });
    service.computeSemanticTokens(text);
    void service.computeCompletionItems(text, position);
    assert.equal(parses, 1, 'no feature parsed the text again');

    const next = models.get(model.uri, 2, `${text}USER app\n`);
    assert.notEqual(next, model);
    service.computeHover(next.text, position);
    service.validate(next.text);
    assert.equal(parses, 2, 'a new version is parsed once');
    assert.equal(models.findByText(text), undefined, 'the old version is gone from the cache');
  } finally {
    Parser.prototype.parse = originalParse;
  }
});
