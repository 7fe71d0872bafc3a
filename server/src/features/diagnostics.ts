import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver';
import type { DocumentModel } from '../analysis/documentModel';
import { lint, type LintedFinding } from '../analysis/lint';
import type { RuleSeverity } from '../analysis/rules/rule';
import { modelFor, type ServerContext } from './context';
import { toValidatorSettings } from './settings';

export const ruleSource = 'dockerfile-stages';

const severities: Record<RuleSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The rule pages ship in the extension (docs/rules) next to the server bundle's folder. */
export function ruleDocumentationUri(code: string): string {
  return pathToFileURL(path.join(__dirname, '..', 'docs', 'rules', `${code}.md`)).href;
}

/** Our findings for a document under its folder's settings and `.hadolint.yaml`, memoized per version. */
export async function lintDocument(context: ServerContext, model: DocumentModel): Promise<readonly LintedFinding[]> {
  const [settings, hadolint] = await Promise.all([context.settings.get(model.uri), context.hadolint.forDocument(model.uri)]);
  return lint(model, { severities: settings.rules, ignored: hadolint.ignored });
}

export function findingToDiagnostic(finding: LintedFinding): Diagnostic {
  return {
    range: finding.range,
    severity: severities[finding.severity],
    code: finding.code,
    codeDescription: { href: ruleDocumentationUri(finding.code) },
    source: ruleSource,
    message: finding.message,
    tags: finding.unnecessary ? [DiagnosticTag.Unnecessary] : undefined,
  };
}

export async function computeDiagnostics(context: ServerContext, model: DocumentModel): Promise<Diagnostic[]> {
  const settings = await context.settings.get(model.uri);
  const library = context.service.validate(model.text, toValidatorSettings(settings));
  const findings = await lintDocument(context, model);
  return [...library, ...findings.map(findingToDiagnostic)];
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
