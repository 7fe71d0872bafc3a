import { constants, lstat, open, stat } from 'node:fs/promises';

export interface RegularFileOptions {
  /** Whether a symbolic link is followed to what it names (which must then be a regular file); true unless said. */
  readonly followLinks?: boolean;
  /** A larger file is left unread; unbounded unless said. */
  readonly maxBytes?: number;
}

/**
 * The text of a regular file, or undefined when there is none at that path, it is something else,
 * or it is larger than `maxBytes`: a named pipe (FIFO) would block the read until something
 * writes to it, for ever if nothing does, and a device may never end. The path is checked before
 * it is opened, so a pipe or a device is never opened at all, then opened without blocking and
 * checked again once open, as the path can change in between.
 */
export async function readRegularFile(file: string, { followLinks = true, maxBytes = Number.POSITIVE_INFINITY }: RegularFileOptions = {}): Promise<string | undefined> {
  const found = await (followLinks ? stat(file) : lstat(file)).catch(() => undefined);
  if (!found?.isFile() || found.size > maxBytes) return undefined;
  const noFollow = followLinks ? 0 : (constants.O_NOFOLLOW ?? 0);
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | noFollow).catch(() => undefined);
  if (!handle) return undefined;
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.size > maxBytes) return undefined;
    // Read no further than the size it had when checked: a file that grows meanwhile is not followed.
    const buffer = Buffer.alloc(opened.size);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.toString('utf8', 0, filled);
  } finally {
    await handle.close();
  }
}
