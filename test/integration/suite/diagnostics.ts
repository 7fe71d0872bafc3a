import * as vscode from 'vscode';

const source = 'dockerfile-stages';

/** Our diagnostic with `code` in the document at `uri`, on `line` when given. */
export function ruleDiagnostic(uri: vscode.Uri, code: string, line?: number): vscode.Diagnostic | undefined {
  return vscode.languages
    .getDiagnostics(uri)
    .find((diagnostic) => diagnostic.source === source && codeOf(diagnostic) === code && (line === undefined || diagnostic.range.start.line === line));
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}
