/** Names both sides of the connection agree on. The client imports this module for types and constants only. */

export const languageId = 'dockerfile';
export const serverName = 'Dockerfile Stages';
export const configurationSection = 'dockerfileStages';

/** Files whose changes the client reports to the server (`workspace/didChangeWatchedFiles`). */
export const watchedConfigFiles = '**/.hadolint.{yaml,yml}';

/** Sent by the client as `initializationOptions`. */
export interface InitializationOptions {
  /** Whether the workspace is trusted; only then does the server read files from it (.hadolint.yaml, the project files the conversion reads). */
  readonly workspaceTrusted: boolean;
}
