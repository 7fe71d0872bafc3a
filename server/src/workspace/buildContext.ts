import { lstat, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTEXT_FILE_PATTERN, CONTEXT_FILES, CONTEXT_FOLDERS, NAME_ONLY_FILES, NO_CONTEXT, RESTRICTED_CONTEXT, type BuildContext } from '../analysis/convert/context';
import { MAX_MEMBERS, memberManifests } from '../analysis/convert/members';
import { readRegularFile } from './regularFile';
import { OutsideStateStore } from './outsideStateStore';

/** The context's own ignore file, which BuildKit reads when the Dockerfile has none of its own. */
const CONTEXT_IGNORE_FILE = '.dockerignore';

/** A project or ignore file larger than this is not one anyone writes by hand: it is left unread. */
const MAX_FILE_BYTES = 256 * 1024;
/** Names listed per folder; a context root with more is listed only this far. */
const MAX_ENTRIES = 500;

/**
 * Reads a build context folder: the project files of CONTEXT_FILES and CONTEXT_FILE_PATTERN in
 * its root (regular files only, symbolic links are not followed), the names in the root and in
 * CONTEXT_FOLDERS, the manifests of the members the root manifests name, and the ignore file
 * BuildKit applies: `<dockerfile>.dockerignore` when `dockerfile` is given and has one, else the
 * root's `.dockerignore`. It opens nothing else: no node_modules, target or
 * .git, no recursion, and it runs nothing. A file that cannot be read is left out, as if it were
 * not there, and so is a missing folder.
 */
export async function readBuildContext(root: string, dockerfile?: string): Promise<BuildContext> {
  const rootNames = await listFolder(root);
  const entries = [...rootNames];
  for (const folder of CONTEXT_FOLDERS) {
    if (!rootNames.includes(`${folder.split('/')[0]}/`)) continue;
    entries.push(...(await listFolder(path.join(root, ...folder.split('/')))).map((name) => `${folder}/${name}`));
  }
  const wanted = rootNames.filter((name) => CONTEXT_FILES.includes(name) || CONTEXT_FILE_PATTERN.test(name));
  const files: Record<string, string> = {};
  for (const name of wanted) {
    if (NAME_ONLY_FILES.has(name)) continue;
    const text = await readSmallFile(path.join(root, name));
    if (text !== undefined) files[name] = text;
  }
  await readMembers(root, files, entries);
  // Read whether or not the listing reached it: a large root is listed only in part.
  const dockerignore = (dockerfile === undefined ? undefined : await readIgnoreFile(`${dockerfile}.dockerignore`)) ?? (await readIgnoreFile(path.join(root, CONTEXT_IGNORE_FILE)));
  return dockerignore === undefined ? { state: 'read', files, entries } : { state: 'read', files, entries, dockerignore };
}

/**
 * The manifests of the members the root manifests name (a Cargo workspace's crates, Maven
 * modules, Gradle subprojects), and the names in each member's `src/` (a crate's `main.rs`):
 * at most MAX_MEMBERS folders in all, `dir/*` listed one level deep.
 */
async function readMembers(root: string, files: Record<string, string>, entries: string[]): Promise<void> {
  let budget = MAX_MEMBERS;
  for (const { folders, manifests } of memberManifests({ state: 'read', files, entries })) {
    for (const pattern of folders) {
      const expanded = pattern.endsWith('/*')
        ? (await listFolder(path.join(root, ...pattern.slice(0, -2).split('/')))).filter((name) => name.endsWith('/')).map((name) => `${pattern.slice(0, -1)}${name.slice(0, -1)}`)
        : [pattern];
      for (const folder of expanded.slice(0, budget)) {
        budget -= 1;
        // Each part of the member's path is a real folder: a link could lead out of the context.
        if (!(await isPlainFolder(root, folder))) continue;
        for (const manifest of manifests) {
          const text = await readSmallFile(path.join(root, ...folder.split('/'), manifest));
          if (text !== undefined) files[`${folder}/${manifest}`] = text;
        }
        if (manifests.includes('Cargo.toml')) entries.push(...(await listFolder(path.join(root, ...folder.split('/'), 'src'))).map((name) => `${folder}/src/${name}`));
      }
    }
  }
}

async function isPlainFolder(root: string, relative: string): Promise<boolean> {
  let folder = root;
  for (const part of relative.split('/')) {
    folder = path.join(folder, part);
    const stats = await lstat(folder).catch(() => undefined);
    if (!stats?.isDirectory()) return false;
  }
  return true;
}

async function listFolder(folder: string): Promise<string[]> {
  try {
    const dirents = await readdir(folder, { withFileTypes: true });
    return dirents.slice(0, MAX_ENTRIES).map((dirent) => (dirent.isDirectory() ? `${dirent.name}/` : dirent.name));
  } catch {
    return [];
  }
}

function readSmallFile(file: string): Promise<string | undefined> {
  return readRegularFile(file, { followLinks: false, maxBytes: MAX_FILE_BYTES });
}

/** An ignore file is followed through a symbolic link, as Docker reads it, to a regular file only. */
function readIgnoreFile(file: string): Promise<string | undefined> {
  return readRegularFile(file, { maxBytes: MAX_FILE_BYTES });
}

/**
 * The build context of each open Dockerfile, the folder it is in, which the conversion and the
 * rules both take: read only in a trusted workspace and only for files on disk. A document's
 * context is read once per version of the document, since code actions ask again at every cursor
 * move, and again after `clear`, when a watched ignore file changed on disk.
 */
export class BuildContextReader {
  private readonly byDocument = new OutsideStateStore<{ readonly version: number; readonly context: Promise<BuildContext> }>();

  constructor(private readonly readingAllowed: boolean) {}

  forDocument(uri: string, version: number): Promise<BuildContext> {
    if (!uri.startsWith('file:')) return Promise.resolve(NO_CONTEXT);
    if (!this.readingAllowed) return Promise.resolve(RESTRICTED_CONTEXT);
    const read = () => {
      const dockerfile = fileURLToPath(uri);
      return { version, context: readBuildContext(path.dirname(dockerfile), dockerfile) };
    };
    return this.byDocument.get(uri, read, (kept) => kept.version === version).context;
  }

  /** Call when a document is closed. */
  forget(uri: string): void {
    this.byDocument.forget(uri);
  }

  /** Call when a watched file changed: every context is read again when next asked for. */
  clear(): void {
    this.byDocument.clear();
  }
}
