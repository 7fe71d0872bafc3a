import type { ConvertStageFacts } from '../stageFacts';
import { dotnet } from './dotnet';
import type { Ecosystem } from './ecosystem';
import { generic } from './generic';
import { go } from './go';
import { gradle, maven } from './java';
import { native } from './native';
import { node } from './node';
import { php } from './php';
import { python } from './python';
import { ruby } from './ruby';
import { rust } from './rust';
import { servesWithNginx, staticSite } from './staticSite';

export type { Ecosystem } from './ecosystem';

/** Compiled languages first: their build tools say more than the packages a stage installs. */
export const ecosystems: readonly Ecosystem[] = [go, rust, maven, gradle, dotnet, staticSite, node, python, ruby, php, native, generic];

const JDK_IMAGES = new Set(['eclipse-temurin', 'openjdk', 'amazoncorretto', 'ibm-semeru-runtimes', 'sapmachine', 'cgr.dev/chainguard/jdk']);

/**
 * The ecosystem of a stage: the one its build image belongs to (a node image serving with nginx
 * is a static site), else the first whose tools the stage runs, else the generic one.
 */
export function detectEcosystem(facts: ConvertStageFacts): Ecosystem {
  const repository = facts.image?.known || facts.image?.reference ? facts.image.reference?.familiarName : undefined;
  if (repository !== undefined) {
    const byImage = ecosystems.find((ecosystem) => ecosystem.images.includes(repository));
    if (byImage === node && servesWithNginx(facts)) return staticSite;
    if (byImage) return byImage;
    if (JDK_IMAGES.has(repository)) return [maven, gradle].find((ecosystem) => ecosystem.usesTools(facts)) ?? maven;
  }
  return ecosystems.find((ecosystem) => ecosystem.usesTools(facts)) ?? generic;
}
