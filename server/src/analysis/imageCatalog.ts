import catalogData from './data/images.json';
import { imageEnvironmentOf, knownImageValues } from './imageEnvironments';
import { parseImageReference, type ImageReference } from './imageReference';

/** What the catalog knows about an image reference; the hover and the image rules read this. */
export interface ImageInfo {
  readonly known: true;
  readonly reference: ImageReference;
  /** The catalog entry's name for the image (`Python`, `Distroless static`). */
  readonly title: string;
  readonly description: string;
  /** Registry or project page. */
  readonly page: string;
  /** What kind of image it is: `operating system`, `toolchain`, `language runtime`, ... */
  readonly role: string;
  /** One line per part of the tag that the catalog understands. */
  readonly tagMeanings: readonly string[];
  /** Parts of the tag the catalog does not know (never guessed at). */
  readonly unknownTagWords: readonly string[];
  /** True when no tag or digest was given, so Docker takes `latest`. */
  readonly implicitLatest: boolean;
  /** The leading version of the tag, aliases resolved (`node:iron` is 20). */
  readonly version: string | undefined;
  readonly distro: DistroInfo | undefined;
  readonly libc: 'glibc' | 'musl' | 'none' | undefined;
  /** The user the image runs as when the Dockerfile sets none. */
  readonly defaultUser: 'root' | 'nonroot' | 'none' | 'unknown';
  /** The WORKDIR and ENV the image sets, as far as known (`php:8-apache` serves /var/www/html; `golang` sets GOPATH=/go, from data/imageEnvironments.json). */
  readonly workdir: string | undefined;
  readonly env: Readonly<Record<string, string>>;
  /** A compiler, SDK or full build variant that a final stage should not ship. */
  readonly toolchain: boolean;
  readonly toolchainNote: string | undefined;
  /** Smaller images to run the result on, best first, filled in from this tag. */
  readonly runtimeImages: readonly RuntimeImage[];
  /** What to use instead when the tag lacks what a concrete suggestion needs. */
  readonly runtimeAdvice: string | undefined;
  /** Ends of support that apply to this tag (runtime version, distribution release), passed or not. */
  readonly lifecycle: readonly LifecycleEnd[];
  readonly deprecation: { readonly note: string; readonly source: string } | undefined;
  /** The tag to switch to for a non-root default user, where the image has one (`nonroot`). */
  readonly nonRootTag: string | undefined;
  readonly sources: readonly string[];
  readonly asOf: string;
}

export interface UnknownImage {
  readonly known: false;
  readonly text: string;
  /** Set when the text is a valid reference the catalog has no entry for. */
  readonly reference: ImageReference | undefined;
}

export type ImageLookup = ImageInfo | UnknownImage;

export interface DistroInfo {
  readonly family: string;
  readonly name: string;
  readonly version: string | undefined;
  readonly codename: string | undefined;
}

export interface RuntimeImage {
  readonly image: string;
  readonly note: string;
}

export interface LifecycleEnd {
  /** What reaches its end: `Python 3.8`, `Debian 10 (buster)`. */
  readonly subject: string;
  /** ISO date (YYYY-MM-DD). */
  readonly endOfLife: string;
  readonly source: string;
}

// ---------------------------------------------------------------------------------------------
// The data file's shape (docs/images.md describes it).

interface CatalogData {
  readonly asOf: string;
  readonly lifecycles: Readonly<Record<string, LifecycleTable>>;
  readonly tagWords: { readonly source: string; readonly words: Readonly<Record<string, TagWord>> };
  readonly images: readonly ImageEntry[];
}

interface LifecycleTable {
  readonly subject: string;
  readonly source: string;
  readonly asOf: string;
  readonly releases: readonly LifecycleRelease[];
  /** Releases without a runtime image of their own, and the release whose runtime runs what they built. */
  readonly runtimeReleaseFor?: { readonly note: string; readonly releases: Readonly<Record<string, string>> };
}

interface LifecycleRelease {
  readonly version?: string;
  readonly before?: string;
  readonly codename?: string;
  readonly endOfLife: string;
  readonly source?: string;
}

interface TagWord {
  readonly meaning: string;
  readonly distro?: string;
  readonly jdkVendor?: boolean;
}

