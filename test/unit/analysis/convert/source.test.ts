import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { blockOf, sourceLayout } from '../../../../server/src/analysis/convert/source';
import { lines, modelOf } from '../../helpers';

describe('source blocks', () => {
  test('an instruction carries the comments above it, its continuations and its heredoc body', () => {
    const text = lines('# syntax=docker/dockerfile:1', 'FROM alpine:3.20', '', '# the tools', '# (two lines)', 'RUN apk add \\', '  # inline', '  curl', 'COPY <<EOF /etc/motd', 'hello', 'EOF', '# left at the end', '');
    const model = modelOf(text);
    const layout = sourceLayout(model);
    const [run, copy] = model.dockerfile.getInstructions().slice(1);
    assert.deepEqual(blockOf(layout, run), { leading: ['# the tools', '# (two lines)'], blankBefore: true, lines: ['RUN apk add \\', '  # inline', '  curl'] });
    assert.deepEqual(blockOf(layout, copy), { leading: [], blankBefore: false, lines: ['COPY <<EOF /etc/motd', 'hello', 'EOF'] });
    assert.deepEqual(layout.trailing, ['# left at the end']);
  });

  test('keeps the line ending of a CRLF file', () => {
    const model = modelOf('FROM alpine:3.20\r\nRUN true\r\n');
    assert.equal(sourceLayout(model).eol, '\r\n');
    assert.deepEqual(blockOf(sourceLayout(model), model.dockerfile.getInstructions()[1]).lines, ['RUN true']);
  });
});
