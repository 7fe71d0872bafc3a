import { appFolder, programArtifacts } from '../artifacts';
import { isInside } from '../paths';
import { assemblePlan } from '../plan';
import { sameImageCandidates } from '../runtimeImage';
import type { Ecosystem } from './ecosystem';

/** Anything else that builds: the WORKDIR tree moves to a fresh copy of the base image, without the build tools. */
export const generic: Ecosystem = {
  id: 'generic',
  title: 'generic',
  images: [],
  usesTools: () => true,
  plan(facts) {
    const folder = appFolder(facts);
    if (!folder) return { declined: 'The stage has no WORKDIR, so the folder holding the build result is unknown. Set a WORKDIR first.' };
    // Only a program named by its path: a bare name may come from the base image.
    const named = /[\\/]/.test(facts.start?.argv[0] ?? '');
    const program = named ? programArtifacts(facts, []).filter((copy) => !isInside(copy.source, folder)) : [];
    return assemblePlan(facts, {
      ecosystem: 'generic',
      buildPurpose: 'installs the build tools and builds the app.',
      runtimePurpose: 'the app folder on the same base, without the build tools.',
      candidates: sameImageCandidates(facts),
      artifacts: [{ source: folder, destination: folder }, ...program],
      artifactPurpose: 'The app folder as the build left it',
    });
  },
};
