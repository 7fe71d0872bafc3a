import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { MarkupContent } from 'vscode-languageserver-types';
import { DocumentModel, DocumentModelCache } from '../../../server/src/analysis/documentModel';
import { libraryResolvesVariablesQuickly } from '../../../server/src/analysis/variableWork';
import {
  documentLimits,
  isAnalysable,
  isHeavy,
  limitCode,
  limitNotices,
  quietTurns,
  RequestScheduler,
  tooLargeReason,
  resolvesVariablesQuicklyIn,
} from '../../../server/src/infra/limits';
import { withVariableLimit } from '../../../server/src/libraryFixes/variableLimit';

const uri = 'file:///w/Dockerfile';
const normal = 'FROM golang:1.22 AS build\nARG VERSION=1\nRUN go build -ldflags "-X main.v=$VERSION" -o /app\nFROM alpine:3.20\nCOPY --from=build /app /app\n';
/** 2,400 references in a stage of 1,202 instructions: about 2.9 million units of variable work. */
const variableHeavy = `FROM alpine:3.20\nARG A=1\n${'RUN echo $A $B\n'.repeat(1_200)}`;
const tooLarge = `FROM alpine:3.20\nRUN echo ${'a'.repeat(documentLimits.maxCharacters)}\n`;

const modelOf = (text: string) => new DocumentModel(uri, 1, text);

