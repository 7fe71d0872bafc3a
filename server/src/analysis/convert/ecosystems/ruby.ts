import { appFolder, buildCopiesSources, type ArtifactCopy } from '../artifacts';
import { assemblePlan, defaultPlacements } from '../plan';
import { catalogRuntimeImages, sameImageCandidates } from '../runtimeImage';
import type { ConvertStageFacts } from '../stageFacts';
import { gemNames } from '../project';
import { appPackages } from '../runtimeLibraries';
import type { Ecosystem } from './ecosystem';

/** Where the official ruby images install gems and keep Bundler's configuration. */
const GEM_HOME = '/usr/local/bundle';

function bundleInstalls(facts: ConvertStageFacts) {
  return facts.instructions.filter((instruction) => instruction.run?.installs.some((install) => install.manager === 'bundler'));
}

export const ruby: Ecosystem = {
  id: 'ruby',
  title: 'Ruby',
  images: ['ruby'],
  usesTools: (facts) => bundleInstalls(facts).length > 0,
  plan(facts) {
    const installs = bundleInstalls(facts);
    const repository = facts.image?.known ? facts.image.reference.familiarName : undefined;
    if (installs.length === 0) return { declined: 'No `bundle install` in the stage: there are no gems to copy into a runtime image.' };
    const last = installs[installs.length - 1];
    const gems = last.env.BUNDLE_PATH ?? last.env.GEM_HOME ?? (repository === 'ruby' ? GEM_HOME : undefined);
    if (!gems) return { declined: `Bundler installs gems into the system Ruby of ${facts.stage.base.resolved ?? facts.stage.base.text}; start from a ruby image, or set BUNDLE_PATH, first.` };
    const placements = defaultPlacements(facts);
    const artifacts: ArtifactCopy[] = [{ source: gems, destination: gems }];
    const folder = appFolder(facts);
    if (folder && buildCopiesSources(facts, (instruction) => placements[instruction.position] !== 'runtime')) artifacts.push({ source: folder, destination: folder });
    return assemblePlan(facts, {
      ecosystem: 'ruby',
      buildPurpose: 'installs the gems, compiling native extensions.',
      runtimePurpose: 'the gems and the app, on a Ruby image without compilers.',
      candidates: [...catalogRuntimeImages(facts), ...sameImageCandidates(facts)],
      artifacts,
      artifactPurpose: artifacts.length > 1 ? 'The installed gems with the Bundler settings, and the app folder' : 'The installed gems with the Bundler settings',
      languagePackages: { manager: 'gem', names: appPackages(facts, new Set(['bundler']), gemNames(facts.context)) },
    });
  },
};
