import { randomBytes } from 'node:crypto';
import { lstat, open, readlink, realpath, rename, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';

export interface WriteBesideOptions {
  /** Write to the file a symbolic link points to, keeping the link; otherwise a link is refused. */
  readonly followSymlinks: boolean;
}

/** Why a file cannot be written back as asked; the caller says so and exits 2. */
export class WriteRefused extends Error {}

/**
 * Replaces the file at `file` with `text` without ever leaving it cut off: the text goes to a new
 * file in the same folder (so the rename stays on one filesystem), which is flushed to disk and
 * then renamed over the original. On a full disk or any other failure the original is untouched
 * and the temporary file removed. The original's permission bits are kept. Returns the path that
 * was replaced, which is the link's target when a symbolic link was followed.
 */
export async function writeBeside(file: string, text: string, options: WriteBesideOptions): Promise<string> {
  const target = await resolveTarget(file, options);
  const { mode } = await stat(target);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', mode & 0o7777);
    try {
      await handle.writeFile(text);
      // The umask may have narrowed the mode open() was given.
      await handle.chmod(mode & 0o7777);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  return target;
}

async function resolveTarget(file: string, options: WriteBesideOptions): Promise<string> {
  if (!(await lstat(file)).isSymbolicLink()) return file;
  if (!options.followSymlinks) {
    throw new WriteRefused(`${file} is a symbolic link (to ${await readlink(file)}); --write replaces files, not links: pass --follow-symlinks to write the file it points to`);
  }
  return realpath(file);
}
