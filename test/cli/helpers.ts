import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import packageJson from '../../package.json';

export const repoRoot = path.resolve(__dirname, '..', '..');
/** The built executable, where package.json's `bin` points (test/run.mjs builds before the suites). */
export const cliBin = path.join(repoRoot, packageJson.bin['dockerfile-stages']);

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly input?: string;
  readonly env?: Record<string, string | undefined>;
  /** The node arguments that start the CLI; the built executable by default. */
  readonly entry?: readonly string[];
}

/** Runs the built CLI as a separate process, as a shell or CI would, never on a terminal. */
export function runCli(args: readonly string[], options: RunOptions = {}): CliRun {
  const result = spawnSync(process.execPath, [...(options.entry ?? [cliBin]), ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary folder holding the given files (paths relative to it); removed by `remove()`. */
export function workspace(files: Record<string, string>): { readonly root: string; remove(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'dockerfile-stages-cli-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** A finding line of the text format, without its message. */
export function textLocations(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => /^(\S+:\d+:\d+: \w+ \S+) /.exec(line)?.[1])
    .filter((line): line is string => line !== undefined);
}