interface ImageEntry {
  readonly names: readonly string[];
  readonly namePrefix?: string;
  readonly title: string;
  readonly description: string;
  readonly page: string;
  readonly sources: readonly string[];
  readonly asOf: string;
  readonly role: string;
  /** A name with no tags at all (`scratch`). */
  readonly tagless?: boolean;
  readonly distro?: string;
  readonly libc?: 'glibc' | 'musl' | 'none';
  readonly versionIsDistro?: boolean;
  readonly versionIsJdk?: boolean;
  readonly versionAliases?: Readonly<Record<string, string>>;
  readonly defaultUser: 'root' | 'nonroot' | 'none' | 'unknown';
  readonly userByWord?: Readonly<Record<string, 'root' | 'nonroot' | 'unknown'>>;
  readonly workdir?: string;
  readonly workdirByWord?: Readonly<Record<string, string>>;
  readonly nonRootTags?: Readonly<Record<string, string>>;
  readonly lifecycle?: { readonly table: string; readonly of: 'version' | 'jdk' };
  readonly deprecated?: { readonly note: string; readonly source: string };
  readonly toolchain?: { readonly default: boolean; readonly unlessWords?: readonly string[]; readonly whenWords?: readonly string[]; readonly note: string };
  readonly runtime?: readonly { readonly image: string; readonly note: string; readonly whenWords?: readonly string[] }[];
  readonly runtimeAdvice?: string;
}

const catalog = catalogData as unknown as CatalogData;

const DISTRO_NAMES: Readonly<Record<string, string>> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  alpine: 'Alpine Linux',
  rhel: 'Red Hat UBI',
  wolfi: 'Wolfi',
  azurelinux: 'Azure Linux',
};
const GLIBC_DISTROS = new Set(['debian', 'ubuntu', 'rhel', 'wolfi', 'azurelinux']);

/** Codename -> distribution release, from the lifecycle tables. */
const codenames: ReadonlyMap<string, { family: string; version: string }> = new Map(
  ['debian', 'ubuntu'].flatMap((family) =>
    (catalog.lifecycles[family]?.releases ?? []).flatMap((release) => (release.codename && release.version ? [[release.codename, { family, version: release.version }] as const] : [])),
  ),
);

/** Looks an image reference up. Anything not in the catalog is reported unknown, never guessed. */
export function lookupImage(image: string | ImageReference): ImageLookup {
  const reference = typeof image === 'string' ? parseImageReference(image) : image;
  const text = typeof image === 'string' ? image : image.text;
  if (!reference) return { known: false, text, reference: undefined };
  const entry = findEntry(reference.familiarName);
  if (!entry) return { known: false, text, reference };
  return describe(entry, reference);
}

function findEntry(name: string): ImageEntry | undefined {
  const exact = catalog.images.find((entry) => entry.names.includes(name));
  if (exact) return exact;
  let best: ImageEntry | undefined;
  for (const entry of catalog.images) {
    if (entry.namePrefix && name.startsWith(entry.namePrefix) && entry.namePrefix.length > (best?.namePrefix?.length ?? 0)) {
      best = entry;
    }
  }
  return best;
}

/** Everything read from a tag. */
interface ParsedTag {
  version: string | undefined;
  /** The version as written, when an alias (`iron`) stands for it. */
  versionText: string | undefined;
  /** The tag after the leading version (`bookworm-slim` in `8.0-bookworm-slim`). */
  suffix: string | undefined;
  jdk: string | undefined;
  words: Set<string>;
  meanings: string[];
  unknown: string[];
  codename: { family: string; version: string; name: string } | undefined;
  distroWord: string | undefined;
  alpineVersion: string | undefined;
}

const DATE_TAG = /^\d{8}$/;

