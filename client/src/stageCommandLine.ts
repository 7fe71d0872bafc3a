/** The stage code lenses' command lines, and whether Docker is there to run them: no VS Code API, so tests load it. */
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import type { StageBuildArguments } from '../../server/src/protocol';

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

/** The image tag a stage is built under: one per stage, so a run starts what was just built. */
export function stageImageTag(stage: string): string {
  return `dockerfile-stages/${stage.toLowerCase().replace(/[^a-z0-9_.-]/g, '-')}:latest`;
}

/** A word for a POSIX shell: quoted unless it is plainly safe. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line a lens runs; `run` adds `docker run` of the built image. */
export function stageCommandLine(args: StageBuildArguments, run: boolean): string {
  const tag = stageImageTag(args.stage);
  const build = ['docker', 'build', '--target', args.stage, '-f', args.dockerfile, '-t', tag, args.context].map(shellWord).join(' ');
  return run ? `${build} && ${['docker', 'run', '--rm', '-it', tag].map(shellWord).join(' ')}` : build;
}
