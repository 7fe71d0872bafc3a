/**
 * LSP's base protocol over standard input and output (a `Content-Length` header, then a UTF-8 JSON
 * body), for `--stdio`. vscode-jsonrpc's stream reader and writer pass every message through a
 * semaphore that waits a turn of the event loop and through chains of promises, on the way in and
 * again on the way out; this reads a message in the turn its bytes arrive in and writes each one
 * in a single write. In echo servers that differ only in this, a request that needs no work comes
 * back in two thirds of the time (docs/performance.md).
 * VS Code's client talks over Node IPC, which stays vscode-languageserver's own.
 */
import { Console } from 'node:console';
import {
  AbstractMessageReader,
  AbstractMessageWriter,
  createConnection,
  ProposedFeatures,
  type Connection,
  type DataCallback,
  type Disposable,
  type Message,
} from 'vscode-languageserver/node';

const headerEnd = Buffer.from('\r\n\r\n', 'latin1');
const contentLengthField = 'content-length:';

/** What a header block says about the body after it, or why it cannot be read. */
type Header = { readonly bodyLength: number } | { readonly error: string };

function readHeader(block: string): Header {
  let bodyLength: number | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) return { error: `header line without a colon: ${JSON.stringify(line)}` };
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d+$/.test(value)) return { error: `Content-Length is not a number of bytes: ${JSON.stringify(value)}` };
      bodyLength = Number(value);
    } else if (name === 'content-type') {
      const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(value)?.[1].toLowerCase();
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return { error: `only UTF-8 bodies are read, not ${charset}` };
    }
  }
  return bodyLength === undefined ? { error: `header without Content-Length: ${JSON.stringify(block)}` } : { bodyLength };
}

export class StdioMessageReader extends AbstractMessageReader {
  /** Bytes received and not yet read, joined only once a whole header or body is there. */
  private chunks: Buffer[] = [];
  private receivedBytes = 0;
  /** Where the body of the message being received starts and how long it is, once its header is read. */
  private body: { readonly start: number; readonly length: number } | undefined;
  private callback: DataCallback | undefined;

  constructor(private readonly input: NodeJS.ReadableStream) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer) => this.receive(chunk);
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('end', onClose);
    this.input.on('close', onClose);
    return {
      dispose: () => {
        this.input.off('data', onData);
        this.input.off('error', onError);
        this.input.off('end', onClose);
        this.input.off('close', onClose);
        this.callback = undefined;
      },
    };
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.receivedBytes += chunk.length;
    while (this.receivedBytes > 0 && this.readOne()) {
      // Each pass hands on one message or drops what could not be read.
    }
  }

  /** Reads the next message if all of it is there; false when more bytes are needed. */
  private readOne(): boolean {
    if (this.body === undefined) {
      const received = this.joined();
      const end = received.indexOf(headerEnd);
      if (end < 0) return false;
      const header = readHeader(received.toString('latin1', 0, end));
      if ('error' in header) {
        this.fireError(new Error(`Unreadable message header, skipped: ${header.error}`));
        this.skipToNextHeader(received);
        return true;
      }
      this.body = { start: end + headerEnd.length, length: header.bodyLength };
    }
    const { start, length } = this.body;
    if (this.receivedBytes < start + length) return false;
    const received = this.joined();
    const text = received.toString('utf8', start, start + length);
    this.keep(received.subarray(start + length));
    this.body = undefined;
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch (error) {
      this.fireError(new Error(`Unreadable message body, skipped: ${error instanceof Error ? error.message : String(error)}`));
      return true;
    }
    this.callback?.(message);
    return true;
  }

  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.receivedBytes)];
    return this.chunks[0];
  }

  private keep(rest: Buffer): void {
    this.chunks = rest.length > 0 ? [rest] : [];
    this.receivedBytes = rest.length;
  }

  /**
   * After a header that does not give its body's length, the body cannot be told from what follows
   * it; reading carries on at the next Content-Length field, which starts the next message a client
   * sent whole (or this one, when only lines before the field were bad).
   */
  private skipToNextHeader(received: Buffer): void {
    const next = received.toString('latin1').toLowerCase().indexOf(contentLengthField, 1);
    this.keep(next < 0 ? Buffer.alloc(0) : received.subarray(next));
  }
}

export class StdioMessageWriter extends AbstractMessageWriter {
  private failedWrites = 0;

  constructor(private readonly output: NodeJS.WritableStream) {
    super();
    output.on('error', (error: Error) => this.fireError(error));
    output.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    const body = JSON.stringify(message);
    const bodyLength = Buffer.byteLength(body, 'utf8');
    const header = `Content-Length: ${bodyLength}\r\n\r\n`;
    // Header and body encoded side by side into one buffer, for one system call: joining them as
    // strings first made a second copy of every answer on the heap, and a large answer's copy cost
    // garbage collection while typing in a 3,500-line file.
    const framed = Buffer.allocUnsafe(header.length + bodyLength);
    framed.write(header, 0, 'latin1');
    framed.write(body, header.length, 'utf8');
    return new Promise((resolve, reject) => {
      this.output.write(framed, (error) => {
        if (!error) return resolve();
        this.fireError(error, message, ++this.failedWrites);
        reject(error);
      });
    });
  }

  end(): void {
    this.output.end();
  }
}

/**
 * The server's connection over stdin and stdout, doing what vscode-languageserver does for
 * `--stdio` besides reading and writing: console output goes to stderr, since stdout carries the
 * protocol, and the server exits when stdin closes, with 0 only after a shutdown request. The
 * shutdown handler is registered here for that, so the server must not register another. What
 * cannot be read is said in the client's log, where the library would drop it without a word.
 */
export function createStdioConnection(): Connection {
  globalThis.console = new Console(process.stderr, process.stderr);
  const reader = new StdioMessageReader(process.stdin);
  const connection = createConnection(ProposedFeatures.all, reader, new StdioMessageWriter(process.stdout));
  let shutdownReceived = false;
  connection.onShutdown(() => {
    shutdownReceived = true;
  });
  reader.onClose(() => process.exit(shutdownReceived ? 0 : 1));
  reader.onError((error) => connection.console.error(error.message));
  return connection;
}
