import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { Message } from 'vscode-jsonrpc/node';
import { maxHeaderBytes, StdioMessageReader } from '../../server/src/stdioTransport';

const messages: Message[] = [
  { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null } } as Message,
  { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { text: 'FROM alpine AS bâtir\nRUN echo "日本語 ✓ 🐳"\n' } } as Message,
  { jsonrpc: '2.0', id: 2, result: [] } as Message,
];

function frame(body: string, header = `Content-Length: ${Buffer.byteLength(body, 'utf8')}`): Buffer {
  return Buffer.from(`${header}\r\n\r\n${body}`, 'utf8');
}

const framed = Buffer.concat(messages.map((message) => frame(JSON.stringify(message))));

/** The library reads bodies a turn later, one after the other; this waits until they are handed on. */
function settled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A reader over a stream the test writes to, with every message and error it reported. */
function reading() {
  const input = new PassThrough();
  const reader = new StdioMessageReader(input);
  const received: Message[] = [];
  const errors: string[] = [];
  reader.onError((error) => errors.push(error.message));
  reader.listen((message) => received.push(message));
  return { input, reader, received, errors };
}

describe('StdioMessageReader (vscode-jsonrpc\'s stream reader, capped)', () => {
  test('reads the same messages whatever bytes the chunks split at, inside a header or a UTF-8 character too', async () => {
    for (const split of [1, 7, 20, 31, framed.length - 1]) {
      const { input, received, errors } = reading();
      input.write(framed.subarray(0, split));
      input.write(framed.subarray(split));
      await settled();
      assert.deepEqual(received, messages, `split at ${split}`);
      assert.deepEqual(errors, []);
    }
  });

  test('reports a header without a length and a body that is not JSON, which the library otherwise drops silently', async () => {
    const lengthless = reading();
    lengthless.input.write(frame('{}', 'Content-Type: application/vscode-jsonrpc; charset=utf-8'));
    await settled();
    assert.equal(lengthless.errors.length, 1);
    assert.match(lengthless.errors[0], /Content-Length/);

    const notJson = reading();
    notJson.input.write(frame('{"jso'));
    notJson.input.write(frame(JSON.stringify(messages[0])));
    await settled();
    assert.equal(notJson.errors.length, 1);
    assert.deepEqual(notJson.received, [messages[0]], 'the next message is read');
  });

  test('bytes that never end a header are dropped past the cap, reported once, and scanned a bounded number of times', async () => {
    const { input, reader, received, errors } = reading();
    // Counts the bytes each search for a header's end may go over: without the cap, every chunk
    // makes the library search all it holds again, which grows with the square of the input.
    const buffer = (reader as unknown as { buffer: { numberOfBytes: number; tryReadHeaders(lowerCaseKeys?: boolean): unknown } }).buffer;
    const capped = buffer.tryReadHeaders.bind(buffer);
    let searched = 0;
    buffer.tryReadHeaders = (lowerCaseKeys) => {
      searched += buffer.numberOfBytes;
      return capped(lowerCaseKeys);
    };
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const chunks = 128;
    for (let sent = 0; sent < chunks; sent++) input.write(chunk);
    await settled();
    const total = chunks * chunk.length;
    assert.ok(searched <= 2 * total, `searched ${searched} bytes for ${total} received`);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], new RegExp(`without the end of a message header .* within ${maxHeaderBytes} bytes, skipped`));

    // The run ended on a dropped chunk here, so a message sent whole afterwards is read.
    input.write(frame(JSON.stringify(messages[0])));
    await settled();
    assert.deepEqual(received, [messages[0]]);
    assert.equal(errors.length, 1);
  });
});
