import { constants, open } from 'node:fs/promises';

/**
 * The text of a regular file, or undefined when there is none at that path or it is something
 * else: a named pipe (FIFO) would block the read until something writes to it, for ever if
 * nothing does, and a device may never end. Opened without blocking and checked once open, so
 * the path cannot change in between.
 */
export async function readRegularFile(file: string): Promise<string | undefined> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (!handle) return undefined;
  try {
    if (!(await handle.stat()).isFile()) return undefined;
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
