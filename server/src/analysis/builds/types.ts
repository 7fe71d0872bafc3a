import type { Range } from 'vscode-languageserver-types';

/** The kinds of file that build Dockerfiles elsewhere in a workspace. */
export type BuildFileKind = 'compose' | 'bake' | 'devcontainer' | 'workflow' | 'script';

/** A value written in a build file, with where it stands. */
export interface BuildValue {
  readonly value: string;
  readonly range: Range;
}

/**
 * One build as written, before paths are resolved. `dockerfile` is read relative to the context
 * (Compose, Bake) or to the folder the command runs in (`docker build -f`, build-push-action,
 * devcontainer.json), as each tool reads it.
 */
export interface WrittenBuild {
  /** The service, Bake target or step that builds, for messages. */
  readonly name: string;
  readonly context?: string;
  readonly dockerfile?: BuildValue;
  readonly dockerfileFrom: 'context' | 'origin';
  readonly target?: BuildValue;
  /** Where the build stands in the file when it writes neither a Dockerfile nor a target. */
  readonly range: Range;
}

/** A build with its Dockerfile's absolute path: what the workspace index keeps. */
export interface Build {
  /** The build file's absolute path. */
  readonly file: string;
  readonly name: string;
  /** The Dockerfile's absolute path. */
  readonly dockerfile: string;
  readonly dockerfileValue?: BuildValue;
  /** The build's context folder, absolute. */
  readonly context: string;
  /** The stage built; undefined builds the last stage. */
  readonly target?: BuildValue;
  readonly range: Range;
}

/** A stage a build elsewhere builds from a Dockerfile: undefined `target` is its last stage. */
export interface BuiltTarget {
  readonly target: string | undefined;
  /** The build file's absolute path. */
  readonly file: string;
  /** Where the build file names the target (or the build, when it names none). */
  readonly range: Range;
}

/**
 * A value that names a path or target only through a variable (`${TAG}`, `$(DIR)`, `${{ matrix.t }}`)
 * is left unjudged: what it becomes is decided when the build runs.
 */
export function isLiteralValue(value: string): boolean {
  return !value.includes('$');
}
