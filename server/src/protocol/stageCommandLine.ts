/**
 * The command lines the stage code lenses run: the client runs them in a task, and the server
 * shows the same text in the lens's tooltip, so what is shown is what runs.
 */
import type { StageBuildArguments } from './index';

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
