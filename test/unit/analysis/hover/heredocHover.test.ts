import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt, hoverTextAt, textIn, uri } from './positions';

describe('heredoc hover', () => {
  test('RUN <<EOF alone is a script for the shell, with links to where it opens and closes', () => {
    const text = 'FROM alpine:3.20\nRUN <<EOF\napk add curl\necho $HOME\nEOF\n';
    const opener = hoverAt(text, '<<EOF', 2);
    assert.ok(opener);
    assert.equal(textIn(text, opener.range), '<<EOF');
    assert.ok(opener.markdown.startsWith('**Here-document** `<<EOF` in RUN · since Dockerfile 1.4'), opener.markdown);
    assert.ok(opener.markdown.includes('a script run by the default shell'), opener.markdown);
    assert.ok(opener.markdown.includes('`$variables` in the body are expanded by the shell'), opener.markdown);
    assert.ok(opener.markdown.includes(`Opened on [line 2](${uri}#L2), closed by \`EOF\` on [line 5](${uri}#L5).`), opener.markdown);
    const closer = hoverAt(text, '\nEOF', 2);
    assert.ok(closer);
    assert.equal(textIn(text, closer.range), 'EOF');
    assert.equal(closer.markdown, opener.markdown);
  });

  test('RUN <<EOF python3 feeds the body to the command', () => {
    const text = hoverTextAt('FROM python:3.12\nRUN <<EOF python3\nprint("hi")\nEOF\n', '<<EOF', 3);
    assert.ok(text.includes('the standard input of the command on this line'), text);
  });

  test('COPY <<-"EOT": a file, tabs stripped, variables kept', () => {
    const text = hoverTextAt('FROM alpine:3.20\nCOPY <<-"EOT" /script.sh\n\techo "hello ${FOO}"\n\tEOT\n', '<<-', 1);
    assert.ok(text.includes('become a file, copied to the destination'), text);
    assert.ok(text.includes('`<<-` removes leading tabs'), text);
    assert.ok(text.includes('The delimiter is quoted, so `$variables` in the body are kept as written.'), text);
  });

  test('ADD <<EOT: variables expanded by the builder unless quoted', () => {
    const text = hoverTextAt('FROM alpine:3.20\nADD <<EOT /greeting\nhello $NAME\nEOT\n', '<<EOT', 2);
    assert.ok(text.includes('added at the destination'), text);
    assert.ok(text.includes('expanded from ARG and ENV values when the file is written'), text);
  });

  test('two heredocs in one RUN each explain themselves', () => {
    const text = 'FROM alpine\nRUN <<A cat > a && <<B cat > b\nfirst\nA\nsecond\nB\n';
    assert.ok(hoverTextAt(text, '<<A', 1).includes('closed by `A` on'));
    assert.ok(hoverTextAt(text, '<<B', 1).includes('closed by `B` on'));
  });

  test('the body itself and instructions without heredocs get no heredoc hover', () => {
    const text = 'FROM alpine:3.20\nRUN <<EOF\napk add curl\nEOF\nRUN echo "<<not a heredoc"\n';
    assert.equal(hoverAt(text, 'apk add', 1), undefined);
    assert.equal(hoverAt(text, 'echo', 1), undefined);
  });
});
