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

/** The codes of the extension's own diagnostics on a document. */
export function codes(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === 'dockerfile-stages')
    .map((diagnostic) => String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code));
}
