import table from './data/imageEnvironments.json';

/**
 * What an image's config sets besides PATH, by variable name: the value where every tag of the
 * image sets the same one, null where it changes with the release.
 */
export type ImageEnvironment = Readonly<Record<string, string | null>>;

const byRepository: Readonly<Record<string, ImageEnvironment>> = table.repositories;
const nothingKnown: ImageEnvironment = {};

/**
 * The environment of an image by its repository (`golang`, `mcr.microsoft.com/dotnet/sdk`), as
 * data/imageEnvironments.json lists it; empty for an image it does not list. UndefinedVar reads
 * the names and the conversion (through the image catalog) the values.
 */
export function imageEnvironmentOf(repository: string): ImageEnvironment {
  // An own property only: an image named `__proto__` or `constructor` must not reach Object's.
  return Object.hasOwn(byRepository, repository) ? byRepository[repository] : nothingKnown;
}

/** The variables whose value the image always sets, as the conversion expands them. */
export function knownImageValues(environment: ImageEnvironment): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment)) if (value !== null) values[name] = value;
  return values;
}
