/**
 * Typing replay: ours and the anchor (dockerfile-language-server-nodejs 0.15.0) side by side, one
 * after the other in this process, each in its own server process over stdio, on the same inputs.
 *
 * A user presses Enter at the end of an instruction in the middle of the file and types a RUN line,
 * one character per keystroke. After each keystroke the client sends what VS Code sends: the
 * incremental didChange, then semantic tokens, document symbols, folding ranges and code actions at
 * the cursor (with the diagnostics on the cursor's line). Diagnostics as each server does them for
 * the extension's client (vscode-languageclient 11): the anchor validates and pushes on every
 * change; ours is pulled after every change, the pull in flight cancelled, and answered at once
 * for a change after a pause and, while typing goes on, once it pauses. CPU is the server process's user+system time from /proc over
 * the whole replay, until the diagnostics of the last keystroke have arrived, divided by the number
 * of keystrokes.
 */
import { formatMs, formatRatio, printTable, recordSummary } from './harness';
import { generatedInput, middleInsertionPoint, realWorldInput, type BenchInput } from './inputs';
import { anchor, BenchServer, delay, elapsedMs, ours, type ServerCommand } from './lsp';
import type { Diagnostic, Position } from 'vscode-languageserver';

/**
 * 100 ms between keystrokes: 10 characters a second, a fast typist. A keystroke is sent when this
 * much time has passed since the previous one and the previous one's answers have all arrived, so
 * a server slower than the typist is not buried under requests VS Code would have cancelled.
 */
const keystrokeIntervalMs = 100;
/** Enter, then this line: 24 keystrokes. */
const typedLine = 'RUN echo "hello, world"';
const warmupLine = 'ENV WARM=1';
/** Ours must use at most this share of the anchor's CPU per keystroke from this many lines up. */
const cpuRatioTarget = 0.1;
const cpuTargetFromLines = 1000;

const requestKinds = ['semanticTokens', 'documentSymbol', 'foldingRange', 'codeAction'] as const;
type RequestKind = (typeof requestKinds)[number];

interface Replay {
  readonly keystrokes: number;
  readonly cpuMs: number;
  /** Per keystroke: from didChange to the last of its answers. */
  readonly keystrokeMs: number[];
  readonly requestMs: Record<RequestKind, number[]>;
  /** From the last keystroke to the diagnostics of the last version. */
  readonly diagnosticsSettledMs: number;
}

/** The diagnostics a client has for the document, kept current the way the server delivers them. */
interface DiagnosticsTracker {
  /** Called right after each didChange. */
  changed(version: number): void;
  /** Resolves once the client has the diagnostics of `version`. */
  settled(version: number): Promise<void>;
  current(): readonly Diagnostic[];
}

/**
 * Diagnostics as VS Code's client gets them: ours are pulled on open and after each change (a
 * pull in flight is cancelled and sent again), the anchor's pushed. A delivery that names a version (ours, pulled or pushed) may
 * skip versions typed faster than the server answers, so the client has the diagnostics of a
 * version once a delivery names it or a later one; the anchor names none and pushes on every
 * change, so once every change got its push.
 */
function diagnosticsTracker(server: BenchServer, uri: string): DiagnosticsTracker {
  let expected = server.deliveries(uri);
  return {
    changed: () => expected++,
    settled: (version) =>
      server.waitFor(`the diagnostics of version ${version}`, () => {
        const deliveredVersion = server.published.get(uri)?.version;
        return deliveredVersion === undefined ? server.deliveries(uri) >= expected : deliveredVersion >= version;
      }),
    current: () => server.published.get(uri)?.diagnostics ?? [],
  };
}

class Editor {
  private version = 1;
  private readonly diagnostics: DiagnosticsTracker;

  constructor(
    private readonly server: BenchServer,
    private readonly uri: string,
  ) {
    this.diagnostics = diagnosticsTracker(server, uri);
  }

  async open(text: string): Promise<void> {
    await this.server.open(this.uri, text, this.version);
    this.diagnostics.changed(this.version);
    await Promise.all([this.requestsAfterChange({ line: 0, character: 0 }), this.diagnostics.settled(this.version)]);
  }

  /** Enter at the end of `at`'s line, then `line` one character at a time; returns what it cost the server. */
  async type(at: Position, line: string): Promise<Replay> {
    const keystrokes: { range: Position; text: string }[] = [{ range: at, text: '\n' }];
    for (let i = 0; i < line.length; i++) keystrokes.push({ range: { line: at.line + 1, character: i }, text: line[i] });
    const keystrokeMs: number[] = [];
    const requestMs = Object.fromEntries(requestKinds.map((kind) => [kind, [] as number[]])) as Record<RequestKind, number[]>;
    const cpuBefore = this.server.cpuMs();
    let lastKeystroke = process.hrtime.bigint();
    for (const [index, keystroke] of keystrokes.entries()) {
      if (index > 0) await delay(keystrokeIntervalMs - elapsedMs(lastKeystroke));
      lastKeystroke = process.hrtime.bigint();
      this.version++;
      await this.server.change(this.uri, this.version, { start: keystroke.range, end: keystroke.range }, keystroke.text);
      this.diagnostics.changed(this.version);
      const cursor = keystroke.text === '\n' ? { line: at.line + 1, character: 0 } : { line: keystroke.range.line, character: keystroke.range.character + 1 };
      const answered = await this.requestsAfterChange(cursor);
      keystrokeMs.push(elapsedMs(lastKeystroke));
      for (const kind of requestKinds) requestMs[kind].push(answered[kind]);
    }
    await this.diagnostics.settled(this.version);
    const diagnosticsSettledMs = elapsedMs(lastKeystroke);
    return { keystrokes: keystrokes.length, cpuMs: this.server.cpuMs() - cpuBefore, keystrokeMs, requestMs, diagnosticsSettledMs };
  }

