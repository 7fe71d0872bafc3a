import * as vscode from 'vscode';
import { testServerModule } from '../servers/marker';
import { childProcessRunning } from '../../processes';

/** The language server: this extension host's child process running the tests' server module. */
export function serverPid(): number | undefined {
  return childProcessRunning(testServerModule);
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  return String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);
}

function ownDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'dockerfile-stages');
}

/** The codes of the extension's own diagnostics on a document. */
export function codes(uri: vscode.Uri): string[] {
  return ownDiagnostics(uri).map(codeOf);
}

/** The extension's own diagnostics of one rule on a document. */
export function ruleDiagnostics(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return ownDiagnostics(uri).filter((diagnostic) => codeOf(diagnostic) === code);
}
