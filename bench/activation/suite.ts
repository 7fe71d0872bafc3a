/**
 * Runs inside VS Code's extension host (see bench/activation.bench.ts): activates Dockerfile
 * Stages in a window where nothing has activated it yet, times it, then times how long an opened
 * Dockerfile waits for its first diagnostics, and writes both next to this compiled file.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

const extensionId = 'dockerfile-stages.dockerfile-stages';
/** test/host/extension-tests.mjs reads the outcome from this console line. */
const resultMarker = 'dockerfile-stages integration result:';

export interface ActivationResult {
  /** Already active before the suite asked: the figure would not be an activation; the bench fails. */
  readonly alreadyActive: boolean;
  /** From `activate()` to its promise resolving: loading the bundle and running the extension's activate. */
  readonly activationMs: number;
  /** From opening a Dockerfile, right after activation, to its first diagnostics: the language server's start included. */
  readonly firstDiagnosticsMs: number;
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`${extensionId} is not installed in this extension host`);
  const alreadyActive = extension.isActive;
  const activationStarted = performance.now();
  await extension.activate();
  const activationMs = performance.now() - activationStarted;

  const opened = performance.now();
  const document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: 'from alpine:3.20\nRUN echo hi\n' });
  await vscode.window.showTextDocument(document);
  while (vscode.languages.getDiagnostics(document.uri).length === 0) {
    if (performance.now() - opened > 60_000) throw new Error('no diagnostics within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const firstDiagnosticsMs = performance.now() - opened;

  const result: ActivationResult = { alreadyActive, activationMs, firstDiagnosticsMs };
  writeFileSync(path.join(__dirname, 'result.json'), JSON.stringify(result));
  console.log(`${resultMarker} ${JSON.stringify({ passed: 1, failed: 0 })}`);
}
