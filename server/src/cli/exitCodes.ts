/** The exit codes of the command line contract (docs/cli.md); scripts and CI rely on them. */
export const ExitCode = {
  /** Nothing at or above the requested severity. */
  clean: 0,
  /** At least one finding at or above the requested severity. */
  findings: 1,
  /** A usage error (unknown flag, bad value) or a file that could not be read. */
  usageOrIo: 2,
  /** `convert`: nothing to convert (already multi-stage, or nothing is built); the file is left as it is. */
  nothingToConvert: 3,
} as const;

/** How every error message of the command line starts, whichever part of it reports the error. */
export const errorPrefix = 'dockerfile-stages:';

/** A failure the user can act on: reported as one line on stderr, then the process exits with 2. */
export class CliError extends Error {}
