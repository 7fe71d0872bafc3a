/** Names both sides of the connection agree on. The client imports this module for types and constants only. */

export const languageId = 'dockerfile';
export const serverName = 'Dockerfile Stages';
export const configurationSection = 'dockerfileStages';

/**
 * Files whose changes the client reports to the server (`workspace/didChangeWatchedFiles`):
 * `.hadolint.yaml`, and the ignore files of build contexts (`.dockerignore`,
 * `<Dockerfile>.dockerignore`), which the rules read.
 */
export const watchedConfigFiles = '**/{.hadolint.yaml,.hadolint.yml,.dockerignore,*.dockerignore}';

/**
 * The files that build Dockerfiles elsewhere (Compose, Bake, dev containers, workflows, Makefiles,
 * scripts), as globs: the client watches them, and the server asks for them as documents for its
 * build-file diagnostics, completion and definition only.
 */
export const buildFilePatterns: readonly string[] = [
  '**/compose.{yaml,yml}',
  '**/docker-compose*.{yaml,yml}',
  '**/docker-bake.{hcl,json}',
  '**/docker-bake.override.{hcl,json}',
  '**/{devcontainer,.devcontainer}.json',
  '**/.github/workflows/*.{yml,yaml}',
  '**/{Makefile,makefile,GNUmakefile,*.mk,*.sh}',
];

/** The client commands the stage code lenses run: `docker build --target`, and `docker run` of the result. */
export const buildStageCommand = 'dockerfileStages.buildStage';
export const runStageCommand = 'dockerfileStages.runStage';

/** What a stage code lens passes its command: the absolute paths and the stage to build. */
export interface StageBuildArguments {
  readonly dockerfile: string;
  readonly stage: string;
  /** The build context: where a workspace build of the stage sets it, else the Dockerfile's folder. */
  readonly context: string;
}

/** Sent by the client as `initializationOptions`. */
export interface InitializationOptions {
  /** Whether the workspace is trusted; only then does the server read files from it (.hadolint.yaml, the project files the conversion reads). */
  readonly workspaceTrusted: boolean;
}
