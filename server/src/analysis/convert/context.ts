import ignore from '@balena/dockerignore';

/**
 * The build context the converter may read: a few project files next to the Dockerfile, as plain
 * text, the names in a few folders, and the ignore file the build applies, which the rules read
 * too (CopyIgnoredFile). The workspace reader (server/src/workspace/) fills it in; the converter
 * only looks at it, so every conversion is a pure function of the Dockerfile and this data.
 */
export interface BuildContext {
  /**
   * `read`: the files below were read from the context folder. `restricted`: the workspace is not
   * trusted, so nothing was read. `none`: there is no folder (standard input, an untitled file).
   */
  readonly state: 'read' | 'restricted' | 'none';
  /** Text of the project files found, by path relative to the context root with `/` separators. */
  readonly files: Readonly<Record<string, string>>;
  /** Names in the context root and in CONTEXT_FOLDERS, relative to the root; folders end with `/`. */
  readonly entries: readonly string[];
  /** The ignore file BuildKit applies: `<Dockerfile>.dockerignore` next to the Dockerfile, else the context's `.dockerignore`. */
  readonly dockerignore?: string;
}

export const NO_CONTEXT: BuildContext = { state: 'none', files: {}, entries: [] };
export const RESTRICTED_CONTEXT: BuildContext = { state: 'restricted', files: {}, entries: [] };

/** Project files the converter reads from the context root, when they exist. */
export const CONTEXT_FILES: readonly string[] = [
  'Cargo.toml',
  'go.mod',
  'package.json',
  'package-lock.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'pyproject.toml',
  'Pipfile',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'settings.gradle',
  'settings.gradle.kts',
  'composer.json',
  'Gemfile',
];

/** Files read by pattern from the context root (`requirements-prod.txt`, `Api.csproj`). */
export const CONTEXT_FILE_PATTERN = /^(requirements[\w.-]*\.txt|[\w.-]+\.(csproj|fsproj|vbproj))$/;

/** Folders whose names are listed: binaries of a Cargo package, commands of a Go module, .NET projects. */
export const CONTEXT_FOLDERS: readonly string[] = ['src/bin', 'cmd'];

/** Lock files, large and of no use beyond their existence: only their names are kept. */
export const NAME_ONLY_FILES: ReadonlySet<string> = new Set(['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb']);

/** What the preview title and the CLI say about the context a conversion used. */
export function contextDescription(context: BuildContext): string | undefined {
  if (context.state === 'restricted') return 'the workspace is not trusted, so the project files next to the Dockerfile were not read';
  if (context.state === 'none') return 'no build context: from the Dockerfile alone';
  return undefined;
}

/** The names in the context root, as listed (folders end with `/`). */
export function rootEntries(context: BuildContext): string[] {
  return context.entries.filter((entry) => !entry.replace(/\/$/, '').includes('/'));
}

/** Root entries that the build's ignore file leaves in the context, read as BuildKit reads it (exceptions too). */
export function entriesSentToBuild(context: BuildContext): string[] {
  const excluded = ignore().add(context.dockerignore ?? '');
  return rootEntries(context).filter((entry) => !excluded.ignores(entry.replace(/\/$/, '')));
}
