import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';

/** What the CLI analyses: a file on disk, or standard input under a display name. */
export type CliInput =
  | { readonly kind: 'file'; readonly display: string; readonly path: string }
  | {
      readonly kind: 'stdin';
      readonly display: string;
      /** Where settings are looked up for it (`--stdin-filename`), when given. */
      readonly path?: string;
    };

export interface Discovery {
  readonly inputs: readonly CliInput[];
  /** Paths that could not be read or listed, as messages for stderr. */
  readonly problems: readonly string[];
}

export const stdinDisplayName = '<stdin>';

/** Folders never searched: dependencies and version control hold other people's Dockerfiles. */
const skippedFolders = new Set(['node_modules', '.git']);

/**
 * The names VS Code takes for Dockerfiles (package.json's `filenames` and `filenamePatterns`),
 * compared as VS Code compares them: without regard to case, so `api.Dockerfile`,
 * `dockerfile.dev` and `CONTAINERFILE` count.
 */
export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    lower.startsWith('dockerfile.') ||
    lower.startsWith('containerfile.') ||
    (lower.endsWith('.dockerfile') && lower.length > '.dockerfile'.length)
  );
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

export function ioProblem(display: string, error: unknown): string {
  return `${display}: ${describeError(error)}`;
}

async function searchFolder(folder: string, display: string, found: CliInput[], problems: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    problems.push(ioProblem(display, error));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const entryPath = path.join(folder, entry.name);
    const entryDisplay = path.join(display, entry.name);
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name)) await searchFolder(entryPath, entryDisplay, found, problems);
      continue;
    }
    if (!isDockerfileName(entry.name)) continue;
    // A link to a Dockerfile is linted; links to folders are not followed, so no cycle is possible.
    if (entry.isFile() || (entry.isSymbolicLink() && (await stat(entryPath).catch(() => undefined))?.isFile())) {
      found.push({ kind: 'file', display: entryDisplay, path: entryPath });
    }
  }
}

/**
 * Expands the PATH arguments in order: `-` is standard input, a folder yields the Dockerfiles
 * below it (sorted, skipping node_modules and .git), anything else is read as a Dockerfile
 * whatever its name, so an explicit path or a process substitution is never silently skipped.
 */
export async function discoverInputs(args: readonly string[], cwd: string, stdinFilename?: string): Promise<Discovery> {
  const inputs: CliInput[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (input: CliInput): void => {
    const key = input.kind === 'file' ? input.path : '-';
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push(input);
  };

  for (const arg of args) {
    if (arg === '-') {
      add(
        stdinFilename === undefined
          ? { kind: 'stdin', display: stdinDisplayName }
          : { kind: 'stdin', display: stdinFilename, path: path.resolve(cwd, stdinFilename) },
      );
      continue;
    }
    const absolute = path.resolve(cwd, arg);
    let stats;
    try {
      stats = await stat(absolute);
    } catch (error) {
      problems.push(ioProblem(arg, error));
      continue;
    }
    if (stats.isDirectory()) {
      const found: CliInput[] = [];
      await searchFolder(absolute, arg, found, problems);
      found.forEach(add);
    } else {
      add({ kind: 'file', display: arg, path: absolute });
    }
  }
  return { inputs, problems };
}
