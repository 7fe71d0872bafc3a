/**
 * The members of a multi-package build: a Cargo workspace's `members`, a Maven build's
 * `<modules>`, the projects a Gradle settings file includes. The workspace reader reads their
 * manifests (a bounded number, only paths inside the context) so that the conversion can find
 * the member that makes the runnable binary or jar.
 */
import type { BuildContext } from './context';
import { elementBodies, withoutSpans } from './textScan';
import { withoutTrailing } from '../trailing';

/** More members than this are not looked into: the converter reads a few manifests, never a tree. */
export const MAX_MEMBERS = 16;

export interface MemberManifests {
  /** Member folders relative to the context root; one ending in `/*` stands for each folder in it (Cargo's globs). */
  readonly folders: readonly string[];
  /** The manifest read in each member folder: `Cargo.toml`, `pom.xml`, `build.gradle`, `build.gradle.kts`. */
  readonly manifests: readonly string[];
}

/** A relative folder that stays inside the context: no `..`, no absolute path, no variables or patterns but a final `/*`. */
function safeFolder(folder: string): string | undefined {
  const cleaned = withoutTrailing(folder.trim().replace(/^\.\//, ''), '/');
  if (cleaned === '' || cleaned.startsWith('/') || /(^|\/)\.\.?(\/|$)/.test(cleaned) || /[$\\{}[\]?]/.test(cleaned)) return undefined;
  const star = cleaned.indexOf('*');
  return star < 0 || (star === cleaned.length - 1 && cleaned.endsWith('/*')) ? cleaned : undefined;
}

/** The `members` array of Cargo's `[workspace]` table, which may span lines: `members = ["api", "crates/*"]`. */
function cargoMembers(text: string): string[] {
  let inWorkspace = false;
  let array: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = withoutTomlComment(raw).trim();
    if (array !== undefined) {
      array += ` ${line}`;
    } else if (line.startsWith('[')) {
      inWorkspace = line === '[workspace]';
    } else if (inWorkspace && /^members\s*=/.test(line)) {
      array = line.slice(line.indexOf('=') + 1);
    }
    if (array !== undefined && array.includes(']')) break;
  }
  return [...(array ?? '').matchAll(/["']([^"']+)["']/g)].map((match) => match[1]);
}

/** A TOML line without its comment: from the first `#` that starts the line or follows white space. */
function withoutTomlComment(line: string): string {
  for (let at = line.indexOf('#'); at >= 0; at = line.indexOf('#', at + 1)) {
    if (at === 0 || /\s/.test(line[at - 1])) return line.slice(0, at);
  }
  return line;
}

/** What follows `include` (and its optional `(`) on a Gradle settings line, undefined on other lines. */
function gradleIncludeArguments(line: string): string | undefined {
  const trimmed = line.trimStart();
  if (!trimmed.startsWith('include')) return undefined;
  const rest = trimmed.slice('include'.length).trimStart();
  return rest.startsWith('(') ? rest.slice(1) : rest;
}

/** Maven's `<module>` folders. */
function mavenModules(pom: string): string[] {
  const modules = elementBodies(withoutSpans(pom, [['<!--', '-->']]), 'modules').join(' ');
  return elementBodies(modules, 'module').map((module) => module.trim());
}

/** Gradle's `include 'app', ':lib'` and `include("app")`: project paths, `:` separated, as folders. */
function gradleIncludes(settings: string): string[] {
  const names: string[] = [];
  for (const line of settings.split(/\r?\n/)) {
    const rest = gradleIncludeArguments(line);
    if (rest !== undefined) names.push(...[...rest.matchAll(/["']:?([\w.:-]+)["']/g)].map((match) => match[1].replace(/:/g, '/')));
  }
  return names;
}

/** The member manifests the root manifests name, at most MAX_MEMBERS folders. */
export function memberManifests(context: BuildContext): MemberManifests[] {
  const found: MemberManifests[] = [];
  const add = (folders: string[], manifests: string[]) => {
    const safe = folders.flatMap((folder) => safeFolder(folder) ?? []).slice(0, MAX_MEMBERS);
    if (safe.length > 0) found.push({ folders: safe, manifests });
  };
  const cargo = context.files['Cargo.toml'];
  if (cargo !== undefined) add(cargoMembers(cargo), ['Cargo.toml']);
  const pom = context.files['pom.xml'];
  if (pom !== undefined) add(mavenModules(pom), ['pom.xml']);
  const settings = context.files['settings.gradle'] ?? context.files['settings.gradle.kts'];
  if (settings !== undefined) add(gradleIncludes(settings), ['build.gradle', 'build.gradle.kts']);
  return found;
}

/** The member folders read for a manifest name, in the order the root lists them. */
export function membersWith(context: BuildContext, manifest: string): string[] {
  return Object.keys(context.files)
    .filter((file) => file.endsWith(`/${manifest}`))
    .map((file) => file.slice(0, -manifest.length - 1));
}
