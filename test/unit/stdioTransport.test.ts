import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { StreamMessageReader, StreamMessageWriter, type Message } from 'vscode-jsonrpc/node';
import { StdioMessageReader, StdioMessageWriter } from '../../server/src/stdioTransport';

const messages: Message[] = [
  { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null } } as Message,
  { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { text: 'FROM alpine AS bâtir\nRUN echo "日本語 ✓ 🐳"\n' } } as Message,
  { jsonrpc: '2.0', id: 2, result: [] } as Message,
];

function frame(body: string, header = `Content-Length: ${Buffer.byteLength(body, 'utf8')}`): Buffer {
  return Buffer.from(`${header}\r\n\r\n${body}`, 'utf8');
}

const framed = Buffer.concat(messages.map((message) => frame(JSON.stringify(message))));

/** A reader over a stream the test writes to, with every message and error it reported. */
function reading() {
  const input = new PassThrough();
  const reader = new StdioMessageReader(input);
  const received: Message[] = [];
  const errors: string[] = [];
  let closed = 0;
  reader.onError((error) => errors.push(error.message));
  reader.onClose(() => closed++);
  const listening = reader.listen((message) => received.push(message));
  return { input, received, errors, closed: () => closed, listening };
}

describe('StdioMessageReader', () => {
  test('reads messages sent in one chunk, in order', () => {
    const { input, received, errors } = reading();
    input.write(framed);
    assert.deepEqual(received, messages);
    assert.deepEqual(errors, []);
  });

  test('reads the same messages whatever bytes the chunks split at, inside a header or a UTF-8 character too', () => {
    for (let size = 1; size <= 7; size++) {
      const { input, received, errors } = reading();
      for (let at = 0; at < framed.length; at += size) input.write(framed.subarray(at, at + size));
      assert.deepEqual(received, messages, `chunks of ${size} bytes`);
      assert.deepEqual(errors, []);
    }
  });

  test('reads a message of several megabytes sent in 64 KiB chunks', () => {
    const text = 'RUN echo ✓\n'.repeat(300_000);
    const big = frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { text } }));
    const { input, received } = reading();
    for (let at = 0; at < big.length; at += 65_536) input.write(big.subarray(at, at + 65_536));
    assert.equal(received.length, 1);
    assert.equal((received[0] as unknown as { params: { text: string } }).params.text, text);
  });

  test('takes header names in any case, other headers, and a UTF-8 Content-Type', () => {
    const body = JSON.stringify(messages[2]);
    const { input, received, errors } = reading();
    input.write(frame(body, `content-length: ${Buffer.byteLength(body)}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\nX-Trace: 1`));
    input.write(frame(body, `Content-Type: application/vscode-jsonrpc; charset=UTF8\r\nCONTENT-LENGTH:${Buffer.byteLength(body)}`));
    assert.deepEqual(received, [messages[2], messages[2]]);
    assert.deepEqual(errors, []);
  });

  test('skips a header without a length and reads the next message', () => {
    const { input, received, errors } = reading();
    input.write(Buffer.concat([frame('{"jsonrpc":"2.0","method":"lost"}', 'Content-Type: application/vscode-jsonrpc'), framed]));
    assert.deepEqual(received, messages);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /Unreadable message header, skipped: header without Content-Length/);
  });

  test('skips a length that is not a number and reads the next message', () => {
    const { input, received, errors } = reading();
    input.write(Buffer.concat([frame('{}', 'Content-Length: two'), framed]));
    assert.deepEqual(received, messages);
    assert.deepEqual(errors, ['Unreadable message header, skipped: Content-Length is not a number of bytes: "two"']);
  });

  test('reports a stray line before a header and still reads that message', () => {
    const { input, received, errors } = reading();
    input.write(Buffer.concat([Buffer.from('stray output\r\n'), framed]));
    assert.deepEqual(received, messages);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /header line without a colon: "stray output"/);
  });

  test('skips a body in another charset, or one that is not JSON, and reads the next message', () => {
    const { input, received, errors } = reading();
    const latin1 = '{"jsonrpc":"2.0","method":"x"}';
    input.write(frame(latin1, `Content-Length: ${latin1.length}\r\nContent-Type: application/vscode-jsonrpc; charset=latin1`));
    input.write(frame('{"jsonrpc":"2.0",'));
    input.write(framed);
    assert.deepEqual(received, messages);
    assert.equal(errors.length, 2);
    assert.match(errors[0], /only UTF-8 bodies are read, not latin1/);
    assert.match(errors[1], /^Unreadable message body, skipped: /);
  });

  test('waits for the rest of a message without reporting anything', () => {
    const { input, received, errors } = reading();
    input.write(framed.subarray(0, framed.length - 1));
    assert.deepEqual(received, messages.slice(0, 2));
    input.write(framed.subarray(framed.length - 1));
    assert.deepEqual(received, messages);
    assert.deepEqual(errors, []);
  });

  test('reports the end of its input as closed', async () => {
    const { input, closed } = reading();
    input.end();
    input.resume();
    await new Promise((resolve) => input.once('close', resolve));
    assert.ok(closed() >= 1);
  });

  test('hands on nothing once disposed', () => {
    const { input, received, listening } = reading();
    listening.dispose();
    input.write(framed);
    assert.deepEqual(received, []);
  });

  test("reads what vscode-jsonrpc's own writer writes", async () => {
    const pipe = new PassThrough();
    const reader = new StdioMessageReader(pipe);
    const received: Message[] = [];
    reader.listen((message) => received.push(message));
    const writer = new StreamMessageWriter(pipe);
    for (const message of messages) await writer.write(message);
    assert.deepEqual(received, messages);
  });
});

describe('StdioMessageWriter', () => {
  test("writes what vscode-jsonrpc's own reader reads, with the length in bytes", async () => {
    const pipe = new PassThrough();
    const received: Message[] = [];
    const all = new Promise<void>((resolve) => {
      new StreamMessageReader(pipe).listen((message) => {
        received.push(message);
        if (received.length === messages.length) resolve();
      });
    });
    const writer = new StdioMessageWriter(pipe);
    for (const message of messages) await writer.write(message);
    await all;
    assert.deepEqual(received, messages);
  });

  test('writes header and body together, in one write', async () => {
    const writes: string[] = [];
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        writes.push(chunk.toString('utf8'));
        done();
      },
      writev(chunks, done) {
        writes.push(Buffer.concat(chunks.map(({ chunk }) => chunk as Buffer)).toString('utf8'));
        done();
      },
    });
    const writer = new StdioMessageWriter(output);
    await writer.write(messages[1]);
    await writer.write(messages[2]);
    assert.deepEqual(writes, [messages[1], messages[2]].map((message) => frame(JSON.stringify(message)).toString('utf8')));
  });

  test('rejects a failed write and reports it with the message and the count of failures', async () => {
    const output = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error('EPIPE'));
      },
    });
    const writer = new StdioMessageWriter(output);
    const reported: [string, Message | undefined, number | undefined][] = [];
    writer.onError(([error, message, count]) => reported.push([error.message, message, count]));
    await assert.rejects(writer.write(messages[2]), /EPIPE/);
    assert.ok(reported.some(([error, message, count]) => error === 'EPIPE' && message === messages[2] && count === 1));
  });

  test('reports its output closing', async () => {
    const output = new PassThrough();
    const writer = new StdioMessageWriter(output);
    let closed = false;
    writer.onClose(() => (closed = true));
    output.destroy();
    await new Promise((resolve) => output.once('close', resolve));
    assert.ok(closed);
  });
});
