import { performance } from 'node:perf_hooks';
import {
  type CancellationToken,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver';
import { derivedKey, type DocumentModel } from '../analysis/documentModel';
import { lint, type LintedFinding } from '../analysis/lint';
import type { BuildContext } from '../analysis/convert/context';
import type { BuiltTarget } from '../analysis/builds/types';
import { buildFileDiagnostics } from './buildFiles';
import { isBuildFileUri, modelFor, type ServerContext } from './context';
import { findingToDiagnostic } from './findingDiagnostics';
import { limitNotices } from '../infra/limits';
import type { HadolintConfig } from '../analysis/hadolintConfig';
import { validateWithLibrary } from '../analysis/libraryValidation';
import { requestCancelled, type Guard } from '../infra/guard';
import { toValidatorSettings, type Settings } from '../infra/settings';

/** Our findings for a document under its folder's settings and `.hadolint.yaml`, memoized per version. */
export async function lintDocument(context: ServerContext, model: DocumentModel): Promise<readonly LintedFinding[]> {
  const [settings, hadolint, buildContext] = await Promise.all([context.settings.get(model.uri), context.hadolint.forDocument(model.uri), context.buildContexts.forDocument(model.uri, model.version)]);
  return lintIsolated(context, model, settings, hadolint, buildContext);
}

/** The rules' findings; a rule that throws loses only its own, with one line in the log naming it and the document. */
function lintIsolated(context: ServerContext, model: DocumentModel, settings: Settings, hadolint: HadolintConfig, buildContext: BuildContext): readonly LintedFinding[] {
  return lint(model, {
    severities: settings.rules,
    ignored: hadolint.ignored,
    platforms: settings.platforms,
    dockerignore: buildContext.dockerignore,
    builtElsewhere: context.builds.buildsOf(model.uri),
    onRuleFailure: (code, error) => context.connection.console.error(`Rule ${code} failed on ${model.uri} and reports nothing for this version: ${oneLine(error)}`),
  });
}

/** The error's message and where it was thrown, on one line. */
function oneLine(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const thrownAt = error.stack?.split('\n').find((line) => line.trimStart().startsWith('at '));
  return thrownAt ? `${error.message} (${thrownAt.trim()})` : error.message;
}

/**
 * When to validate after a change. Validation (the library's checks and our rules over the whole
 * file) is the most expensive work per version, and while the user types every version is stale
 * a keystroke later. A change after a pause is validated at once, so a quick fix or a paste shows
 * its effect without delay; changes in quick succession (typing) wait until the text has been
 * quiet for `quietMs`, so a burst of keystrokes costs one validation at its end, not one each.
 */
export class ValidationPacer {
  private readonly lastChanges = new Map<string, { readonly at: number; readonly inBurst: boolean }>();

  constructor(
    readonly quietMs = 200,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Call on every change of a document's text, opening included. */
  changed(uri: string): void {
    const at = this.now();
    const previous = this.lastChanges.get(uri);
    this.lastChanges.set(uri, { at, inBurst: previous !== undefined && at - previous.at < this.quietMs });
  }

  forget(uri: string): void {
    this.lastChanges.delete(uri);
  }

  /** Milliseconds to wait before validating `uri`: zero unless it is changing in quick succession. */
  waitMs(uri: string): number {
    const last = this.lastChanges.get(uri);
    if (!last?.inBurst) return 0;
    return Math.max(0, last.at + this.quietMs - this.now());
  }

  /**
   * Resolves once `uri` may be validated; rejects with "cancelled" if the client cancels first.
   * Meant to run before a request is handled: a request waiting here is not at work, and the
   * server's scheduling (infra/limits.ts) must not count it as running.
   */
  async settled(uri: string, token: CancellationToken): Promise<void> {
    for (let wait = this.waitMs(uri); wait > 0; wait = this.waitMs(uri)) {
      await sleep(wait, token);
      if (token.isCancellationRequested) throw requestCancelled();
    }
  }
}

/** Diagnostics of the model's version under the settings and config they were computed with. */
const computedKey = derivedKey<{
  last?: {
    readonly settings: Settings;
    readonly hadolint: HadolintConfig;
    readonly dockerignore: string | undefined;
    readonly builtElsewhere: readonly BuiltTarget[];
    readonly diagnostics: Diagnostic[];
  };
}>('last diagnostics');

/** The library's and our rules' diagnostics, memoized per version while settings and .hadolint.yaml stay the same. */
export async function computeDiagnostics(context: ServerContext, model: DocumentModel): Promise<Diagnostic[]> {
  const [settings, hadolint, buildContext] = await Promise.all([context.settings.get(model.uri), context.hadolint.forDocument(model.uri), context.buildContexts.forDocument(model.uri, model.version)]);
  const computed = model.derive(computedKey, () => ({}));
  const cached = computed.last;
  const builtElsewhere = context.builds.buildsOf(model.uri);
  if (cached && cached.settings === settings && cached.hadolint === hadolint && cached.dockerignore === buildContext.dockerignore && cached.builtElsewhere === builtElsewhere) {
    return cached.diagnostics;
  }
  const library = libraryDiagnostics(context, model, settings);
  const findings = lintIsolated(context, model, settings, hadolint, buildContext);
  const diagnostics = [...limitNotices(model.text, model), ...library, ...findings.map(findingToDiagnostic)];
  computed.last = { settings, hadolint, dockerignore: buildContext.dockerignore, builtElsewhere, diagnostics };
  return diagnostics;
}

function libraryDiagnostics(context: ServerContext, model: DocumentModel, settings: Settings): Diagnostic[] {
  const { diagnostics, failure } = validateWithLibrary(model.text, toValidatorSettings(settings), (text, validatorSettings) =>
    context.service.validate(text, validatorSettings),
    settings.keepValidatorChecks,
  );
  if (failure) context.connection.console.error(`dockerfile-utils validation of ${model.uri} failed: ${failure}`);
  return diagnostics;
}

/**
 * Pull model: VS Code asks after every change and cancels the question when the next change
 * arrives. While the user types, the server first waits for the text to be quiet
 * (`ValidationPacer.settled`); a question cancelled meanwhile is answered "cancelled" (not with an
 * empty list, which a client would show) and never validated.
 */
export async function documentDiagnostics(context: ServerContext, params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
  const uri = params.textDocument.uri;
  if (isBuildFileUri(uri)) return { kind: 'full', items: await buildFileDiagnostics(context, uri) };
  const model = modelFor(context, uri);
  if (!model) return { kind: 'full', items: notAnalysed(context, uri) };
  const items = await computeDiagnostics(context, model);
  if (token.isCancellationRequested) throw requestCancelled();
  return { kind: 'full', items };
}

/** For an open document too large to analyse, the notice saying so; nothing for a document never opened. */
function notAnalysed(context: ServerContext, uri: string): Diagnostic[] {
  const document = context.documents.get(uri);
  return document ? limitNotices(document.getText(), undefined) : [];
}

function sleep(ms: number, token: CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const subscription = token.onCancellationRequested(done);
    function done() {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    }
  });
}