describe('document limits', () => {
  test('files up to the size limit are analysed, larger ones are not, and say why', () => {
    assert.equal(isAnalysable(normal), true);
    assert.equal(isAnalysable('a'.repeat(documentLimits.maxCharacters)), true);
    assert.equal(isAnalysable(tooLarge), false);
    assert.equal(tooLargeReason(normal), undefined);
    assert.match(tooLargeReason(tooLarge) ?? '', /^This file is 1\.0 MB: Dockerfile Stages analyses files up to 1\.0 MB/);
  });

  test('variable work counts references against the instructions of their stage', () => {
    assert.equal(libraryResolvesVariablesQuickly(modelOf(normal)), true);
    assert.equal(libraryResolvesVariablesQuickly(modelOf(variableHeavy)), false);
    // A quarter of the references, over 300 small stages: 1,200 + 600 × 300 units.
    const spread = Array.from({ length: 300 }, (_, i) => `FROM alpine:3.20 AS s${i}\nRUN echo $A $B\n`).join('');
    assert.equal(libraryResolvesVariablesQuickly(modelOf(spread)), true);
    // Every reference is also resolved against every FROM: 2,400 references over 1,200 stages are too many.
    const manyStages = Array.from({ length: 1_200 }, (_, i) => `FROM alpine:3.20 AS s${i}\nRUN echo $A $B\n`).join('');
    assert.equal(libraryResolvesVariablesQuickly(modelOf(manyStages)), false);
  });

  test('references within one instruction also count against each other, a sixty-fourth of their square', () => {
    // 11,000 references in one RUN: 22,000 + 11,000 + 11,000² / 64 ≈ 1.9 million units.
    assert.equal(libraryResolvesVariablesQuickly(modelOf(`FROM golang:1.22\nRUN go build${' $a'.repeat(11_000)}\n`)), true);
    // 12,000: 2.3 million, though the walk alone would count 36,000.
    assert.equal(libraryResolvesVariablesQuickly(modelOf(`FROM golang:1.22\nRUN go build${' $a'.repeat(12_000)}\n`)), false);
  });

  test('notices: one for a file too large, one for a file too variable-heavy, none otherwise', () => {
    assert.deepEqual(limitNotices(normal, modelOf(normal)), []);
    const [large] = limitNotices(tooLarge, undefined);
    assert.equal(large.code, limitCode);
    assert.deepEqual(large.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(String(large.codeDescription?.href), /\/docs\/security\.md#limits$/);
    const [variables] = limitNotices(variableHeavy, modelOf(variableHeavy));
    assert.match(String(variables.message), /^This file has 2400 variable references/);
  });

  test('heavy documents: larger than 64 KB or variable-heavy, but not those too large to analyse', () => {
    const large = `FROM alpine:3.20\n${'RUN echo hello\n'.repeat(5_000)}`;
    assert.equal(isHeavy(normal, () => modelOf(normal)), false);
    assert.equal(isHeavy(large, () => modelOf(large)), true);
    assert.equal(isHeavy(variableHeavy, () => modelOf(variableHeavy)), true);
    assert.equal(isHeavy(tooLarge, () => assert.fail('a file that is not analysed is not parsed')), false);
  });
});

describe('the language library under the variable limit', () => {
  const models = new DocumentModelCache();
  const library = DockerfileLanguageServiceFactory.createLanguageService();
  const limited = withVariableLimit(library, resolvesVariablesQuicklyIn(models));

  test('on a variable-heavy document its variable-resolving calls answer empty', () => {
    models.get('file:///w/heavy', 1, variableHeavy);
    const position = { line: 3, character: 10 };
    assert.deepEqual(limited.validate(variableHeavy), []);
    assert.equal(limited.computeHover(variableHeavy, position), null);
    assert.equal(limited.computeDefinition({ uri }, variableHeavy, position), null);
    assert.deepEqual(limited.computeHighlightRanges(variableHeavy, position), []);
    assert.deepEqual(limited.computeLinks(variableHeavy), []);
    assert.equal(limited.prepareRename(variableHeavy, position), null);
    assert.deepEqual(limited.computeRename({ uri }, variableHeavy, position, 'C'), []);
    // What does not resolve variables goes through.
    assert.ok(limited.computeFoldingRanges(variableHeavy).length >= 0);
    assert.deepEqual(limited.format(variableHeavy, { tabSize: 4, insertSpaces: true }), library.format(variableHeavy, { tabSize: 4, insertSpaces: true }));
  });

  test('elsewhere it answers as the library, with the capabilities set on it', () => {
    models.get(uri, 1, normal);
    const lowercase = `${normal}run echo lowercase\n`;
    models.get('file:///w/lowercase', 1, lowercase);
    assert.deepEqual(limited.validate(lowercase), library.validate(lowercase));
    limited.setCapabilities({ hover: { contentFormat: ['markdown'] } });
    const hover = limited.computeHover(normal, { line: 1, character: 1 });
    assert.ok(hover && MarkupContent.is(hover.contents) && hover.contents.kind === 'markdown', 'the hover follows the capabilities given to the limited service');
  });
});

/** Resolves after `turns` turns of the event loop. */
async function turns(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe('request scheduling', () => {
  const heavyUris = new Set(['heavy-a', 'heavy-b']);

  test('a request on a light document runs before heavy requests that arrived first', async () => {
    const order: string[] = [];
    const scheduler = new RequestScheduler({ isHeavy: (uri) => heavyUris.has(uri), sharedSteps: () => [] });
    const heavy = scheduler.run('heavy-a', async () => order.push('heavy'));
    const light = scheduler.run('light', async () => order.push('light'));
    await Promise.all([heavy, light]);
    assert.deepEqual(order, ['light', 'heavy']);
  });

  test('heavy requests run one at a time, in the order they came', async () => {
    const order: string[] = [];
    const scheduler = new RequestScheduler({ isHeavy: (uri) => heavyUris.has(uri), sharedSteps: () => [] });
    const work = (name: string) => async () => {
      order.push(`${name} starts`);
      await turns(3);
      order.push(`${name} ends`);
    };
    await Promise.all([scheduler.run('heavy-a', work('a')), scheduler.run('heavy-b', work('b')), scheduler.run('heavy-a', work('c'))]);
    assert.deepEqual(order, ['a starts', 'a ends', 'b starts', 'b ends', 'c starts', 'c ends']);
  });

  test('the shared steps run first, each in a turn of its own, after the requests that arrived meanwhile', async () => {
    const order: string[] = [];
    let light: Promise<unknown> = Promise.resolve();
    const scheduler = new RequestScheduler({
      isHeavy: (uri) => heavyUris.has(uri),
      sharedSteps: () => [
        () => {
          order.push('parse');
          // A request on another document arrives while the heavy one is under way.
          light = scheduler.run('light', async () => order.push('light'));
        },
        () => order.push('stage model'),
      ],
    });
    await scheduler.run('heavy-a', async () => order.push('request'));
    await light;
    assert.deepEqual(order, ['parse', 'light', 'stage model', 'request']);
  });

  test('a request that waits (for the client, for a file that never comes) holds nothing back, and the scheduler does not spin meanwhile', async () => {
    let counted = 0;
    const countedTurn = () => {
      counted++;
      // Past this, the scheduler would be polling: fail rather than spin for ever.
      if (counted > 50) throw new Error('the scheduler keeps taking turns while a request waits');
      return new Promise<void>((resolve) => setImmediate(resolve));
    };
    const shared = () => [() => 'parse', () => 'stage model'];
    const scheduler = new RequestScheduler({ isHeavy: (uri) => heavyUris.has(uri), sharedSteps: shared }, countedTurn);
    // Like a read of a FIFO named .hadolint.yaml: started, never settled.
    void scheduler.run('light', () => new Promise<never>(() => undefined));
    await scheduler.run('heavy-a', async () => 'graph');
    await scheduler.run('heavy-b', async () => 'hover');
    // Each heavy request waits the quiet turns before each shared step and before its work.
    assert.equal(counted, 2 * quietTurns * (shared().length + 1));
  });

  test('a request the connection has read but not yet dispatched (decoded in one turn, dispatched in the next) runs before the next heavy step', async () => {
    const order: string[] = [];
    const scheduler = new RequestScheduler({ isHeavy: (uri) => heavyUris.has(uri), sharedSteps: () => [() => order.push('parse')] });
    const heavy = scheduler.run('heavy-a', async () => order.push('heavy'));
    let light: Promise<unknown> = Promise.resolve();
    setImmediate(() => setImmediate(() => (light = scheduler.run('light', async () => order.push('light')))));
    await heavy;
    await light;
    assert.deepEqual(order, ['light', 'parse', 'heavy']);
  });

  test('requests without a document are never held back', async () => {
    const scheduler = new RequestScheduler({ isHeavy: () => true, sharedSteps: () => [] });
    let ran = false;
    const request = scheduler.run(undefined, async () => (ran = true));
    assert.equal(ran, true, 'started at once');
    await request;
  });
});
