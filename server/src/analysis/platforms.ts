/**
 * Build platforms as BuildKit writes and normalizes them (containerd's `platforms` package):
 * `os/arch[/variant]`, with architecture aliases folded (`x86_64` is `amd64`, `aarch64` is
 * `arm64`) and the default variants filled in or dropped (`linux/arm` is `linux/arm/v7`,
 * `linux/arm64/v8` is `linux/arm64`).
 */
export interface Platform {
  readonly os: string;
  readonly architecture: string;
  /** Empty when the architecture has none. */
  readonly variant: string;
}

/**
 * The platforms the editor and the CLI judge a Dockerfile for when none is configured: the Linux
 * platforms Docker's own projects and official images publish. The first is the one a plain
 * `docker build` on a common machine targets.
 */
export const defaultPlatformNames: readonly string[] = [
  'linux/amd64',
  'linux/arm64',
  'linux/arm/v7',
  'linux/arm/v6',
  'linux/386',
  'linux/ppc64le',
  'linux/s390x',
  'linux/riscv64',
];

const architectureAliases: Readonly<Record<string, string>> = {
  x86_64: 'amd64',
  'x86-64': 'amd64',
  aarch64: 'arm64',
  armhf: 'arm',
  armel: 'arm',
  i386: '386',
  i686: '386',
};

function normalizeVariant(architecture: string, variant: string): string {
  const bare = variant.toLowerCase();
  switch (architecture) {
    case 'arm':
      if (bare === '') return 'v7';
      return /^\d+$/.test(bare) ? `v${bare}` : bare;
    case 'arm64':
      return bare === '8' || bare === 'v8' ? '' : bare;
    case 'amd64':
      return bare === 'v1' ? '' : bare;
    default:
      return bare;
  }
}

/** The platform `text` names, normalized; undefined when it is not `os/arch[/variant]`. */
export function parsePlatform(text: string): Platform | undefined {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => !/^[A-Za-z0-9_.-]+$/.test(part))) return undefined;
  const os = parts[0].toLowerCase();
  const rawArchitecture = parts[1].toLowerCase();
  const architecture = architectureAliases[rawArchitecture] ?? rawArchitecture;
  return { os, architecture, variant: normalizeVariant(architecture, parts[2] ?? '') };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter((part) => part !== '').join('/');
}

/**
 * Whether BuildKit can give the automatic platform ARG `name` this value. It normalizes the
 * platform first, so `TARGETARCH` is never `i386` or `x86_64` (they become `386` and `amd64`)
 * and `TARGETOS` never has capitals: a stage named for such a value is built by no platform.
 */
export function isNormalizedPlatformValue(name: string, value: string): boolean {
  if (name.endsWith('ARCH')) return parsePlatform(`linux/${value}`)?.architecture === value;
  if (name.endsWith('PLATFORM')) {
    const platform = parsePlatform(value);
    return platform !== undefined && formatPlatform(platform) === value;
  }
  return value === value.toLowerCase();
}

/** The default platforms, parsed. */
export const defaultPlatforms: readonly Platform[] = defaultPlatformNames.map((name) => parsePlatform(name) as Platform);

/**
 * The values BuildKit gives its automatic platform ARGs. The BUILD* names describe the machine
 * that builds, taken to be the first configured platform; the TARGET* names the platform built for.
 */
export function platformArgValues(buildPlatform: Platform, targetPlatform: Platform): ReadonlyMap<string, string> {
  return new Map([
    ['BUILDPLATFORM', formatPlatform(buildPlatform)],
    ['BUILDOS', buildPlatform.os],
    ['BUILDARCH', buildPlatform.architecture],
    ['BUILDVARIANT', buildPlatform.variant],
    ['TARGETPLATFORM', formatPlatform(targetPlatform)],
    ['TARGETOS', targetPlatform.os],
    ['TARGETARCH', targetPlatform.architecture],
    ['TARGETVARIANT', targetPlatform.variant],
  ]);
}

/** The platform list a setting or the CLI gives, parsed, with duplicates dropped; the problems name each bad entry. */
export function readPlatformList(names: readonly string[]): { readonly platforms: Platform[]; readonly problems: string[] } {
  const platforms: Platform[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const platform = parsePlatform(name);
    if (!platform) {
      problems.push(`"${name}" is not a platform (expected os/arch or os/arch/variant, e.g. linux/arm64)`);
      continue;
    }
    const key = formatPlatform(platform);
    if (seen.has(key)) continue;
    seen.add(key);
    platforms.push(platform);
  }
  return { platforms, problems };
}
