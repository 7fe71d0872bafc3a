import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildFileKind, buildsInFile } from '../analysis/builds/index';
import type { DockerfileLookup } from '../analysis/builds/check';
import type { Build, BuiltTarget } from '../analysis/builds/types';
import { DocumentModel } from '../analysis/documentModel';

/** Folders never searched: dependencies, version control and build outputs hold no builds of the workspace's own. */
const skippedFolders = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', 'target', 'vendor', '.venv', 'venv', '__pycache__', 'coverage', '.next', '.terraform']);

/** Bounds of one scan, so a huge workspace costs a bounded amount of reading. */
export interface ScanLimits {
  /** Directory entries looked at, over the whole scan. */
  readonly entries: number;
  /** Build files read. */
  readonly files: number;
  /** A larger build file is not read. */
  readonly fileBytes: number;
}

export const defaultScanLimits: ScanLimits = { entries: 50_000, files: 500, fileBytes: 1_000_000 };

export interface ScanSummary {
  readonly filesRead: number;
  /** True when a limit stopped the scan before it saw everything. */
  readonly truncated: boolean;
}

/**
 * The workspace's builds, by build file: Compose, Bake, dev container, workflow and script files
 * found by a bounded scan, then kept current file by file (watched changes and open documents).
 * Nothing found is ever run.
 */
export class BuildIndex {
  private readonly byFile = new Map<string, readonly Build[]>();
  /** `buildsOf` answers, kept while they stay the same, so memos keyed on them hold. */
  private readonly targetsByDockerfile = new Map<string, { readonly key: string; readonly targets: readonly BuiltTarget[] }>();

  constructor(private readonly limits: ScanLimits = defaultScanLimits) {}

  /** Reads every build file under `folders`, within the limits. */
  async scan(folders: readonly string[]): Promise<ScanSummary> {
    const budget = { entries: this.limits.entries, files: this.limits.files, truncated: false };
    for (const folder of folders) await this.scanFolder(folder, budget);
    return { filesRead: this.limits.files - budget.files, truncated: budget.truncated };
  }

  private async scanFolder(folder: string, budget: { entries: number; files: number; truncated: boolean }): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (budget.entries-- <= 0 || budget.files <= 0) {
        budget.truncated = true;
        return;
      }
      const entryPath = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) await this.scanFolder(entryPath, budget);
      } else if (entry.isFile() && buildFileKind(entryPath)) {
        budget.files--;
        await this.refresh(entryPath);
      }
    }
  }

  /** Reads one build file again from disk; a file gone or too large has no builds. */
  async refresh(filePath: string): Promise<void> {
    if (!buildFileKind(filePath)) return;
    try {
      if ((await stat(filePath)).size > this.limits.fileBytes) throw new Error('too large');
      this.update(filePath, await readFile(filePath, 'utf8'));
    } catch {
      this.byFile.delete(filePath);
    }
  }

  /** The builds of a build file's current text (an open document's, say). */
  update(filePath: string, text: string): readonly Build[] {
    const builds = buildsInFile(filePath, text);
    this.byFile.set(filePath, builds);
    return builds;
  }

  remove(filePath: string): void {
    this.byFile.delete(filePath);
  }

  buildsIn(filePath: string): readonly Build[] {
    return this.byFile.get(filePath) ?? [];
  }

  /** Every build of the Dockerfile at `dockerfileUri`. */
  buildsOfDockerfile(dockerfileUri: string): Build[] {
    if (!dockerfileUri.startsWith('file:')) return [];
    const dockerfile = fileURLToPath(dockerfileUri);
    return [...this.byFile.values()].flatMap((builds) => builds.filter((build) => build.dockerfile === dockerfile));
  }

  /**
   * The stages the workspace builds from the Dockerfile at `dockerfileUri`, with where each is
   * named. The same array comes back until what it holds changes.
   */
  buildsOf(dockerfileUri: string): readonly BuiltTarget[] {
    const targets = this.buildsOfDockerfile(dockerfileUri).map((build) => ({ target: build.target?.value, file: build.file, range: build.target?.range ?? build.range }));
    const key = JSON.stringify(targets);
    const kept = this.targetsByDockerfile.get(dockerfileUri);
    if (kept?.key === key) return kept.targets;
    this.targetsByDockerfile.set(dockerfileUri, { key, targets });
    return targets;
  }

  /** Every Dockerfile some build names, as a key that changes when any build's Dockerfile or target does. */
  signature(): string {
    return JSON.stringify([...this.byFile.values()].flatMap((builds) => builds.map((build) => [build.dockerfile, build.target?.value ?? null])).sort());
  }

  /** The build files that build the Dockerfile at `dockerfileUri`. */
  buildFilesOf(dockerfileUri: string): string[] {
    return [...new Set(this.buildsOfDockerfile(dockerfileUri).map((build) => build.file))];
  }

  /** Every build file the index holds builds for. */
  files(): string[] {
    return [...this.byFile.keys()].filter((file) => (this.byFile.get(file)?.length ?? 0) > 0);
  }
}

/**
 * A Dockerfile's text: the editor's when it has it open (`openText`), else the disk's; 'missing'
 * when there is no such file, undefined when it cannot be read for another reason.
 */
export async function readDockerfile(dockerfile: string, openText: string | undefined): Promise<string | 'missing' | undefined> {
  if (openText !== undefined) return openText;
  try {
    return await readFile(dockerfile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' ? 'missing' : undefined;
  }
}

/** What the build-file checks know of a Dockerfile: whether it exists, and its stage names. */
async function lookUpDockerfile(dockerfile: string, openText: string | undefined): Promise<DockerfileLookup> {
  const text = await readDockerfile(dockerfile, openText);
  if (text === undefined) return undefined;
  if (text === 'missing') return { exists: false };
  const model = new DocumentModel(pathToFileURL(dockerfile).href, 0, text);
  return { exists: true, stageNames: model.stageModel.stages.flatMap((stage) => (stage.name ? [stage.name] : [])) };
}

/** Every Dockerfile the builds name, each looked up once. */
export async function lookUpDockerfiles(builds: readonly Build[], openText: (dockerfile: string) => string | undefined): Promise<Map<string, DockerfileLookup>> {
  const lookups = new Map<string, DockerfileLookup>();
  for (const build of builds) {
    if (!lookups.has(build.dockerfile)) lookups.set(build.dockerfile, await lookUpDockerfile(build.dockerfile, openText(build.dockerfile)));
  }
  return lookups;
}