/** Push model, for clients without pull diagnostics: publish when the pacer says the text is settled. */
export class DiagnosticsPublisher {
  private readonly pending = new Map<string, () => void>();

  constructor(
    private readonly context: ServerContext,
    private readonly pacer: ValidationPacer,
    private readonly guard: Guard,
  ) {}

  /**
   * A change after a pause is published on the next turn of the event loop rather than after a
   * zero-millisecond timer, which Node stretches to at least one: by then the messages already
   * read (a change that follows at once) have been handled, and nothing waits for a clock.
   */
  schedule(uri: string): void {
    this.cancel(uri);
    const wait = this.pacer.waitMs(uri);
    const due = () =>
      this.guard.task('publishDiagnostics', () => {
        this.pending.delete(uri);
        // More changes may have come since; they rescheduled, but check anyway, as a timer may already have fired.
        if (this.pacer.waitMs(uri) === 0) return this.publish(uri);
        this.schedule(uri);
        return undefined;
      });
    if (wait > 0) {
      const timer = setTimeout(due, wait);
      this.pending.set(uri, () => clearTimeout(timer));
    } else {
      const immediate = setImmediate(due);
      this.pending.set(uri, () => clearImmediate(immediate));
    }
  }

  private cancel(uri: string): void {
    this.pending.get(uri)?.();
    this.pending.delete(uri);
  }

  scheduleAll(): void {
    for (const document of this.context.documents.all()) this.schedule(document.uri);
  }

  clear(uri: string): void {
    this.cancel(uri);
    this.guard.task('publishDiagnostics', () => this.context.connection.sendDiagnostics({ uri, diagnostics: [] }));
  }

  private async publish(uri: string): Promise<void> {
    if (isBuildFileUri(uri)) return this.publishBuildFile(uri);
    const model = modelFor(this.context, uri);
    if (!model) {
      const document = this.context.documents.get(uri);
      if (document) await this.context.connection.sendDiagnostics({ uri, version: document.version, diagnostics: notAnalysed(this.context, uri) });
      return;
    }
    const diagnostics = await computeDiagnostics(this.context, model);
    // A newer version may have arrived while settings were read; its own publish will follow.
    if (this.context.documents.get(uri)?.version !== model.version) return;
    await this.context.connection.sendDiagnostics({ uri, version: model.version, diagnostics });
  }

  private async publishBuildFile(uri: string): Promise<void> {
    const version = this.context.documents.get(uri)?.version;
    const diagnostics = await buildFileDiagnostics(this.context, uri);
    if (this.context.documents.get(uri)?.version !== version) return;
    await this.context.connection.sendDiagnostics({ uri, version, diagnostics });
  }
}
