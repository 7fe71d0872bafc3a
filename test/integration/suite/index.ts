import { readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

/** test/host/extension-tests.mjs reads this line from the forwarded console to report the counts. */
const resultMarker = 'dockerfile-stages integration result:';

/** Entry point VS Code's extension host calls for `extensionTestsPath`; it rejects when a test fails. */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  let passed = 0;
  const failed = await new Promise<number>((resolve) => {
    mocha.run(resolve).on('pass', () => passed++);
  });
  console.log(`${resultMarker} ${JSON.stringify({ passed, failed })}`);
  if (failed > 0) throw new Error(`${failed} integration test(s) failed`);
}
