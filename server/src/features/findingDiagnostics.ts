import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionKind, DiagnosticTag, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { LintedFinding } from '../analysis/lint';
import { diagnosticSeverity, ruleSource } from '../infra/findingSources';
import { overlaps, sameRange } from './ranges';

/** The rule pages ship in the extension (docs/rules) next to the server bundle's folder. */
const ruleDocumentationFolder = pathToFileURL(path.join(__dirname, '..', 'docs', 'rules')).href;

/**
 * Every diagnostic carries its rule's page. Building a file URL costs more than the rest of
 * turning a finding into a diagnostic, so the folder's is built once, at load, and a rule's page
 * is named inside it (rule codes are letters and digits).
 */
export function ruleDocumentationUri(code: string): string {
  return `${ruleDocumentationFolder}/${code}.md`;
}

export function findingToDiagnostic(finding: LintedFinding): Diagnostic {
  return {
    range: finding.range,
    severity: diagnosticSeverity(finding.severity),
    code: finding.code,
    codeDescription: { href: ruleDocumentationUri(finding.code) },
    source: ruleSource,
    message: finding.message,
    tags: finding.unnecessary ? [DiagnosticTag.Unnecessary] : undefined,
  };
}

/** The fixes our rules attach to their findings, for the findings that touch the requested range. */
export function ruleQuickFixes(uri: string, params: CodeActionParams, findings: readonly LintedFinding[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    if (!finding.fixes?.length || !overlaps(finding.range, params.range)) continue;
    const sent = params.context.diagnostics.find(
      (diagnostic) => diagnostic.source === ruleSource && diagnostic.code === finding.code && sameRange(diagnostic.range, finding.range),
    );
    for (const fix of finding.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [sent ?? findingToDiagnostic(finding)],
        isPreferred: fix.isPreferred,
        edit: { changes: { [uri]: [...fix.edits] } },
      });
    }
  }
  return actions;
}
