import table from '../data/runtimeLibraries.json';
import type { PackageInstall } from '../runCommands';
import type { SystemPackageManager } from './runtimeImage';
import type { ConvertStageFacts } from './stageFacts';

type Manager = 'apt' | 'apk';
type LibraryMap = Readonly<Record<string, readonly string[]>>;
const developmentPackages = table.developmentPackages as Readonly<Record<Manager, LibraryMap>>;
const languagePackages = table.languagePackages as Readonly<Record<LanguageManager, Readonly<Record<string, Partial<Record<Manager, readonly string[]>>>>>>;

/** Package managers of languages whose packages may link against a distribution library. */
export type LanguageManager = 'pip' | 'npm' | 'gem';

function tableManager(manager: SystemPackageManager | undefined): Manager | undefined {
  return manager === 'apt' || manager === 'apk' ? manager : undefined;
}

/**
 * The runtime packages of the development packages a build installs (`libpq-dev` -> `libpq5`),
 * and the development packages the table has no entry for, which the user has to look at.
 */
export function librariesForHeaders(packages: readonly string[], manager: SystemPackageManager | undefined): { readonly libraries: string[]; readonly unknown: string[] } {
  const map = tableManager(manager) ? developmentPackages[tableManager(manager) as Manager] : undefined;
  const libraries: string[] = [];
  const unknown: string[] = [];
  for (const name of packages) {
    const found = map?.[name];
    if (found) libraries.push(...found);
    else unknown.push(name);
  }
  return { libraries: [...new Set(libraries)], unknown };
}

/** The distribution libraries language packages load at run time (`psycopg2` -> `libpq5` with apt). */
export function librariesForLanguagePackages(language: LanguageManager, names: readonly string[], manager: SystemPackageManager | undefined): string[] {
  const key = tableManager(manager);
  if (!key) return [];
  const byName = languagePackages[language];
  return [...new Set(names.flatMap((name) => byName[name.toLowerCase()]?.[key] ?? []))];
}

/**
 * A package name without the version, extras or marker after it (`psycopg2>=2.9` -> `psycopg2`,
 * `requests[socks]` -> `requests`): what `name.replace(/(?<=.)[[<>=!~@;].*$/, '')` gives, without
 * that pattern's retries of `.*$` from each such character. The cut is at the first of them past
 * the first character of the last line (`.` matches no line break).
 */
function withoutVersion(name: string): string {
  const lastLine = Math.max(...['\n', '\r', '\u2028', '\u2029'].map((lineBreak) => name.lastIndexOf(lineBreak))) + 1;
  const cut = name.slice(lastLine + 1).search(/[[<>=!~@;]/);
  return cut === -1 ? name : name.slice(0, lastLine + 1 + cut);
}

/** The packages the stage installs with a language's package managers, by name, and those the project's manifests list. */
export function appPackages(facts: ConvertStageFacts, managers: ReadonlySet<PackageInstall['manager']>, fromManifests: readonly string[]): string[] {
  const named = facts.instructions.flatMap((instruction) => instruction.run?.installs.filter((install) => managers.has(install.manager)).flatMap((install) => install.packages) ?? []);
  return [...new Set([...named, ...fromManifests].map((name) => withoutVersion(name).toLowerCase()))];
}
