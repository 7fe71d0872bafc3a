/**
 * BuildKit's build checks (moby/buildkit frontend/dockerfile/linter/ruleset.go), with the
 * `docker/dockerfile:1.N` frontend that first ran each one. A `# syntax=docker/dockerfile:1.N`
 * pin decides which of them exist for a file; `# check=experimental=` turns on the experimental ones.
 * The versions are those of the frontend's release notes (docs/buildkit-agreement.md lists the source of each).
 */
export interface BuildKitCheck {
  readonly name: string;
  /** The minor version N of the first `docker/dockerfile:1.N` frontend with the check. */
  readonly since: number;
  /** Reported only when `# check=experimental=<name>` (or `all`) enables it. */
  readonly experimental?: boolean;
  /** Why dockerfile-stages does not report it, for a check that cannot be done offline. */
  readonly notDone?: string;
}

export const buildKitChecks: readonly BuildKitCheck[] = [
  { name: 'StageNameCasing', since: 8 },
  { name: 'FromAsCasing', since: 8 },
  { name: 'NoEmptyContinuation', since: 8 },
  { name: 'ConsistentInstructionCasing', since: 8 },
  { name: 'DuplicateStageName', since: 8 },
  { name: 'ReservedStageName', since: 8 },
  { name: 'JSONArgsRecommended', since: 8 },
  { name: 'MaintainerDeprecated', since: 8 },
  { name: 'UndefinedArgInFrom', since: 8 },
  { name: 'WorkdirRelativePath', since: 8 },
  { name: 'UndefinedVar', since: 8 },
  { name: 'MultipleInstructionsDisallowed', since: 8 },
  { name: 'LegacyKeyValueFormat', since: 8 },
  {
    name: 'InvalidBaseImagePlatform',
    since: 8,
    notDone: 'It compares the platform of the image a registry returns with the platform of the build; neither is known without pulling the image.',
  },
  { name: 'RedundantTargetPlatform', since: 9 },
  { name: 'SecretsUsedInArgOrEnv', since: 9 },
  { name: 'InvalidDefaultArgInFrom', since: 9 },
  { name: 'FromPlatformFlagConstDisallowed', since: 9 },
  { name: 'CopyIgnoredFile', since: 9, experimental: true },
  { name: 'InvalidDefinitionDescription', since: 11, experimental: true },
  { name: 'ExposeProtoCasing', since: 18 },
  { name: 'ExposeInvalidFormat', since: 18 },
];

/** The first frontend that reads `# check=experimental=` (moby/buildkit#5213); an older one rejects the option. */
export const EXPERIMENTAL_DIRECTIVE_SINCE = 10;

const byName = new Map(buildKitChecks.map((check) => [check.name, check]));

export function buildKitCheck(name: string): BuildKitCheck | undefined {
  return byName.get(name);
}
