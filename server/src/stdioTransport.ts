/**
 * LSP's base protocol over standard input and output, for `--stdio`: vscode-jsonrpc's stream
 * reader and writer, with two things the library leaves out. What it cannot read (a header
 * without a length, a body that is not JSON) it reports as an error event and otherwise drops
 * without a word; here each one goes to the client's log. And it looks for the end of a header
 * from the start of all it holds each time bytes arrive, so bytes that never end a header cost
 * time quadratic in their length; here such bytes are dropped, and said so, once they pass
 * `maxHeaderBytes`.
 * VS Code's client talks over Node IPC, which stays vscode-languageserver's own.
 */
import { Console } from 'node:console';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';

/** Far more than any header a client sends (one or two short fields), and small enough to scan again on each chunk. */
export const maxHeaderBytes = 64 * 1024;

/** The part of the reader's (private) message buffer the cap needs. */
interface LibraryMessageBuffer {
  readonly numberOfBytes: number;
  tryReadHeaders(lowerCaseKeys?: boolean): Map<string, string> | undefined;
  tryReadBody(length: number): Uint8Array | undefined;
}

export class StdioMessageReader extends StreamMessageReader {
  /** Set once bytes are dropped, until a header is read again: a long run of them is reported once. */
  private dropping = false;

  constructor(input: NodeJS.ReadableStream) {
    super(input);
    const buffer = (this as unknown as { buffer: LibraryMessageBuffer }).buffer;
    const tryReadHeaders = buffer.tryReadHeaders.bind(buffer);
    buffer.tryReadHeaders = (lowerCaseKeys) => {
      const headers = tryReadHeaders(lowerCaseKeys);
      if (headers !== undefined) this.dropping = false;
      else if (buffer.numberOfBytes > maxHeaderBytes) this.drop(buffer);
      return headers;
    };
  }

  private drop(buffer: LibraryMessageBuffer): void {
    const bytes = buffer.numberOfBytes;
    buffer.tryReadBody(bytes);
    if (this.dropping) return;
    this.dropping = true;
    this.fireError(new Error(`${bytes} bytes without the end of a message header (a blank line) within ${maxHeaderBytes} bytes, skipped with what follows until a header ends`));
  }
}

/**
 * The server's connection over stdin and stdout, doing what vscode-languageserver does for
 * `--stdio` besides reading and writing: console output goes to stderr, since stdout carries the
 * protocol, and the server exits when stdin closes, with 0 only after a shutdown request. The
 * shutdown handler is registered here for that, so the server must not register another.
 */
export function createStdioConnection(): Connection {
  globalThis.console = new Console(process.stderr, process.stderr);
  const reader = new StdioMessageReader(process.stdin);
  const connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
  let shutdownReceived = false;
  connection.onShutdown(() => {
    shutdownReceived = true;
  });
  reader.onClose(() => process.exit(shutdownReceived ? 0 : 1));
  reader.onError((error) => connection.console.error(`Unreadable message: ${error.message}`));
  return connection;
}
