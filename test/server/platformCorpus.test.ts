// The platform corpus through the real server over stdio: diagnostics, the stage graph and the
// hover answer from the same reachability, and dockerfileStages.platforms changes it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { stageGraphRequest } from '../../server/src/protocol/requests';
import type { StageGraphParams } from '../../server/src/protocol/stageGraph';
import { parseDockerfile } from '../../server/src/analysis/documentModel';
import { platformCases, readCase } from '../platformCorpusCases';
import { ServerProcess } from './serverProcess';

const uriOf = (name: string) => `file:///work/corpus/${name}/Dockerfile`;

/** Stage names (or `#index`) with the line each FROM is on. */
function stageLines(text: string): Map<number, string> {
  const lines = new Map<number, string>();
  parseDockerfile(text)
    .getFROMs()
    .forEach((from, index) => lines.set(from.getRange().start.line, from.getBuildStage() ?? `#${index}`));
  return lines;
}

function unreachableStages(params: PublishDiagnosticsParams | undefined, text: string): string[] {
  const lines = stageLines(text);
  return (params?.diagnostics ?? [])
    .filter((diagnostic) => diagnostic.code === 'UnreachableStage')
    .map((diagnostic) => lines.get(diagnostic.range.start.line) ?? `line ${diagnostic.range.start.line}`)
    .sort();
}

/** Expected names without the `@index` a repeated name carries in expected.json. */
function plainNames(keys: readonly string[]): string[] {
  return keys.map((key) => key.replace(/@\d+$/, '')).sort();
}

describe('platform corpus over stdio', () => {
  let server: ServerProcess;

  before(async () => {
    server = await ServerProcess.start();
    for (const name of platformCases) await server.open(uriOf(name), readCase(name).text);
  });
  after(() => server.stop());

  test('UnreachableStage is published exactly for the stages no configured build builds', async () => {
    for (const name of platformCases) {
      const { text, expected } = readCase(name);
      await server.waitFor(`diagnostics of ${name}`, () => server.published.has(uriOf(name)));
      const notBuilt = plainNames([...expected.unreachable, ...Object.keys(expected.otherPlatform)]);
      assert.deepEqual(unreachableStages(server.published.get(uriOf(name)), text), notBuilt, name);
    }
  });

  test('the stage graph draws a selected FROM as one edge per stage, labelled, with the current pick marked', async () => {
    const uri = uriOf('moby-buildkit-2023');
    const graph = await server.request(stageGraphRequest, { textDocument: { uri } } satisfies StageGraphParams);
    assert.ok(graph, 'the server has the document');
    const stageId = (name: string) => graph.stages.find((stage) => stage.name === name)?.id;
    const intoBinaries = graph.edges.filter((edge) => edge.to === stageId('binaries') && edge.kind === 'from');
    assert.deepEqual(
      intoBinaries.map((edge) => [edge.from, edge.selectedBy, edge.chosen]),
      [[stageId('binaries-linux'), 'TARGETOS=linux', true]],
    );
    const intoBuildkit = graph.edges.filter((edge) => edge.to === stageId('buildkit') && edge.kind === 'from');
    assert.deepEqual(
      intoBuildkit.map((edge) => [edge.from, edge.selectedBy, edge.chosen]).sort(),
      [
        [stageId('buildkit-linux'), 'TARGETOS=linux', true],
        [stageId('buildkit-linux-debug'), '--build-arg BUILDKIT_DEBUG=1 TARGETOS=linux', false],
      ].sort(),
    );
    assert.equal(graph.stages.find((stage) => stage.name === 'dlv')?.builtWhen, 'for TARGETOS=linux with --build-arg BUILDKIT_DEBUG=1');
    assert.deepEqual(graph.platforms?.[0], 'linux/amd64');
  });

  test('dockerfileStages.platforms with windows builds the windows stages: no hint, a graph edge and a hover that say so', async () => {
    const name = 'moby-buildkit-2023';
    const uri = uriOf(name);
    const { text } = readCase(name);
    const before = server.published.get(uri);
    await server.changeSettings({ [uri]: { platforms: ['linux/amd64', 'windows/amd64'] } });
    await server.waitFor('diagnostics under the new platforms', () => server.published.get(uri) !== before);
    const unreachable = unreachableStages(server.published.get(uri), text);
    assert.ok(!unreachable.includes('binaries-windows') && !unreachable.includes('buildkit-windows'), unreachable.join(', '));
    assert.ok(unreachable.includes('binaries-darwin'));

    const graph = await server.request(stageGraphRequest, { textDocument: { uri } } satisfies StageGraphParams);
    assert.ok(graph, 'the server has the document');
    const windows = graph.stages.find((stage) => stage.name === 'binaries-windows');
    assert.equal(windows?.reachable, true);
    assert.equal(windows?.builtWhen, 'for TARGETOS=windows');
    assert.deepEqual(graph.platforms, ['linux/amd64', 'windows/amd64']);

    const line = text.split('\n').findIndex((each) => each === 'FROM scratch AS binaries-windows');
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 20 } });
    const markdown = typeof hover?.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(markdown, /Built for TARGETOS=windows/);
  });
});

describe('final-stage rules over the images each platform ships, over stdio', () => {
  // Buildx's shape: the Windows binaries stage is built on the Go image, the Unix ones on scratch.
  const text = [
    'ARG GO_VERSION=1.21',
    'FROM golang:${GO_VERSION}-alpine AS golatest',
    'FROM golatest AS buildx-build',
    'RUN go build -o /usr/bin/buildx ./cmd/buildx',
    'FROM scratch AS binaries-unix',
    'COPY --from=buildx-build /usr/bin/buildx /',
    'FROM binaries-unix AS binaries-linux',
    'FROM golatest AS binaries-windows',
    'COPY --from=buildx-build /usr/bin/buildx /buildx.exe',
    'FROM binaries-$TARGETOS AS binaries',
    '',
  ].join('\n');
  const linuxOnly = 'file:///work/shipped/linux/Dockerfile';
  const withWindows = 'file:///work/shipped/windows/Dockerfile';
  let server: ServerProcess;

  before(async () => {
    server = await ServerProcess.start({ settings: { [withWindows]: { platforms: ['linux/amd64', 'linux/arm64', 'windows/amd64'] } } });
    await server.open(linuxOnly, text);
    await server.open(withWindows, text);
    await server.waitFor('diagnostics of both', () => server.published.has(linuxOnly) && server.published.has(withWindows));
  });
  after(() => server.stop());

  const finalStageMessages = (uri: string) =>
    (server.published.get(uri)?.diagnostics ?? [])
      .filter((diagnostic) => diagnostic.code === 'BuildImageInFinalStage' || diagnostic.code === 'RootUserInFinalStage')
      .map((diagnostic) => `${String(diagnostic.code)} line ${diagnostic.range.start.line}: ${diagnostic.message}`);

  test('on the Linux platforms the final stage ships scratch: nothing to report', () => {
    assert.deepEqual(finalStageMessages(linuxOnly), []);
  });

  test('with Windows configured, the Go image it ships there is reported once, naming the platform', () => {
    const messages = finalStageMessages(withWindows);
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages[0], /^BuildImageInFinalStage line 9: The final stage \(on windows\/amd64\) runs on `golang:1\.21-alpine` \(through stage `golatest`\)/);
    assert.match(messages[1], /^RootUserInFinalStage line 9: The final stage \(on windows\/amd64\) sets no USER: `golang:1\.21-alpine` runs as root by default/);
  });
});