  /** What VS Code asks after a change, all at once; resolves to each request's latency. */
  private async requestsAfterChange(cursor: Position): Promise<Record<RequestKind, number>> {
    const textDocument = { uri: this.uri };
    const onCursorLine = this.diagnostics.current().filter((d) => d.range.start.line <= cursor.line && cursor.line <= d.range.end.line);
    const [semanticTokens, documentSymbol, foldingRange, codeAction] = await Promise.all([
      this.server.request('textDocument/semanticTokens/full', { textDocument }),
      this.server.request('textDocument/documentSymbol', { textDocument }),
      this.server.request('textDocument/foldingRange', { textDocument }),
      this.server.request('textDocument/codeAction', {
        textDocument,
        range: { start: cursor, end: cursor },
        context: { diagnostics: onCursorLine, triggerKind: 2 },
      }),
    ]);
    return { semanticTokens: semanticTokens.ms, documentSymbol: documentSymbol.ms, foldingRange: foldingRange.ms, codeAction: codeAction.ms };
  }
}

async function replay(command: ServerCommand, input: BenchInput): Promise<Replay> {
  const server = await BenchServer.start(command);
  try {
    const editor = new Editor(server, 'file:///tmp/dockerfile-stages-bench/Dockerfile');
    await editor.open(input.text);
    const at = middleInsertionPoint(input.text);
    // Untimed first: the JIT compiles the hot paths, as it has in an editor that has been open a while.
    await editor.type(at, warmupLine);
    return await editor.type(at, typedLine);
  } catch (error) {
    console.error(server.stderr());
    throw error;
  } finally {
    await server.stop();
  }
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const inputs = [generatedInput(350), generatedInput(1750), generatedInput(3500), realWorldInput()];
  const rows: (string | number)[][] = [];
  const requestRows: (string | number)[][] = [];
  let missed = 0;
  for (const input of inputs) {
    const theirs = await replay(anchor, input);
    const mine = await replay(ours, input);
    const cpu = (run: Replay) => run.cpuMs / run.keystrokes;
    const ratio = cpu(mine) / cpu(theirs);
    const targeted = input.lines >= cpuTargetFromLines;
    const met = !targeted || ratio <= cpuRatioTarget;
    if (!met) missed++;
    for (const [label, run] of [['anchor', theirs], ['ours', mine]] as const) {
      rows.push([
        input.name,
        label,
        formatMs(cpu(run)),
        formatMs(percentile(run.keystrokeMs, 0.5)),
        formatMs(percentile(run.keystrokeMs, 0.95)),
        formatMs(run.diagnosticsSettledMs),
        label === 'ours' ? formatRatio(ratio) : '',
      ]);
      requestRows.push([input.name, label, ...requestKinds.map((kind) => formatMs(percentile(run.requestMs[kind], 0.5)))]);
    }
    recordSummary({
      measure: `typing: CPU per keystroke, ${input.name}`,
      ours: `${formatMs(cpu(mine))} ms`,
      anchor: `${formatMs(cpu(theirs))} ms`,
      ratio: formatRatio(ratio),
      target: targeted ? `ratio <= ${cpuRatioTarget}` : undefined,
      met: targeted ? met : undefined,
    });
    recordSummary({
      measure: `typing: keystroke latency p50 / p95, ${input.name}`,
      ours: `${formatMs(percentile(mine.keystrokeMs, 0.5))} / ${formatMs(percentile(mine.keystrokeMs, 0.95))} ms`,
      anchor: `${formatMs(percentile(theirs.keystrokeMs, 0.5))} / ${formatMs(percentile(theirs.keystrokeMs, 0.95))} ms`,
    });
  }

  printTable(
    `Typing replay: Enter and ${typedLine.length} characters typed in the middle of the file, one keystroke per ${keystrokeIntervalMs} ms`,
    ['input', 'server', 'CPU per keystroke (ms)', 'keystroke p50 (ms)', 'keystroke p95 (ms)', 'diagnostics after last keystroke (ms)', 'CPU ours/anchor'],
    rows,
  );
  printTable('Median latency per request during the replay (ms)', ['input', 'server', ...requestKinds], requestRows);
  console.log(
    `\ntarget: ours at most ${cpuRatioTarget} of the anchor's CPU per keystroke from ${cpuTargetFromLines.toLocaleString('en-US')} lines: ${missed === 0 ? 'met' : 'NOT met'}`,
  );
  if (missed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
