import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import type { RequestScheduler } from './limits';

/** The answer LSP advises for a request its client cancelled. */
export function requestCancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

/** An error as the log shows it: the stack when there is one, which names where it was thrown. */
function describeFailure(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** A document's URI in request parameters, when they name one. */
function documentOf(params: unknown): string | undefined {
  const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

/**
 * The one guard around everything the server does on its own account: requests, notifications,
 * timers and promises nobody awaits. A failure is logged with what failed and the server carries
 * on; nothing escapes to the event loop, where an uncaught error or unhandled rejection ends the
 * process (and the client restarts it into the same failure).
 */
export class Guard {
  constructor(
    private readonly logError: (message: string) => void,
    private readonly scheduler: RequestScheduler,
  ) {}

  /**
   * A request handler that answers `fallback` when it fails. A cancelled request is answered
   * "cancelled", as LSP advises, rather than with an empty result a client might show.
   */
  request<P, R>(name: string, fallback: R, handler: (params: P, token: CancellationToken) => R | Promise<R>) {
    return async (params: P, token: CancellationToken): Promise<R> => {
      if (token.isCancellationRequested) throw requestCancelled();
      try {
        return await this.scheduler.run(documentOf(params), async () => {
          // A request on a heavy document may have waited; the editor may have given up on it meanwhile.
          if (token.isCancellationRequested) throw requestCancelled();
          return handler(params, token);
        });
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        this.failed(name, error);
        return fallback;
      }
    };
  }

  /** A notification or event handler, which answers nothing: a failure is only logged. */
  notification<P>(name: string, handler: (params: P) => unknown): (params: P) => void {
    return (params) => this.task(name, () => handler(params));
  }

  /** Runs work now (a timer's callback, a message sent without waiting), catching what it throws or rejects with. */
  task(name: string, work: () => unknown): void {
    try {
      const result = work();
      if (result instanceof Promise) result.catch((error: unknown) => this.failed(name, error));
    } catch (error) {
      this.failed(name, error);
    }
  }

  private failed(name: string, error: unknown): void {
    this.logError(`${name} failed: ${describeFailure(error)}`);
  }
}
