import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { DocumentModel, DocumentModelCache } from '../analysis/documentModel';
import { maxAnalysedCharacters, sizeOverLimit } from '../analysis/sizeLimit';
import { libraryResolvesVariablesQuickly, maxLibraryVariableWork, variableLimitReason, variableWork } from '../analysis/variableWork';
import { ruleSource } from './findingSources';

/**
 * Caps on the work one document may cause. The server answers one request at a time, so a
 * request that runs for seconds on one file delays every answer on every other file; within
 * these caps no single step runs longer than about a second. The numbers come from measuring
 * each feature on hostile files (docs/security.md has the table).
 */
export const documentLimits = {
  /**
   * Larger documents are not analysed at all. Parsing grows with the text, and each of the
   * library's requests costs about as much again, so the cap bounds the slowest request
   * (bench/hostile.bench.ts measures it).
   */
  maxCharacters: maxAnalysedCharacters,
  /** Above this much variable work, the library's variable-resolving calls answer empty (analysis/variableWork.ts). */
  maxVariableWork: maxLibraryVariableWork,
  /**
   * Requests on documents larger than this, or with more variable work than `heavyVariableWork`,
   * wait until the requests on other documents are answered (see RequestScheduler). Below both,
   * a request is quick enough not to hold up the others.
   */
  heavyCharacters: 64 * 1024,
  heavyVariableWork: 100_000,
} as const;

export const limitCode = 'AnalysisLimit';

/** Whether a document of this text is analysed at all. */
export function isAnalysable(text: string): boolean {
  return text.length <= documentLimits.maxCharacters;
}

/**
 * Whether the library's variable-resolving calls answer quickly on a text, for the library's
 * wrapper (libraryFixes/variableLimit.ts): the library is given only the text, so the text finds
 * the document's model; a text of no open document is let through.
 */
export function resolvesVariablesQuicklyIn(models: DocumentModelCache): (text: string) => boolean {
  return (text) => {
    const model = models.findByText(text);
    return model === undefined || libraryResolvesVariablesQuickly(model);
  };
}

/** Where the limits are explained; docs/ ships next to the server bundle's folder. */
const limitsPage = pathToFileURL(path.join(__dirname, '..', 'docs', 'security.md')).href + '#limits';

function notice(message: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    code: limitCode,
    codeDescription: { href: limitsPage },
    source: ruleSource,
    message,
  };
}

/** Why a text is not analysed, or undefined when it is. */
export function tooLargeReason(text: string): string | undefined {
  if (isAnalysable(text)) return undefined;
  return `${sizeOverLimit('This file', text.length)}, so it gives this one no diagnostics, hovers, completions, outline, conversion or other features.`;
}

/** What the user is told, once, as a diagnostic on the first line, about the features a cap turned off. */
export function limitNotices(text: string, model: DocumentModel | undefined): Diagnostic[] {
  const tooLarge = tooLargeReason(text);
  if (tooLarge) return [notice(tooLarge)];
  if (model && !libraryResolvesVariablesQuickly(model)) {
    return [
      notice(`${variableLimitReason(model, 'its Dockerfile syntax checks, instruction hovers, highlights, document links, go to definition and rename are')} The stage rules, outline and completion still work.`),
    ];
  }
  return [];
}

/** Whether requests on a document of this text may take long enough (tenths of a second) to be scheduled after others. */
export function isHeavy(text: string, model: () => DocumentModel | undefined): boolean {
  if (text.length > documentLimits.maxCharacters) return false;
  if (text.length > documentLimits.heavyCharacters) return true;
  if (!text.includes('$')) return false;
  const analysed = model();
  return analysed !== undefined && variableWork(analysed).work > documentLimits.heavyVariableWork;
}

/** What the scheduler needs to know about a document. */
export interface DocumentWeights {
  /** Whether requests on the document may take long enough (tenths of a second) to wait for others. */
  isHeavy(uri: string): boolean;
  /** The costly first steps every request on the document shares (parse, stage model), each cached once done. */
  sharedSteps(uri: string): readonly (() => unknown)[];
}

/**
 * Turns in a row without an arrival that make the server idle. vscode-jsonrpc's stream reader
 * decodes each message it has read in a turn of its own, and the connection dispatches it in the
 * next, so a request that has been read can take two turns to arrive; waiting for one let heavy
 * steps run ahead of requests already read.
 */
export const quietTurns = 2;

/** Resolves on the next turn of the event loop, after the I/O that is ready has been handled. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Keeps a slow document from delaying the answers on other documents. Node answers one request
 * at a time and a request cannot be interrupted, so a burst of requests on a large file (an
 * editor sends a dozen on opening it) would hold up everything that arrives behind it. Requests
 * on heavy documents therefore run one at a time, each only once the server is otherwise idle:
 * no request arriving for `quietTurns` turns of the event loop (by then the connection has handed
 * over every message it has read). The steps such a request shares with the others on its document
 * (parsing, the stage model) run first, each in a turn of its own, so that no single turn holds
 * the server long. Every other request runs at once: it waits at most for the one heavy step
 * already running, which the caps keep short.
 *
 * A request that is waiting (for the client's settings, for a file) holds nothing back: only
 * arrivals are waited for, and each wait takes `quietTurns` turns more than there were arrivals,
 * so the scheduler never spins while a request waits, however long (a FIFO as `.hadolint.yaml`).
 */
export class RequestScheduler {
  private arrivals = 0;
  private heavyTurn: Promise<void> = Promise.resolve();

  constructor(
    private readonly weights: DocumentWeights,
    /** How a turn is waited for; the tests count them. */
    private readonly turn: () => Promise<void> = nextTurn,
  ) {}

  async run<R>(uri: string | undefined, work: () => Promise<R>): Promise<R> {
    this.arrivals++;
    if (uri === undefined || !this.weights.isHeavy(uri)) return work();
    const previous = this.heavyTurn;
    let done = (): void => undefined;
    this.heavyTurn = new Promise((resolve) => (done = resolve));
    try {
      await previous;
      for (const step of this.weights.sharedSteps(uri)) {
        await this.quiet();
        step();
      }
      await this.quiet();
      return await work();
    } finally {
      done();
    }
  }

  /** Resolves after `quietTurns` turns of the event loop in a row in which no request arrived. */
  private async quiet(): Promise<void> {
    let seen = this.arrivals;
    for (let quietInARow = 0; quietInARow < quietTurns; ) {
      await this.turn();
      quietInARow = seen === this.arrivals ? quietInARow + 1 : 0;
      seen = this.arrivals;
    }
  }
}
