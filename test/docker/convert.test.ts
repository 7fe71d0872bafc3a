// The converter proven by real builds: each fixture app (fixtureApps.ts) is converted by the real
// CLI reading its build context, built as written and as converted, and both images are run.
// They must behave the same: the same output, or the same HTTP answer (and HEALTHCHECK result).
// The suite ends with a table of the apps, their ecosystems, both image sizes and the verdict.
// Builds use the host's network: npm installs reach the registry, and a converted runtime stage
// may install the libraries the app needs with apt from Debian's mirror, as it would anywhere.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { fixturesRoot } from './agreement';
import { observe } from './behaviour';
import { engineForSuite, runCommand, type DockerEngine } from './engine';
import { fixtureApps, type FixtureApp } from './fixtureApps';

const repoRoot = path.resolve(__dirname, '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');

interface Row {
  readonly app: FixtureApp;
  before?: number;
  after?: number;
  verdict: string;
}

function megabytes(bytes: number | undefined): string {
  return bytes === undefined ? '-' : (bytes / 1_000_000).toFixed(1);
}

function table(rows: readonly Row[]): string {
  const lines = [['app', 'ecosystem', 'before MB', 'after MB', 'same behaviour'], ...rows.map((row) => [row.app.name, row.app.ecosystem, megabytes(row.before), megabytes(row.after), row.verdict])];
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  return lines.map((line) => line.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

/** `dockerfile-stages convert --context <app> <app>/Dockerfile`, as a user runs it. */
async function convertWithCli(context: string): Promise<string> {
  const result = await runCommand(process.execPath, [cli, 'convert', '--context', context, path.join(context, 'Dockerfile')], process.env);
  assert.equal(result.code, 0, `the CLI did not convert ${context} (exit ${result.code}): ${result.stderr}`);
  return result.stdout;
}

/** The images a Dockerfile builds on or copies from, ARG defaults applied. */
function baseImages(text: string): string[] {
  const model = new DocumentModel('file:///app/Dockerfile', 0, text);
  return model.stageModel.references.flatMap((reference) => (reference.target.type === 'image' ? [reference.target.name] : []));
}

/** Converts, builds both images, runs both and compares; the row gets the sizes on the way. */
async function proveApp(docker: DockerEngine, app: FixtureApp, row: Row, t: TestContext): Promise<void> {
  const context = path.join(fixturesRoot, 'apps', app.name);
  const tags = { before: `dockerfile-stages-test/${app.name}:single`, after: `dockerfile-stages-test/${app.name}:converted` };
  try {
    const original = readFileSync(path.join(context, 'Dockerfile'), 'utf8');
    const converted = await convertWithCli(context);
    await docker.pinStandIns(new Set([...baseImages(original), ...baseImages(converted)]));
    await docker.build({ context, tag: tags.before, network: 'host' });
    await docker.build({ context, dockerfileText: converted, tag: tags.after, network: 'host' });
    row.before = await docker.imageSize(tags.before);
    row.after = await docker.imageSize(tags.after);
    const before = await observe(docker, tags.before, app.probe, `dockerfile-stages-test-${app.name}-single`);
    const after = await observe(docker, tags.after, app.probe, `dockerfile-stages-test-${app.name}-converted`);
    t.diagnostic(`${app.name}: ${megabytes(row.before)} MB -> ${megabytes(row.after)} MB\n${before}`);
    assert.equal(after, before, 'the converted image behaves as the original');
  } finally {
    await docker.removeImage(tags.before);
    await docker.removeImage(tags.after);
  }
}

describe('converted fixture apps build and behave as the originals', { concurrency: 2 }, () => {
  const requireEngine = engineForSuite(async () => {
    assert.ok(existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
  });
  const rows: Row[] = [];

  after(() => {
    const inOrder = [...rows].sort((a, b) => fixtureApps.indexOf(a.app) - fixtureApps.indexOf(b.app));
    process.stdout.write(`\n${table(inOrder)}\n`);
  });

  for (const app of fixtureApps) {
    test(`${app.name} (${app.ecosystem}: ${app.pattern})`, async (t) => {
      const docker = requireEngine(t);
      if (!docker) return;
      const row: Row = { app, verdict: 'no' };
      rows.push(row);
      if (app.knownFailure) {
        await assert.rejects(proveApp(docker, app, row, t), app.knownFailure.error);
        row.verdict = `no, known: ${app.knownFailure.reason}`;
        return;
      }
      await proveApp(docker, app, row, t);
      row.verdict = 'yes';
    });
  }
});
