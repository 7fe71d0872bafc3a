import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { pushClientCapabilities, ServerProcess } from './serverProcess';

const uri = 'file:///work/project/Dockerfile.hover';
const text = [
  'ARG GO_VERSION=1.22', // line 1
  'FROM golang:${GO_VERSION} AS build', // 2
  'WORKDIR /src', // 3
  'RUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .', // 4
  '', // 5
  'FROM gcr.io/distroless/static-debian12:nonroot', // 6
  'COPY --link --from=build /out/app /app', // 7
  'ENTRYPOINT ["/app"]', // 8
  '',
].join('\n');

function at(line: number, character: number) {
  return { textDocument: { uri }, position: { line, character } };
}

function markdownOf(hover: Hover | null): string {
  assert.ok(hover, 'a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

describe('hover over stdio', () => {
  let server: ServerProcess;

  before(async () => {
    server = await ServerProcess.start();
    await server.open(uri, text);
  });
  after(() => server.stop());

  test('COPY --from=build: the stage, its resolved base, WORKDIR, the lines that use it as links, and that the target needs it', async () => {
    const hover = await server.request<Hover | null>('textDocument/hover', at(6, 20));
    const value = markdownOf(hover);
    assert.deepEqual(hover?.range, { start: { line: 6, character: 19 }, end: { line: 6, character: 24 } });
    assert.ok(value.includes('**Stage** `build` (index 0)'), value);
    assert.ok(value.includes(`Defined on [line 2](${uri}#L2)`), value);
    assert.ok(value.includes('Base image: `golang:1.22`'), value);
    assert.ok(value.includes('WORKDIR: `/src`'), value);
    assert.ok(value.includes(`[line 7](${uri}#L7): \`COPY --from=build\``), value);
    assert.ok(value.includes('Needed by the target'), value);
  });

  test('the base image: what it is, its tag, and its registry page', async () => {
    const value = markdownOf(await server.request<Hover | null>('textDocument/hover', at(5, 10)));
    assert.ok(value.includes('**Distroless static**'), value);
    assert.ok(value.includes('runs as the non-root user 65532'), value);
    assert.ok(value.includes('[Registry page](https://github.com/GoogleContainerTools/distroless)'), value);
  });

  test('flags the library lacks, and its own keyword docs', async () => {
    assert.match(markdownOf(await server.request<Hover | null>('textDocument/hover', at(3, 6))), /\*\*RUN --mount\*\*/);
    assert.match(markdownOf(await server.request<Hover | null>('textDocument/hover', at(6, 8))), /\*\*COPY --link\*\*/);
    assert.match(markdownOf(await server.request<Hover | null>('textDocument/hover', at(3, 1))), /Execute any commands/);
  });

  test('a new version of the document is hovered from its new text', async () => {
    const renamed = text.replace(/build/g, 'compile');
    await server.replace(uri, renamed);
    const value = markdownOf(await server.request<Hover | null>('textDocument/hover', at(6, 20)));
    assert.ok(value.includes('**Stage** `compile`'), value);
    await server.replace(uri, text);
  });
});

describe('hover for a client that only takes plain text', () => {
  let server: ServerProcess;

  before(async () => {
    server = await ServerProcess.start({
      capabilities: { ...pushClientCapabilities, textDocument: { ...pushClientCapabilities.textDocument, hover: { contentFormat: ['plaintext'] } } },
    });
    await server.open(uri, text);
  });
  after(() => server.stop());

  test("gets the library's plain-text hovers rather than Markdown", async () => {
    const keyword = await server.request<Hover | null>('textDocument/hover', at(3, 1));
    assert.equal((keyword?.contents as MarkupContent).kind, 'plaintext');
    const stage = await server.request<Hover | null>('textDocument/hover', at(6, 20));
    assert.ok(stage === null || (stage.contents as MarkupContent).kind === 'plaintext', JSON.stringify(stage));
  });
});

describe('hover over stdio on the automatic platform ARGs inside a stage', () => {
  const platformUri = 'file:///work/project/Dockerfile.platform-args';
  const platformText = ['FROM alpine:3.20', 'RUN echo $TARGETARCH', 'ARG TARGETARCH', 'RUN echo $TARGETARCH', ''].join('\n');
  let server: ServerProcess;

  before(async () => {
    server = await ServerProcess.start({ settings: { [platformUri]: { platforms: ['linux/arm64', 'linux/amd64'] } } });
    await server.open(platformUri, platformText);
  });
  after(() => server.stop());

  const hoverOn = (line: number) => server.request<Hover | null>('textDocument/hover', { textDocument: { uri: platformUri }, position: { line, character: 12 } });

  test('before ARG TARGETARCH it is not set, as BuildKit leaves it', async () => {
    assert.match(markdownOf(await hoverOn(1)), /Not set here/);
  });

  test('after it, its value on each configured platform, the current one first', async () => {
    assert.match(markdownOf(await hoverOn(3)), /Declared by `ARG TARGETARCH` on line 3; its value in each configured build:\n\n- `arm64` on linux\/arm64\n- `amd64` on linux\/amd64$/);
  });
});
