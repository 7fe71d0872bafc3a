/**
 * The hostile corpus (test/fuzz/hostile.ts), each class at the 1 MB cap, against the shipped
 * server over stdio: every request an editor sends on the file, one at a time, with the server's
 * CPU time read from /proc around each. Printed per class: the worst request and its ratio to
 * the worst request on a plain file of the same size, measured in the same run. The target is on
 * the ratio, which the machine's load does not move: no class may cost more than twice a plain
 * file, whose worst request (the parse, which grows with the text) is what keeps
 * docs/security.md's promise of a prompt answer on files up to the size limit.
 *
 * `HOSTILE_CLASSES=<regular expression>` measures only the classes whose names it matches (and
 * the plain file), for working on a few classes without the whole run.
 */
import { documentLimits } from '../server/src/infra/limits';
import { hostileClasses, hostileFile, plainFile } from '../test/fuzz/hostile';
import { allRequests } from '../test/fuzz/requests';
import { formatMs, formatRatio, printTable, recordSummary } from './harness';
import { BenchServer, ours } from './lsp';

const ratioBudget = 2;
const size = documentLimits.maxCharacters;
const classFilter = new RegExp(process.env.HOSTILE_CLASSES ?? '');

interface Worst {
  readonly method: string;
  readonly cpuMs: number;
}

/**
 * Sends every request on `text`, one at a time, and returns the one that cost the server the most
 * CPU. The document is closed after, as each class is measured against the plain file measured
 * first: left open, every earlier class's megabyte would stay in the server's heap, which each
 * later class's garbage collection would then go over again, and the plain file's did not.
 */
async function worstRequest(server: BenchServer, name: string, text: string): Promise<Worst> {
  const uri = `file:///tmp/dockerfile-stages-bench/hostile/${encodeURIComponent(name)}/Dockerfile`;
  await server.open(uri, text);
  let worst: Worst = { method: '', cpuMs: 0 };
  for (const { method, params } of allRequests(uri, text, 1)) {
    const before = server.cpuMs();
    await server.request(method, params);
    const cpuMs = server.cpuMs() - before;
    if (cpuMs > worst.cpuMs) worst = { method, cpuMs };
  }
  await server.close(uri);
  return worst;
}

async function main(): Promise<void> {
  const server = await BenchServer.start(ours);
  try {
    const plain = await worstRequest(server, 'plain', plainFile(size));
    const rows: (string | number)[][] = [['plain file', plain.method, formatMs(plain.cpuMs), '1']];
    let missed = 0;
    for (const hostile of hostileClasses.filter(({ name }) => classFilter.test(name))) {
      const worst = await worstRequest(server, hostile.name, hostileFile(hostile, size));
      const ratio = worst.cpuMs / Math.max(plain.cpuMs, 10);
      rows.push([hostile.name, worst.method, formatMs(worst.cpuMs), formatRatio(ratio)]);
      const met = ratio <= ratioBudget;
      if (!met) missed++;
      recordSummary({
        measure: `hostile 1 MB, ${hostile.name}: worst request CPU (× plain file)`,
        ours: `${formatMs(worst.cpuMs)} ms (${formatRatio(ratio)}×)`,
        target: `≤ ${ratioBudget}× plain`,
        met,
      });
    }
    printTable(`Worst request per class at ${Math.round(size / 1024)} KB, server CPU ms (clock ticks of 10 ms), against a plain file of the same size`, ['class', 'worst request', 'CPU ms', '× plain'], rows);
    process.exitCode = missed === 0 ? 0 : 1;
  } finally {
    await server.stop();
  }
}

void main();
