/**
 * The extension's hold on the language server, over vscode-languageclient 7 (chosen for the
 * client bundle's size budget). That version has no restart and refuses requests until the
 * server has answered `initialize`, where later versions restart in place and queue requests;
 * this class gives the rest of the extension the later behaviour.
 */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { convertRequest, type ConvertParams, type ConvertResult } from '../../server/src/protocol/convert';
import {
  stageGraphExportRequest,
  stageGraphRequest,
  type StageGraph,
  type StageGraphExportParams,
  type StageGraphParams,
} from '../../server/src/protocol/stageGraph';

/**
 * The custom requests, typed once. They go by method name because server/src/protocol's request
 * constants are names, and the `RequestType` objects of the server's vscode-jsonrpc are not the
 * ones this client's older vscode-jsonrpc accepts.
 */
interface CustomRequests {
  [stageGraphRequest]: { params: StageGraphParams; result: StageGraph | null };
  [stageGraphExportRequest]: { params: StageGraphExportParams; result: string | null };
  [convertRequest]: { params: ConvertParams; result: ConvertResult | null };
}

export class LanguageServer {
  /** Settles when no restart is under way: a request sent during one waits for the new server. */
  private restarted: Promise<void> = Promise.resolve();

  constructor(
    readonly client: LanguageClient,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Starts the server without waiting for it; a failure is logged (the client also shows it). */
  start(): void {
    // The returned disposable only stops the client, which deactivate() does and awaits.
    this.client.start();
    this.client.onReady().catch((error: unknown) => this.log.error(`The language server did not start: ${describe(error)}`));
  }

  /** Restarts are queued: a second one waits for the first rather than stopping a half-started server. */
  restart(): Promise<void> {
    this.restarted = this.restarted.then(async () => {
      try {
        await this.client.stop();
      } catch (error) {
        // A server that died while shutting down is stopped all the same.
        this.log.warn(`The language server did not shut down cleanly: ${describe(error)}`);
      }
      this.start();
      await this.client.onReady().catch(() => undefined);
    });
    return this.restarted;
  }

  async stop(): Promise<void> {
    await this.restarted;
    if (this.client.needsStop()) await this.client.stop();
  }

  /** Waits for the server to be ready (after a restart or a crash recovery, the new one) before sending. */
  async request<M extends keyof CustomRequests>(method: M, params: CustomRequests[M]['params']): Promise<CustomRequests[M]['result']> {
    await this.restarted;
    await this.client.onReady();
    return this.client.sendRequest<CustomRequests[M]['result']>(method, params);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
