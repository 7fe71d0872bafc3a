// Dev-only cross-check of our shell reader against a real shell parser (mvdan/sh, see
// referenceShell.ts) on every RUN of the fixture corpus: the Dockerfiles under test/fixtures
// (the corpus, the platform corpus, the apps, the conversions and the BuildKit checks). For each
// RUN both must find the same commands in the same order (so the same splits at `&&`, `||`, `;`,
// pipes and newlines, the same scripts of `sh -c` and heredocs) with the same words, quotes
// removed. A disagreement fails unless ALLOWED below lists it with the reason it is accepted.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRun, parseShellScript, type ShellCommand } from '../../../server/src/analysis/shell';
import { corpusFiles, corpusRuns, type CorpusRun } from '../../shellCorpus';
import { referenceCommands, referenceExecCommands, ReferenceParseError, WRAPPERS, type ReferenceCommand } from './referenceShell';

/**
 * Disagreements accepted, by `file:line` of the RUN (file relative to test/fixtures), each with why.
 * An entry that no longer disagrees fails the test, so the list only ever holds real differences.
 */
const ALLOWED: Readonly<Record<string, string>> = {
  'buildkit-checks/realworld-nx-indented/Dockerfile:18':
    'broken on purpose: a continuation swallows the EXPOSE below, so the shell rejects the unclosed `if`; our reader reads the commands it can, as an editor must while the user types',
  'platform-corpus/moby-moby/Dockerfile:44':
    'a `case` pattern with alternatives (`amd64|armhf|ppc64*|s390x)`): our scan splits at the `|`, so each later alternative reads as a one-word command; no rule acts on a lone architecture name, and the commands in the branch are still found',
  'platform-corpus/moby-moby/Dockerfile:159': 'a `case` pattern with alternatives (`amd64|arm64)`), as above',
  'platform-corpus/ollama-ollama/Dockerfile:90':
    'a `case` inside `$(…)` inside a word: the pattern `x86_64)` closes the substitution early for our scan, so the URL argument is cut there; the command (`curl`) and the pipe into `tar` are still found',
};

/** Why our commands and the reference's differ, or undefined when they agree. */
function disagreement(ours: readonly ShellCommand[], reference: readonly ReferenceCommand[]): string | undefined {
  const show = (words: readonly string[]) => JSON.stringify(words);
  for (let index = 0; index < Math.max(ours.length, reference.length); index++) {
    const argv = ours[index]?.argv;
    const expected = reference[index];
    if (!argv || !expected) {
      return `command ${index + 1}: ours ${argv ? show(argv) : 'none'}, the shell's ${expected ? show(expected.words) : 'none'}`;
    }
    // Our reader looks through wrappers (sudo, env, ...): its words are the end of the shell's.
    const dropped = expected.words.slice(0, expected.words.length - argv.length);
    const suffix = expected.words.slice(expected.words.length - argv.length);
    const wrapped = dropped.length === 0 || WRAPPERS.has(dropped[0].slice(dropped[0].lastIndexOf('/') + 1));
    if (argv.length > expected.words.length || !wrapped || show(suffix) !== show(argv)) {
      return `command ${index + 1}: ours ${show(argv)}, the shell's ${show(expected.words)}`;
    }
    for (const [name, value] of Object.entries(expected.assigns)) {
      const ourValue = ours[index].env[name];
      if (ourValue !== value) {
        return `command ${index + 1} ${show(argv)}: ${name} is ${JSON.stringify(ourValue)} to us, ${JSON.stringify(value)} to the shell`;
      }
    }
  }
  return undefined;
}

function compare(corpusRun: CorpusRun): string | undefined {
  const { model, run, shell, exec, script } = corpusRun;
  try {
    return disagreement(parseRun(model, run, shell).commands, exec ? referenceExecCommands(exec) : referenceCommands(script));
  } catch (error) {
    if (error instanceof ReferenceParseError) return `the shell parser rejects it: ${error.message}`;
    throw error;
  }
}

describe('our shell reader against mvdan/sh on the fixture corpus', () => {
  const runs = corpusRuns();

  test('the comparison sees a command split differently, a word unquoted differently and a command missed', () => {
    const script = `sudo sh -c 'apt-get update && apt-get install -y "a b"' | tee log`;
    assert.equal(disagreement(parseShellScript(script), referenceCommands(script)), undefined);
    assert.match(disagreement(parseShellScript('echo a && b'), referenceCommands('echo a b')) ?? '', /command 1: ours \["echo","a"\]/);
    assert.match(disagreement(parseShellScript(`echo 'a b'`), referenceCommands('echo a b')) ?? '', /ours \["echo","a b"\]/);
    assert.match(disagreement(parseShellScript('cat <<EOF\nx\nEOF'), referenceCommands('bash <<EOF\nmake\nEOF')) ?? '', /ours \["cat"\]/);
  });

  test('the corpus holds the corpus, the platform corpus and the apps, and hundreds of RUNs', () => {
    const folders = new Set(corpusFiles().map((file) => file.split('/')[0]));
    for (const folder of ['apps', 'corpus', 'platform-corpus']) assert.ok(folders.has(folder), `no Dockerfile under test/fixtures/${folder}`);
    assert.ok(runs.length >= 500, `only ${runs.length} RUNs`);
  });

  test('every RUN: the same commands and words, or an allowed difference', () => {
    const found = new Map<string, string>();
    for (const corpusRun of runs) {
      const difference = compare(corpusRun);
      if (difference !== undefined) found.set(corpusRun.key, difference);
    }
    const unexpected = [...found].filter(([key]) => !(key in ALLOWED)).map(([key, difference]) => `${key}: ${difference}`);
    assert.deepEqual(unexpected, [], `${unexpected.length} disagreements with the shell parser`);
    const stale = Object.keys(ALLOWED).filter((key) => !found.has(key));
    assert.deepEqual(stale, [], 'allowed differences that no longer occur');
  });
});
