import { lookupImage, type DistroInfo, type ImageInfo, type LifecycleEnd } from '../imageCatalog';
import type { ImageReference } from '../imageReference';
import { blocks, code, list, prose, webLink } from './markdown';

/**
 * What a base image is, from the dated image catalog (data/images.json). An image the catalog
 * does not know gets only what its reference itself says: nothing is guessed about its content.
 */
export function imageHover(imageText: string, now: Date): string {
  const info = lookupImage(imageText);
  if (!info.known) {
    if (!info.reference) return blocks(`**Image** ${code(imageText)}`, 'Dockerfile Stages cannot read this as an image reference.');
    return unknownImageHover(info.reference);
  }
  return knownImageHover(info, now);
}

function knownImageHover(info: ImageInfo, now: Date): string {
  const { reference } = info;
  const today = now.toISOString().slice(0, 10);
  const facts: string[] = [];
  if (info.distro) facts.push(`Distribution: ${distroText(info.distro)}${libcText(info.libc)}`);
  else if (info.libc === 'none') facts.push('No C library: only statically linked programs run');
  else if (info.libc) facts.push(`C library: ${libcName(info.libc)}`);
  if (info.defaultUser === 'root') facts.push('Runs as **root** unless the Dockerfile sets `USER`');
  if (info.defaultUser === 'nonroot') facts.push('Runs as a non-root user by default');
  if (info.nonRootTag) facts.push(`Non-root variant: ${code(`${reference.familiarName}:${info.nonRootTag}`)}`);

  const support = info.lifecycle.map((end) => lifecycleText(end, today));
  if (info.deprecation) support.unshift(`⚠️ **Deprecated**: ${prose(info.deprecation.note)} (${webLink('source', info.deprecation.source)})`);

  return blocks(
    `**${info.title}** ${code(reference.text)} · ${info.role}`,
    prose(info.description),
    tagSection(info),
    list(facts),
    list(support),
    runtimeSection(info),
    pinningNote(reference),
    `${webLink('Registry page', info.page)} · sources: ${info.sources.map((source, index) => webLink(String(index + 1), source)).join(', ')} (checked ${info.asOf})`,
  );
}

function tagSection(info: ImageInfo): string | undefined {
  const lines = info.tagMeanings.map(prose);
  if (info.unknownTagWords.length > 0) lines.push(`not explained by the catalog: ${info.unknownTagWords.map(code).join(', ')}`);
  if (lines.length === 0) return undefined;
  const tag = info.reference.tag;
  const heading = tag === undefined ? (info.implicitLatest ? `No tag, so Docker pulls ${code('latest')}:` : 'This image:') : `Tag ${code(tag)}:`;
  return `${heading}\n${list(lines)}`;
}

function runtimeSection(info: ImageInfo): string | undefined {
  if (!info.toolchain) return undefined;
  const note = info.toolchainNote ? `: ${prose(info.toolchainNote)}` : '';
  const heading = `**Build image**${note}. For the final stage, run the result on`;
  if (info.runtimeImages.length > 0) {
    return `${heading}\n${list(info.runtimeImages.map((image) => `${code(image.image)}: ${prose(image.note)}`))}`;
  }
  return info.runtimeAdvice ? `${heading} ${prose(info.runtimeAdvice)}.` : undefined;
}

function lifecycleText(end: LifecycleEnd, today: string): string {
  const source = webLink('source', end.source);
  return end.endOfLife <= today
    ? `⚠️ **End of life**: ${end.subject} since ${end.endOfLife}, no more security updates (${source})`
    : `${end.subject} supported until ${end.endOfLife} (${source})`;
}

function distroText(distro: DistroInfo): string {
  const version = distro.version ? ` ${distro.version}` : '';
  const codename = distro.codename ? ` (${distro.codename})` : '';
  return `${distro.name}${version}${codename}`;
}

function libcText(libc: ImageInfo['libc']): string {
  return libc ? `, ${libcName(libc)}` : '';
}

function libcName(libc: NonNullable<ImageInfo['libc']>): string {
  switch (libc) {
    case 'glibc':
      return 'glibc';
    case 'musl':
      return 'musl libc (binaries built against glibc do not run)';
    case 'none':
      return 'no C library (statically linked programs only)';
  }
}

function pinningNote(reference: ImageReference): string | undefined {
  if (reference.digest) return `Pinned by digest: every build gets exactly the same image.`;
  return undefined;
}

function unknownImageHover(reference: ImageReference): string {
  const facts = [`Registry: ${code(reference.registry)}${reference.registry === 'docker.io' ? ' (Docker Hub)' : ''}`, `Repository: ${code(reference.path)}`];
  if (reference.tag !== undefined) facts.push(`Tag: ${code(reference.tag)}`);
  if (reference.digest !== undefined) facts.push(`Digest: ${code(reference.digest)}`);
  const page = registryPage(reference);
  return blocks(
    `**Image** ${code(reference.text)}`,
    list(facts),
    reference.tag === undefined && reference.digest === undefined ? `No tag, so Docker pulls ${code('latest')}, which moves with each release.` : undefined,
    pinningNote(reference),
    'The image catalog of Dockerfile Stages has no entry for this image.',
    page && webLink('Registry page', page),
  );
}

/** Only pages whose address follows from the reference alone. */
function registryPage(reference: ImageReference): string | undefined {
  if (reference.registry === 'docker.io') {
    return reference.path.startsWith('library/') ? `https://hub.docker.com/_/${reference.path.slice('library/'.length)}` : `https://hub.docker.com/r/${reference.path}`;
  }
  if (reference.registry === 'quay.io') return `https://quay.io/repository/${reference.path}`;
  return undefined;
}