function parseTag(tag: string, entry: ImageEntry): ParsedTag {
  const words = catalog.tagWords.words;
  const parsed: ParsedTag = {
    version: undefined,
    versionText: undefined,
    suffix: undefined,
    jdk: undefined,
    words: new Set(),
    meanings: [],
    unknown: [],
    codename: undefined,
    distroWord: undefined,
    alpineVersion: undefined,
  };
  const tokens = tag === '' ? [] : tag.split('-');
  let index = 0;
  const alias = tokens.length > 0 ? entry.versionAliases?.[tokens[0]] : undefined;
  if (tokens.length > 0 && /^\d/.test(tokens[0]) && !DATE_TAG.test(tokens[0])) {
    parsed.version = tokens[0];
    index = 1;
  } else if (alias) {
    parsed.version = alias;
    parsed.versionText = tokens[0];
    index = 1;
  }
  if (index === 1 && tokens.length > 1) parsed.suffix = tokens.slice(1).join('-');

  let previousTakesJdk = false;
  while (index < tokens.length) {
    const pair = index + 1 < tokens.length ? `${tokens[index]}-${tokens[index + 1]}` : undefined;
    const token = pair && words[pair] ? pair : tokens[index];
    index += token === pair ? 2 : 1;

    if (/^\d/.test(token)) {
      if (previousTakesJdk) parsed.jdk = majorOf(token);
      else if (DATE_TAG.test(token)) parsed.meanings.push(`build date ${token}`);
      else parsed.unknown.push(token);
      previousTakesJdk = false;
      continue;
    }
    const split = /^([a-z]+?)(\d+(?:\.\d+)*)$/.exec(token);
    const base = split && !words[token] && !codenames.has(token) ? split[1] : token;
    const number = base === token ? undefined : split?.[2];
    previousTakesJdk = false;

    const release = codenames.get(base);
    if (release) {
      parsed.codename = { ...release, name: base };
      parsed.meanings.push(`${DISTRO_NAMES[release.family]} ${release.version} (${base})`);
      continue;
    }
    const word = words[base];
    if (!word) {
      parsed.unknown.push(token);
      continue;
    }
    parsed.words.add(base);
    if (word.distro) parsed.distroWord = word.distro;
    if (base === 'alpine' && number) parsed.alpineVersion = number;
    if ((base === 'jdk' || base === 'jre') && number) parsed.jdk = majorOf(number);
    previousTakesJdk = word.jdkVendor === true || base === 'jdk' || base === 'jre';
    parsed.meanings.push(number && base === 'alpine' ? `Alpine Linux ${number}: ${word.meaning}` : word.meaning);
  }
  if (entry.versionIsJdk && parsed.version) parsed.jdk = majorOf(parsed.version);
  return parsed;
}

/**
 * The Java release whose JRE image runs what a JDK of `release` built: the same release, or the
 * next LTS release for the few that have no Temurin JRE image (14 has none: 17 runs its jars).
 */
export function javaRuntimeRelease(release: string): string {
  return catalog.lifecycles.java?.runtimeReleaseFor?.releases[release] ?? release;
}

function majorOf(version: string): string {
  return /^\d+/.exec(version)?.[0] ?? version;
}

function describe(entry: ImageEntry, reference: ImageReference): ImageInfo {
  const implicitLatest = reference.tag === undefined && reference.digest === undefined;
  const tag = entry.tagless ? parseTag('', entry) : parseTag(reference.tag ?? 'latest', entry);
  const distro = distroOf(entry, reference, tag);
  const lifecycleSubject = entry.lifecycle ? catalog.lifecycles[entry.lifecycle.table]?.subject : undefined;
  const meanings = [...tag.meanings];
  if (tag.jdk && !entry.versionIsJdk) meanings.unshift(`Java ${tag.jdk}`);
  if (tag.version && !entry.versionIsDistro) {
    const label = tag.versionText ? `${tag.version} (${tag.versionText})` : tag.version;
    const versionedSubject = entry.lifecycle?.of === 'version' || entry.versionIsJdk ? lifecycleSubject : undefined;
    meanings.unshift(`${versionedSubject ?? entry.title} ${label}`);
  }
  if (entry.versionIsDistro && distro && !tag.codename) {
    meanings.unshift(distro.version ? `${distro.name} ${distro.version}` : distro.name);
  }

  const toolchain = isToolchain(entry, tag);
  const placeholders: Record<string, string | undefined> = {
    version: tag.versionText ?? tag.version,
    minor: tag.version?.split('.').slice(0, 2).join('.'),
    jdk: tag.jdk,
    jre: tag.jdk === undefined ? undefined : javaRuntimeRelease(tag.jdk),
    codename: tag.codename?.name,
    alpine: tag.alpineVersion,
    suffix: tag.suffix,
    repository: reference.familiarName,
  };
  const runtimeImages = toolchain ? runtimeImagesFor(entry, tag, placeholders) : [];

  return {
    known: true,
    reference,
    title: entry.title,
    description: entry.description,
    page: entry.page,
    role: entry.role,
    tagMeanings: meanings,
    unknownTagWords: tag.unknown,
    implicitLatest,
    version: tag.version,
    distro,
    libc: entry.libc ?? libcOf(distro, tag),
    defaultUser: defaultUserOf(entry, tag),
    workdir: Object.entries(entry.workdirByWord ?? {}).find(([word]) => tag.words.has(word))?.[1] ?? entry.workdir,
    env: knownImageValues(imageEnvironmentOf(reference.familiarName)),
    toolchain,
    toolchainNote: toolchain ? entry.toolchain?.note : undefined,
    runtimeImages,
    runtimeAdvice: toolchain ? entry.runtimeAdvice : undefined,
    lifecycle: lifecycleOf(entry, tag, distro),
    deprecation: entry.deprecated,
    nonRootTag: nonRootTagOf(entry, reference, tag),
    sources: [...entry.sources, ...lifecycleSources(entry, distro)],
    asOf: entry.asOf,
  };
}

