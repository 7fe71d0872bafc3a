// What the command line prints from a file or its name reaches a terminal (issue 21): an escape
// sequence in a stage name or a file name could erase earlier findings or forge new lines. Every
// control character is shown as its picture instead.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, runCli, workspace } from './helpers';

const escape = '\u001b';
const forgery = `${escape}[1A${escape}[2K`;

describe('dockerfile-stages output of hostile names', () => {
  let files: ReturnType<typeof workspace>;
  before(() => {
    files = workspace({
      [`evil${escape}[2J/Dockerfile`]: lines('FROM alpine:3.20 AS build', `COPY --from=bui${forgery}ld /a /a`),
      'names/Dockerfile': lines(`FROM alpine:3.20 AS s${forgery}`, 'FROM golang:1.22', 'RUN go build -o /app .', 'CMD ["/app"]'),
    });
  });
  after(() => files.remove());
  const run = (args: string[]) => runCli(args, { cwd: files.root });

  test('lint text output shows control characters of file names and messages as pictures', () => {
    const result = run(['lint', '--severity', 'hint', '.']);
    assert.equal(result.status, 1, result.stderr);
    assert.ok(!result.stdout.includes(escape) && !result.stderr.includes(escape), JSON.stringify(result.stdout));
    assert.match(result.stdout, /^evil␛\[2J\/Dockerfile:2:\d+: \w+ ExternalImageReference .*bui␛\[1A␛\[2Kld/m);
  });

  test('unreadable paths and DOT and Mermaid exports show them as pictures too', () => {
    const missing = run(['lint', `gone${escape}[2J`]);
    assert.equal(missing.status, 2);
    assert.ok(!missing.stderr.includes(escape));
    assert.match(missing.stderr, /gone␛\[2J/);

    for (const format of ['dot', 'mermaid']) {
      const graph = run(['graph', '--format', format, 'names/Dockerfile']);
      assert.equal(graph.status, 0, graph.stderr);
      assert.ok(!graph.stdout.includes(escape), graph.stdout);
      assert.match(graph.stdout, /s␛\[1A␛\[2K/);
    }
  });
});
