// The CPU the hostile corpus (issue 21) costs the server, counted in operations (operationCount.ts),
// not seconds: for each class, the requests VS Code sends by itself on opening the file, counted at
// two sizes, grow no faster than the size, and at the larger size cost at most a few times what
// they cost on a plain file of that size. How long they take is `npm run bench hostile`'s.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hostileClasses, hostileFile, plainFile } from '../fuzz/hostile';
import { openRequests } from '../fuzz/requests';
import { assertLinearGrowth, countingServerCommand, OperationCounter, reportedOperations } from './operationCount';
import { pullClientCapabilities, ServerProcess } from './serverProcess';

const otherUri = 'file:///work/app/Dockerfile';
const sizes = [50 * 1024, 500 * 1024] as const;
/** How many times a plain file's operations a hostile file of the same size may cost: the heaviest class (a heredoc the library formats) costs about half of it. */
const plainBudget = 4;

interface Counted {
  readonly size: number;
  readonly operations: number;
}

describe('the hostile corpus, CPU counted in operations', () => {
  let server: ServerProcess;
  let files = 0;

  /** The operations the server runs on the next signal's report, once it has come. */
  async function report(): Promise<number> {
    const reported = reportedOperations(server.stderr()).length;
    server.signal('SIGUSR2');
    await server.waitFor('the count of operations', () => reportedOperations(server.stderr()).length > reported);
    return reportedOperations(server.stderr())[reported];
  }

  /** The operations the requests on opening `text` cost the server. */
  async function openingCost(text: string): Promise<Counted> {
    const uri = `file:///work/counted/${files++}/Dockerfile`;
    await server.open(uri, text);
    // Answered after the open is handled (messages are handled in order), so the count below starts after it.
    await server.request('textDocument/foldingRange', { textDocument: { uri: otherUri } });
    await report();
    await Promise.all(openRequests(uri).map(({ method, params }) => server.request(method, params)));
    const operations = await report();
    await server.close(uri);
    return { size: text.length, operations };
  }

  const plain: Counted[] = [];
  before(async () => {
    server = await ServerProcess.start({ command: countingServerCommand, capabilities: pullClientCapabilities });
    await server.open(otherUri, 'FROM alpine:3.20\n');
    for (const size of sizes) plain.push(await openingCost(plainFile(size)));
  });
  after(() => server.stop());

  test('a plain file: grows with its size', () => {
    assertLinearGrowth('plain file', plain[0], plain[1]);
  });

  for (const hostile of hostileClasses) {
    test(`${hostile.name}: grows with its size, at most ${plainBudget} times a plain file`, async (context) => {
      const small = await openingCost(hostileFile(hostile, sizes[0]));
      const large = await openingCost(hostileFile(hostile, sizes[1]));
      const timesPlain = large.operations / plain[1].operations;
      context.diagnostic(`${small.operations} operations at ${small.size} characters, ${large.operations} at ${large.size}: ${timesPlain.toFixed(2)} × a plain file`);
      assertLinearGrowth(hostile.name, small, large);
      assert.ok(timesPlain <= plainBudget, `${timesPlain.toFixed(2)} times the ${plain[1].operations} operations of a plain file`);
    });
  }
});

// The counter and the check catch what they are there for: a step that scans every earlier line for
// each line (as a FROM that scanned every stage did) fails, the same step over a running index passes.
describe('counting operations', () => {
  const counter = new OperationCounter();
  before(() => counter.start());

  const lines = (count: number): string[] => Array.from({ length: count }, (_, index) => `FROM s${index % 7} AS s${index % 5}`);
  function scanEarlier(all: readonly string[]): number {
    let named = 0;
    for (let line = 0; line < all.length; line++) for (let earlier = 0; earlier < line; earlier++) if (all[earlier].endsWith(all[line].slice(5, 7))) named++;
    return named;
  }
  function indexEarlier(all: readonly string[]): number {
    const seen = new Map<string, number>();
    let named = 0;
    for (const line of all) {
      named += seen.get(line.slice(5, 7)) ?? 0;
      const name = line.slice(-2);
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
    return named;
  }
  function counted(step: (all: readonly string[]) => number, count: number): { size: number; operations: number; answer: number } {
    const all = lines(count);
    counter.take();
    const answer = step(all);
    return { size: count, operations: counter.take(), answer };
  }

  test('a quadratic step fails the check of linear growth, a linear one with the same answers passes', () => {
    const [quadraticSmall, quadraticLarge] = [counted(scanEarlier, 200), counted(scanEarlier, 2000)];
    const [linearSmall, linearLarge] = [counted(indexEarlier, 200), counted(indexEarlier, 2000)];
    assert.deepEqual([linearSmall.answer, linearLarge.answer], [quadraticSmall.answer, quadraticLarge.answer]);
    assert.throws(() => assertLinearGrowth('scanning every earlier line', quadraticSmall, quadraticLarge), /times faster than the size/);
    assertLinearGrowth('a running index', linearSmall, linearLarge);
  });
});
