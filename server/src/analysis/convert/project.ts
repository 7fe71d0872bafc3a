/**
 * What the project files of a build context say: binary and assembly names, entry points,
 * package managers and dependencies. Read with small line-based parsers: the files are only
 * looked at, never evaluated, and anything a parser does not understand is left unknown.
 */
import type { BuildContext } from './context';
import { rootEntries } from './context';
import { membersWith } from './members';
import { afterEquals, afterKeyword, bracketed, elementBodies, elementWord, elementWordAfter, textLines, withoutElements, withoutSpans } from './textScan';

/** `[section]` to its `key = value` lines, for the flat TOML of Cargo.toml, pyproject.toml and Pipfile; `[[bin]]` tables are numbered `bin#0`, `bin#1`. */
function tomlSections(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>([['', new Map()]]);
  const counts = new Map<string, number>();
  let current = sections.get('') as Map<string, string>;
  for (const raw of text.split(/\r?\n/)) {
    // A comment starts at a `#` after white space.
    const comment = raw.search(/\s#/);
    const line = (comment < 0 ? raw : raw.slice(0, comment)).trim();
    const table = bracketed(line, '[[', ']]');
    const section = bracketed(line, '[', ']');
    if (table !== undefined) {
      const count = counts.get(table) ?? 0;
      counts.set(table, count + 1);
      sections.set(`${table}#${count}`, (current = new Map()));
    } else if (section !== undefined) {
      sections.set(section, (current = sections.get(section) ?? new Map()));
    } else {
      const key = /^"?[\w.-]+"?/.exec(line)?.[0];
      const value = key === undefined ? undefined : afterEquals(line.slice(key.length));
      if (key !== undefined && value !== undefined && !/[\r\n\u2028\u2029]/.test(value)) current.set(key.replace(/"/g, ''), value);
    }
  }
  return sections;
}

function tomlString(value: string | undefined): string | undefined {
  return value === undefined ? undefined : /^["']([^"']*)["']/.exec(value)?.[1];
}

/** A Cargo package's name and the binaries it builds, the one `cargo run` starts first; `folder` is a workspace member's (`crates/api/`), or the root's (``). */
function cargoPackage(context: BuildContext, folder: string): { name: string | undefined; binaries: string[] } {
  const text = context.files[`${folder}Cargo.toml`];
  if (text === undefined) return { name: undefined, binaries: [] };
  const sections = tomlSections(text);
  const pkg = sections.get('package');
  const name = tomlString(pkg?.get('name'));
  const defaultRun = tomlString(pkg?.get('default-run'));
  const tables = [...sections.entries()].filter(([key]) => /^bin#\d+$/.test(key)).flatMap(([, table]) => tomlString(table.get('name')) ?? []);
  const inBin = context.entries.filter((entry) => entry.startsWith(`${folder}src/bin/`)).map((entry) => entry.slice(`${folder}src/bin/`.length).replace(/(\.rs|\/)$/, ''));
  // A member is a binary crate when it has a main.rs; the root, when it has sources at all (the listing goes no deeper).
  const hasMain = folder === '' ? rootEntries(context).includes('src/') : context.entries.includes(`${folder}src/main.rs`);
  const all = [...(defaultRun ? [defaultRun] : []), ...tables, ...(name && ((folder === '' && tables.length === 0) || hasMain) ? [name] : []), ...inBin];
  return { name, binaries: [...new Set(all)] };
}

/**
 * The binaries a Cargo package builds, the one `cargo run` starts first; in a workspace, the
 * binaries of its members too (of the member `-p` names, when given).
 */
export function cargoBinaries(context: BuildContext, packageName?: string): string[] {
  const packages = [cargoPackage(context, ''), ...membersWith(context, 'Cargo.toml').map((member) => cargoPackage(context, `${member}/`))];
  const chosen = packageName === undefined ? packages : packages.filter((pkg) => pkg.name === packageName);
  return [...new Set(chosen.flatMap((pkg) => pkg.binaries))];
}

/** The last part of the module path in go.mod: the name `go build` gives the binary. */
export function goModuleName(context: BuildContext): string | undefined {
  const path = /^module\s+(\S+)/m.exec(context.files['go.mod'] ?? '')?.[1];
  const parts = path?.split('/') ?? [];
  // A major version suffix (`/v2`) is not the binary's name.
  const last = parts.length > 1 && /^v\d+$/.test(parts[parts.length - 1]) ? parts[parts.length - 2] : parts[parts.length - 1];
  return last?.replace(/[^\w.-]/g, '');
}

export interface NodeProject {
  readonly scripts: Readonly<Record<string, string>>;
  readonly main: string | undefined;
  readonly dependencies: readonly string[];
  readonly devDependencies: readonly string[];
  readonly manager: 'npm' | 'yarn' | 'pnpm' | 'bun' | undefined;
}

export function nodeProject(context: BuildContext): NodeProject | undefined {
  const text = context.files['package.json'];
  if (text === undefined) return undefined;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const record = (value: unknown): Record<string, string> => (value && typeof value === 'object' ? (value as Record<string, string>) : {});
  const entries = rootEntries(context);
  const declared = typeof json.packageManager === 'string' ? /^(npm|yarn|pnpm|bun)@/.exec(json.packageManager)?.[1] : undefined;
  const byLock = entries.includes('pnpm-lock.yaml') ? 'pnpm' : entries.includes('yarn.lock') ? 'yarn' : entries.includes('bun.lockb') ? 'bun' : entries.includes('package-lock.json') ? 'npm' : undefined;
  return {
    scripts: record(json.scripts),
    main: typeof json.main === 'string' ? json.main : undefined,
    dependencies: Object.keys(record(json.dependencies)),
    devDependencies: Object.keys(record(json.devDependencies)),
    manager: (declared ?? byLock) as NodeProject['manager'],
  };
}

/** Distribution names of the Python packages the project depends on, lower case. */
export function pythonPackages(context: BuildContext): string[] {
  const names: string[] = [];
  for (const [file, text] of Object.entries(context.files)) {
    if (/^requirements[\w.-]*\.txt$/.test(file)) {
      for (const line of text.split(/\r?\n/)) {
        const name = /^\s*([A-Za-z0-9][\w.-]*)/.exec(line)?.[1];
        if (name) names.push(name);
      }
    }
  }
  const pyproject = context.files['pyproject.toml'] ?? '';
  for (const line of textLines(pyproject)) {
    const name = quotedRequirement(line.trimStart());
    if (name) names.push(name);
  }
  const sections = tomlSections(`${pyproject}\n${context.files.Pipfile ?? ''}`);
  for (const key of ['tool.poetry.dependencies', 'packages']) names.push(...(sections.get(key)?.keys() ?? []));
  return [...new Set(names.map((name) => name.toLowerCase().replace(/_/g, '-')).filter((name) => name !== 'python'))];
}

/** The name of a quoted PEP 508 requirement starting a line (`"uvicorn[standard]>=0.20",`), followed by a version, marker, extras or closing quote. */
function quotedRequirement(line: string): string | undefined {
  const name = /^["']([A-Za-z0-9][\w.-]*)/.exec(line)?.[1];
  if (name === undefined) return undefined;
  const follows = (rest: string): boolean => {
    const trimmed = rest.trimStart();
    // A space is itself one of the characters that may follow.
    return rest.slice(0, rest.length - trimmed.length).includes(' ') || /^[<>=!~;"' ]/.test(trimmed);
  };
  const rest = line.slice(name.length + 1);
  if (follows(rest)) return name;
  const extras = rest.trimStart();
  const close = extras.indexOf(']');
  return extras.startsWith('[') && close >= 0 && follows(extras.slice(close + 1)) ? name : undefined;
}

/** Gems the Gemfile names. */
export function gemNames(context: BuildContext): string[] {
  return textLines(context.files.Gemfile ?? '').flatMap((line) => /^["']([\w.-]+)["']/.exec(afterKeyword(line.trimStart(), 'gem') ?? '')?.[1] ?? []);
}

/** PHP extensions composer.json requires (`ext-intl`). */
export function phpExtensions(context: BuildContext): string[] {
  try {
    const json = JSON.parse(context.files['composer.json'] ?? '{}') as { require?: Record<string, string> };
    return Object.keys(json.require ?? {}).flatMap((name) => (name.startsWith('ext-') ? [name.slice(4)] : []));
  } catch {
    return [];
  }
}

export interface JavaArtifact {
  /** Relative to the project folder: `target/demo-0.0.1-SNAPSHOT.jar`, `build/libs/demo.jar`. */
  readonly jar: string;
  /** The jar is executable with `java -jar` (Spring Boot's repackaged jar). */
  readonly springBoot: boolean;
  /** The jar holds or needs nothing else to run: Spring Boot, shaded, or no runtime dependencies. */
  readonly selfContained: boolean;
  /** The jar's manifest names its main class, so `java -jar` starts it. */
  readonly executable: boolean;
  /** The main class the exec plugin (or the manifest) names. */
  readonly mainClass: string | undefined;
}

/** Dependencies of the project itself that the app needs at run time (not test or provided ones, not plugins'). */
function runtimeDependencyCount(pom: string): number {
  const own = withoutElements(pom, ['dependencyManagement', 'plugins', 'pluginManagement', 'profiles']);
  const blocks = elementBodies(own, 'dependency');
  return blocks.filter((block) => !/<scope>\s*(test|provided)\s*<\/scope>/.test(block)).length;
}

/**
 * The packaged jar of a Maven project, from its own coordinates (not the parent's) and
 * `finalName`. In a multi-module build, the jar of the first module that `java -jar` starts
 * (a Spring Boot jar, or one whose manifest names its main class), under that module's folder.
 */
export function mavenArtifact(context: BuildContext): JavaArtifact | undefined {
  const modules = membersWith(context, 'pom.xml').flatMap((module) => {
    const artifact = mavenModuleArtifact(context, `${module}/`);
    return artifact?.executable ? [{ ...artifact, jar: `${module}/${artifact.jar}` }] : [];
  });
  return modules[0] ?? mavenModuleArtifact(context, '');
}

function mavenModuleArtifact(context: BuildContext, folder: string): JavaArtifact | undefined {
  const pom = context.files[`${folder}pom.xml`];
  if (pom === undefined) return undefined;
  const own = withoutElements(withoutSpans(pom, [['<!--', '-->']]), ['parent', 'dependencies', 'dependencyManagement', 'profiles', 'plugins', 'pluginManagement', 'reporting']);
  const tag = (name: string) => elementWord(own, name);
  const packaging = tag('packaging') ?? 'jar';
  const artifactId = tag('artifactId');
  const version = tag('version') ?? elementWordAfter(pom, 'parent', 'version');
  const finalName = tag('finalName');
  const name = finalName ?? (artifactId && version ? `${artifactId}-${version}` : undefined);
  if (packaging !== 'jar' || !name || name.includes('${')) return undefined;
  const springBoot = pom.includes('spring-boot-maven-plugin');
  const shaded = pom.includes('maven-shade-plugin');
  const manifest = elementWordAfter(pom, 'manifest', 'mainClass');
  return {
    jar: `target/${name}.jar`,
    springBoot,
    selfContained: springBoot || shaded || runtimeDependencyCount(pom) === 0,
    executable: springBoot || manifest !== undefined,
    mainClass: manifest ?? elementWord(pom, 'mainClass'),
  };
}

/** The string a `version = "1.0"` line of a Gradle build sets. */
function gradleVersion(build: string): string | undefined {
  for (const line of textLines(build)) {
    const trimmed = line.trimStart();
    const value = trimmed.startsWith('version') ? afterEquals(trimmed.slice('version'.length)) : undefined;
    const found = value === undefined ? undefined : /^["']([^"']+)["']/.exec(value)?.[1];
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The boot jar of a Gradle project: `build/libs/<rootProject.name>[-<version>].jar`. In a build
 * that includes subprojects, the jar of the first one that applies the Spring Boot plugin:
 * `<subproject>/build/libs/<subproject>[-<version>].jar`, the version its own build file or the
 * root's sets.
 */
export function gradleArtifact(context: BuildContext, projectFolder: string | undefined): JavaArtifact | undefined {
  const root = context.files['build.gradle'] ?? context.files['build.gradle.kts'];
  const subprojects = [...new Set([...membersWith(context, 'build.gradle'), ...membersWith(context, 'build.gradle.kts')])];
  for (const subproject of subprojects) {
    const build = context.files[`${subproject}/build.gradle`] ?? context.files[`${subproject}/build.gradle.kts`] ?? '';
    if (!/org\.springframework\.boot/.test(build) || /archiveFileName|archiveBaseName|archiveVersion/.test(build)) continue;
    const version = gradleVersion(build) ?? gradleVersion(root ?? '');
    const name = subproject.slice(subproject.lastIndexOf('/') + 1);
    return { jar: `${subproject}/build/libs/${name}${version ? `-${version}` : ''}.jar`, springBoot: true, selfContained: true, executable: true, mainClass: undefined };
  }
  if (root === undefined) return undefined;
  const settings = context.files['settings.gradle'] ?? context.files['settings.gradle.kts'] ?? '';
  const name = /rootProject\.name\s*=\s*["']([^"']+)["']/.exec(settings)?.[1] ?? projectFolder;
  const version = gradleVersion(root);
  const springBoot = /org\.springframework\.boot/.test(root);
  if (!name || /archiveFileName|archiveBaseName|archiveVersion/.test(root)) return undefined;
  return { jar: `build/libs/${name}${version ? `-${version}` : ''}.jar`, springBoot, selfContained: springBoot, executable: springBoot, mainClass: undefined };
}

export interface DotnetProject {
  readonly file: string;
  readonly assembly: string;
  readonly web: boolean;
}

/** The project in the context root: its assembly name and whether it is a web app. */
export function dotnetProject(context: BuildContext): DotnetProject | undefined {
  const projects = Object.keys(context.files).filter((file) => /\.(csproj|fsproj|vbproj)$/.test(file));
  if (projects.length !== 1) return undefined;
  const file = projects[0];
  const text = context.files[file];
  const assembly = /<AssemblyName>\s*([^<\s]+)\s*<\/AssemblyName>/.exec(text)?.[1] ?? file.replace(/\.\w+proj$/, '');
  return { file, assembly, web: /Sdk="Microsoft\.NET\.Sdk\.(Web|Razor|BlazorWebAssembly)"/.test(text) };
}

/** The Java release the project compiles for, from pom.xml or the Gradle build (`17`; `1.8` becomes `8`). */
export function javaVersion(context: BuildContext): string | undefined {
  // The root's setting first, then its modules' (a multi-module build may set it in the app's module only).
  const files = (name: string) => [name, ...membersWith(context, name).map((member) => `${member}/${name}`)].map((file) => context.files[file] ?? '').join('\n');
  const pom = files('pom.xml');
  const gradle = `${files('build.gradle')}\n${files('build.gradle.kts')}`;
  const found =
    /<(java\.version|maven\.compiler\.release|maven\.compiler\.target|release)>\s*(\d+(?:\.\d+)?)\s*</.exec(pom)?.[2] ??
    /JavaLanguageVersion\.of\(\s*(\d+)\s*\)/.exec(gradle)?.[1] ??
    /JavaVersion\.VERSION_(\d+(?:_\d+)?)/.exec(gradle)?.[1]?.replace('_', '.') ??
    /(?:source|target)Compatibility\s*=\s*['"]?(\d+(?:\.\d+)?)/.exec(gradle)?.[1];
  return found?.replace(/^1\.(\d+)$/, '$1');
}
