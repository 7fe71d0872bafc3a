import { lookupImage, newestRelease, type ImageInfo, type ImageLookup } from '../imageCatalog';
import type { ConvertStageFacts } from './stageFacts';

/** What the runtime stage asks of its image. */
export interface RuntimeNeeds {
  /** It runs shell commands: a RUN, or CMD / ENTRYPOINT / HEALTHCHECK in shell form. */
  readonly shell: boolean;
  /** It installs distribution packages. */
  readonly packageManager: boolean;
  /** The artifact needs no C library (a Go binary built with CGO_ENABLED=0). */
  readonly staticBinary?: boolean;
  /** The artifact runs on any distribution with the same C library (a jar): the runtime image may change family. */
  readonly portable?: boolean;
}

export interface RuntimeImage {
  readonly image: string;
  readonly info: ImageLookup;
  /** Why this image, when the choice needs explaining (a release the build's tag does not name). */
  readonly note?: string;
}

/**
 * The first candidate that keeps the build image's distribution family and C library and has
 * what the runtime stage needs, trying a slim image of the same distribution last.
 */
export function chooseRuntimeImage(facts: ConvertStageFacts, needs: RuntimeNeeds, candidates: readonly string[]): RuntimeImage | undefined {
  const build = facts.image?.known ? facts.image : undefined;
  const seen = new Set<string>();
  for (const candidate of [...candidates.map((image) => ({ image, note: undefined })), ...sameDistributionImages(build)]) {
    if (seen.has(candidate.image)) continue;
    seen.add(candidate.image);
    const info = lookupImage(candidate.image);
    if (fits(build, info, needs)) return { image: candidate.image, info, note: candidate.note };
  }
  return undefined;
}

/** The catalog's runtime images for a toolchain build image, best first. */
export function catalogRuntimeImages(facts: ConvertStageFacts): string[] {
  const build = facts.image;
  return build?.known && build.toolchain ? build.runtimeImages.map((runtime) => runtime.image) : [];
}

/**
 * The build image itself when it is no toolchain (it already is what runs the app), as its slim
 * variant for Debian's own image.
 */
export function sameImageCandidates(facts: ConvertStageFacts): string[] {
  const build = facts.image;
  const text = facts.stage.base.resolved;
  if (text === undefined || (build?.known && build.toolchain)) return [];
  const tag = build?.known ? build.reference.tag : undefined;
  if (build?.known && build.reference.familiarName === 'debian' && tag && !build.reference.digest && /^([a-z]+|\d+(\.\d+)*)$/.test(tag) && tag !== 'latest') {
    return [`debian:${tag}-slim`, text];
  }
  return [text];
}

/** The slim image of the build image's distribution release, or of the newest one the catalog lists. */
function sameDistributionImages(build: ImageInfo | undefined): { image: string; note?: string }[] {
  const distro = build?.distro;
  if (!distro) return [];
  const newest = newestRelease(distro.family);
  if (distro.family === 'debian') {
    if (distro.codename) return [{ image: `debian:${distro.codename}-slim` }];
    if (!newest?.codename) return [];
    return [{ image: `debian:${newest.codename}-slim`, note: `${build?.reference.text} names no Debian release; ${newest.codename}, the newest, runs what older ones build.` }];
  }
  if (distro.family === 'alpine') {
    if (distro.version) return [{ image: `alpine:${distro.version}` }];
    if (!newest) return [];
    return [{ image: `alpine:${newest.version}`, note: `${build?.reference.text} names no Alpine release; ${newest.version} is the newest.` }];
  }
  if (distro.family === 'ubuntu' && distro.version) return [{ image: `ubuntu:${distro.version}` }];
  return [];
}

function fits(build: ImageInfo | undefined, candidate: ImageLookup, needs: RuntimeNeeds): boolean {
  if (!candidate.known) return true;
  if (candidate.toolchain) return false;
  const buildFamily = build?.distro?.family;
  const family = candidate.distro?.family;
  if (buildFamily && family && buildFamily !== family && !needs.portable) return false;
  if (candidate.libc === 'none') {
    if (!needs.staticBinary) return false;
  } else if (build?.libc && candidate.libc && build.libc !== 'none' && build.libc !== candidate.libc) {
    return false;
  }
  if ((needs.shell || needs.packageManager) && !hasShell(candidate)) return false;
  return !(needs.packageManager && packageManagerOf(candidate) === undefined);
}

/** Distroless, scratch and Chainguard production images have no shell; their debug and dev variants do. */
export function hasShell(image: ImageLookup): boolean {
  if (!image.known) return true;
  if (image.role !== 'minimal runtime' && image.role !== 'empty base') return true;
  const tag = image.reference.tag ?? '';
  return /(^|-)(debug|dev)(-|$)/.test(tag);
}

export type SystemPackageManager = 'apt' | 'apk' | 'microdnf';

/** The package manager a runtime image installs with, when it has one and the catalog says which. */
export function packageManagerOf(image: ImageLookup): SystemPackageManager | undefined {
  if (!image.known || !hasShell(image)) return undefined;
  if (image.role === 'minimal runtime' || image.role === 'empty base' || image.role === 'minimal base') return undefined;
  switch (image.distro?.family) {
    case 'debian':
    case 'ubuntu':
      return 'apt';
    case 'alpine':
    case 'wolfi':
      return 'apk';
    case 'rhel':
      return 'microdnf';
    default:
      return undefined;
  }
}
