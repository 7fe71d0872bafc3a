import { baseName } from '../paths';
import { assemblePlan, type Placement } from '../plan';
import type { ConvertStageFacts } from '../stageFacts';
import type { Ecosystem } from './ecosystem';
import { usesNodeTools } from './node';

const NGINX_ROOT = '/usr/share/nginx/html';

/** A front end built with Node.js and served by nginx from the same image. */
export function servesWithNginx(facts: ConvertStageFacts): boolean {
  return baseName(facts.start?.argv[0] ?? '') === 'nginx';
}

export const staticSite: Ecosystem = {
  id: 'static',
  title: 'static site',
  images: [],
  usesTools: (facts) => usesNodeTools(facts) && servesWithNginx(facts),
  plan(facts) {
    const fillsRoot = facts.instructions.some((instruction) => instruction.keyword === 'RUN' && instruction.block.lines.join('\n').includes(NGINX_ROOT));
    if (!fillsRoot) return { declined: `The site is served by nginx, but no RUN puts the build output in ${NGINX_ROOT}, so the folder to serve is unknown.` };
    // Steps after the build prepare the site inside the Node.js image (installing nginx, copying the output): they stay there.
    const placements = new Map<number, Placement>();
    for (const instruction of facts.instructions) {
      if (instruction.position > facts.lastBuildPosition && instruction.keyword === 'RUN') placements.set(instruction.position, 'build');
      // nginx serves from its own root; the app folder means nothing in its image.
      if (instruction.position <= facts.lastBuildPosition && instruction.keyword === 'WORKDIR') placements.set(instruction.position, 'build');
    }
    const alpine = facts.image?.known && facts.image.distro?.family === 'alpine';
    return assemblePlan(facts, {
      ecosystem: 'static',
      buildPurpose: 'builds the site with Node.js.',
      runtimePurpose: 'only the built files, served by nginx.',
      candidates: [alpine ? 'nginx:stable-alpine' : 'nginx:stable'],
      artifacts: [{ source: NGINX_ROOT, destination: NGINX_ROOT }],
      artifactPurpose: 'The built site, where nginx serves it from',
      placements,
      providedPackages: ['nginx'],
    });
  },
};
