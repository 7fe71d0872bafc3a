/**
 * Image references as Docker reads them: `[registry[:port]/]path[:tag][@digest]`, normalized the way
 * the Docker CLI does (`python` is `docker.io/library/python`), so that the catalog can be keyed by
 * one name whatever spelling a Dockerfile uses.
 */
export interface ImageReference {
  /** The text that was parsed. */
  readonly text: string;
  /** Registry host (and port), `docker.io` when none is written. */
  readonly registry: string;
  /** Repository path on the registry, `library/python` for official Docker Hub images. */
  readonly path: string;
  /** The short name people write: `python`, `nginxinc/nginx-unprivileged`, `gcr.io/distroless/static-debian12`. */
  readonly familiarName: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/**
 * Parses an image reference; undefined when the text is not a valid reference (variables left in it,
 * upper-case repository names, empty parts, ...).
 */
export function parseImageReference(text: string): ImageReference | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;

  let rest = trimmed;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }

  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port, not a tag.
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) return undefined;
  }

  const components = rest.split('/');
  let registry = DOCKER_HUB;
  if (components.length > 1 && looksLikeRegistry(components[0])) {
    registry = components.shift()!.toLowerCase();
    if (DOCKER_HUB_ALIASES.has(registry)) registry = DOCKER_HUB;
  }
  if (components.length === 0 || !components.every((component) => PATH_COMPONENT.test(component))) {
    return undefined;
  }
  if (registry === DOCKER_HUB && components.length === 1) components.unshift('library');
  const path = components.join('/');

  const familiarName =
    registry === DOCKER_HUB ? path.replace(/^library\//, '') : `${registry}/${path}`;
  return { text: trimmed, registry, path, familiarName, tag, digest };
}

/** Docker's rule: the first component names a registry when it has a dot or a port, or is localhost. */
function looksLikeRegistry(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}