function distroOf(entry: ImageEntry, reference: ImageReference, tag: ParsedTag): DistroInfo | undefined {
  const make = (family: string, version?: string, codename?: string): DistroInfo => ({
    family,
    name: DISTRO_NAMES[family] ?? family,
    version,
    codename,
  });
  if (tag.codename) return make(tag.codename.family, tag.codename.version, tag.codename.name);
  if (tag.words.has('alpine')) return make('alpine', tag.alpineVersion);
  if (tag.distroWord) return make(tag.distroWord);
  const debianSuffix = /-debian(\d+)$/.exec(reference.path);
  if (debianSuffix) return make('debian', debianSuffix[1], codenameOf('debian', debianSuffix[1]));
  if (!entry.distro) return undefined;
  if (entry.versionIsDistro && tag.version) {
    const version = entry.distro === 'debian' ? majorOf(tag.version) : tag.version;
    return make(entry.distro, version, codenameOf(entry.distro, version));
  }
  return make(entry.distro);
}

function codenameOf(family: string, version: string): string | undefined {
  return catalog.lifecycles[family]?.releases.find((release) => release.version === version)?.codename;
}

function libcOf(distro: DistroInfo | undefined, tag: ParsedTag): ImageInfo['libc'] {
  if (tag.words.has('musl')) return 'musl';
  if (tag.words.has('glibc')) return 'glibc';
  if (!distro) return undefined;
  if (distro.family === 'alpine') return 'musl';
  return GLIBC_DISTROS.has(distro.family) ? 'glibc' : undefined;
}

function defaultUserOf(entry: ImageEntry, tag: ParsedTag): ImageInfo['defaultUser'] {
  for (const [word, user] of Object.entries(entry.userByWord ?? {})) {
    if (tag.words.has(word)) return user;
  }
  return entry.defaultUser;
}

function isToolchain(entry: ImageEntry, tag: ParsedTag): boolean {
  const rule = entry.toolchain;
  if (!rule) return false;
  if (rule.whenWords?.some((word) => tag.words.has(word))) return true;
  if (rule.unlessWords?.some((word) => tag.words.has(word))) return false;
  return rule.default;
}

function runtimeImagesFor(entry: ImageEntry, tag: ParsedTag, values: Record<string, string | undefined>): RuntimeImage[] {
  const images: RuntimeImage[] = [];
  for (const candidate of entry.runtime ?? []) {
    if (candidate.whenWords && !candidate.whenWords.every((word) => tag.words.has(word))) continue;
    const image = renderTemplate(candidate.image, values);
    if (image !== undefined && !images.some((existing) => existing.image === image)) images.push({ image, note: candidate.note });
  }
  return images;
}

