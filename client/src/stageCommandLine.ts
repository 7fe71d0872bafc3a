/** Whether Docker is there to run the stage code lenses' command lines: no VS Code API, so tests load it. */
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

/** Whether an executable named `docker` is on the PATH; never runs it. */
export function dockerOnPath(searchPath = process.env.PATH ?? '', extensions = process.platform === 'win32' ? ['.exe', '.cmd', ''] : ['']): boolean {
  return searchPath
    .split(path.delimiter)
    .filter((folder) => folder !== '')
    .some((folder) =>
      extensions.some((extension) => {
        try {
          accessSync(path.join(folder, `docker${extension}`), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
    );
}
