import type { Diagnostic, DocumentDiagnosticParams, DocumentDiagnosticReport } from 'vscode-languageserver';
import type { DocumentModel } from '../analysis/documentModel';
import { modelFor, type ServerContext } from './context';
import { toValidatorSettings } from './settings';

export async function computeDiagnostics(context: ServerContext, model: DocumentModel): Promise<Diagnostic[]> {
  const settings = await context.settings.get(model.uri);
  return context.service.validate(model.text, toValidatorSettings(settings));
}

/** Pull model: the client asks when it wants them (VS Code does after each change). */
export async function documentDiagnostics(context: ServerContext, params: DocumentDiagnosticParams): Promise<DocumentDiagnosticReport> {
  const model = modelFor(context, params.textDocument.uri);
  return { kind: 'full', items: model ? await computeDiagnostics(context, model) : [] };
}

/** Push model, for clients without pull diagnostics: publish once typing pauses. */
export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly context: ServerContext,
    private readonly delayMs = 200,
  ) {}

  schedule(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.publish(uri);
      }, this.delayMs),
    );
  }

  scheduleAll(): void {
    for (const document of this.context.documents.all()) this.schedule(document.uri);
  }

  clear(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    void this.context.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async publish(uri: string): Promise<void> {
    const model = modelFor(this.context, uri);
    if (!model) return;
    const diagnostics = await computeDiagnostics(this.context, model);
    // A newer version may have arrived while settings were read; its own publish will follow.
    if (this.context.documents.get(uri)?.version !== model.version) return;
    await this.context.connection.sendDiagnostics({ uri, version: model.version, diagnostics });
  }
}