/**
 * Fills `{name}` placeholders. A `[...]` group is dropped when one of its placeholders has no value;
 * a placeholder outside a group without a value makes the whole template unusable.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string | undefined>>): string | undefined {
  let missing = false;
  const fill = (text: string, optional: boolean): string | undefined => {
    let groupMissing = false;
    const out = text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined || value === '') {
        groupMissing = true;
        return '';
      }
      return value;
    });
    if (!groupMissing) return out;
    if (!optional) missing = true;
    return undefined;
  };
  // A group holds no `[`, so an unclosed `[` is given up at once and kept as plain text.
  const result = template.replace(/\[([^\][]*)\]|([^[]+|\[)/g, (_, group: string | undefined, plain: string | undefined) =>
    group !== undefined ? (fill(group, true) ?? '') : (fill(plain ?? '', false) ?? ''),
  );
  return missing ? undefined : result;
}

function lifecycleOf(entry: ImageEntry, tag: ParsedTag, distro: DistroInfo | undefined): LifecycleEnd[] {
  const ends: LifecycleEnd[] = [];
  if (entry.lifecycle) {
    const version = entry.lifecycle.of === 'jdk' ? tag.jdk : tag.version;
    const table = catalog.lifecycles[entry.lifecycle.table];
    if (table && version) ends.push(...matchLifecycle(table, version, undefined));
  }
  if (distro && (distro.version || distro.codename)) {
    const table = catalog.lifecycles[distro.family];
    if (table) ends.push(...matchLifecycle(table, distro.version, distro.codename));
  }
  return ends;
}

function matchLifecycle(table: LifecycleTable, version: string | undefined, codename: string | undefined): LifecycleEnd[] {
  const parts = version ? numericParts(version) : [];
  for (const release of table.releases) {
    const source = release.source ?? table.source;
    if (codename && release.codename === codename) {
      return [{ subject: `${table.subject} ${release.version} (${codename})`, endOfLife: release.endOfLife, source }];
    }
    if (parts.length === 0) continue;
    if (release.version) {
      const wanted = numericParts(release.version);
      if (parts.length >= wanted.length && wanted.every((part, index) => part === parts[index])) {
        const label = release.codename ? `${release.version} (${release.codename})` : release.version;
        return [{ subject: `${table.subject} ${label}`, endOfLife: release.endOfLife, source }];
      }
    } else if (release.before) {
      const bound = numericParts(release.before);
      if (parts.length >= bound.length && compareParts(parts, bound) < 0) {
        return [{ subject: `${table.subject} ${version}`, endOfLife: release.endOfLife, source }];
      }
    }
  }
  return [];
}

/** `21.0.3_9` is [21, 0, 3]; `8u342` is [8]. */
function numericParts(version: string): number[] {
  const leading = /^\d+(?:\.\d+)*/.exec(version)?.[0];
  return leading ? leading.split('.').map(Number) : [];
}

function compareParts(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function lifecycleSources(entry: ImageEntry, distro: DistroInfo | undefined): string[] {
  const sources: string[] = [];
  if (entry.lifecycle) sources.push(catalog.lifecycles[entry.lifecycle.table]?.source ?? '');
  if (distro) sources.push(catalog.lifecycles[distro.family]?.source ?? '');
  return sources.filter((source) => source !== '' && !entry.sources.includes(source));
}

function nonRootTagOf(entry: ImageEntry, reference: ImageReference, tag: ParsedTag): string | undefined {
  if (!entry.nonRootTags || tag.words.has('nonroot')) return undefined;
  const current = reference.tag ?? 'latest';
  return entry.nonRootTags[current];
}

/** The lifecycle ends already passed at `now`, and the repository's deprecation, as one list. */
export function endedLifecycles(info: ImageInfo, now: Date): LifecycleEnd[] {
  const today = now.toISOString().slice(0, 10);
  return info.lifecycle.filter((end) => end.endOfLife <= today);
}

/**
 * The newest release a distribution's lifecycle table lists (`alpine` 3.23, `debian` 13 trixie):
 * what a runtime image uses when the build image's tag names no release. A newer C library than
 * the build's still runs what the build produced.
 */
export function newestRelease(family: string): { readonly version: string; readonly codename: string | undefined } | undefined {
  const releases = catalog.lifecycles[family]?.releases ?? [];
  for (let index = releases.length - 1; index >= 0; index--) {
    const { version, codename } = releases[index];
    if (version !== undefined) return { version, codename };
  }
  return undefined;
}
