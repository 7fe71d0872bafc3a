import { commandName } from '../../shell';
import { appFolder } from '../artifacts';
import { assemblePlan, type Placement } from '../plan';
import { sameImageCandidates } from '../runtimeImage';
import type { ConvertStageFacts, InstructionFacts } from '../stageFacts';
import type { Ecosystem } from './ecosystem';

/** Commands that change the PHP installation itself, which the runtime image needs as much as the build. */
const PHP_SETUP = /^(docker-php-ext-(install|enable|configure)|docker-php-source|pecl|a2enmod|a2enconf|a2ensite|install-php-extensions)$/;

function setsUpPhp(instruction: InstructionFacts): boolean {
  return instruction.run?.script.commands.some((command) => PHP_SETUP.test(commandName(command))) ?? false;
}

function composerSteps(facts: ConvertStageFacts) {
  return facts.instructions.filter((instruction) => instruction.run?.installs.some((install) => install.manager === 'composer'));
}

export const php: Ecosystem = {
  id: 'php',
  title: 'PHP',
  images: ['php'],
  usesTools: (facts) => composerSteps(facts).length > 0,
  plan(facts) {
    if (composerSteps(facts).length === 0) return { declined: 'No `composer install` in the stage: there is no vendor folder to build separately.' };
    const folder = appFolder(facts);
    if (!folder) return { declined: 'The app has no WORKDIR, so there is no app folder to copy into the runtime stage. Set a WORKDIR first.' };
    const placements = new Map<number, Placement>();
    const lastSetup = facts.instructions.filter(setsUpPhp).at(-1)?.position ?? -1;
    for (const instruction of facts.instructions) {
      if (instruction.position > facts.lastBuildPosition) continue;
      // The extension setup compiles against the headers installed before it, in both stages.
      const setupInput = instruction.position < lastSetup && instruction.systemInstalls.some((install) => install.packages.some((name) => /-dev(el)?$/.test(name)));
      if (setsUpPhp(instruction) || setupInput) placements.set(instruction.position, 'both');
    }
    return assemblePlan(facts, {
      ecosystem: 'php',
      buildPurpose: 'installs the Composer dependencies.',
      runtimePurpose: 'the PHP image with its extensions, the app and vendor/.',
      candidates: sameImageCandidates(facts),
      artifacts: [{ source: folder, destination: folder }],
      artifactPurpose: 'The app folder with vendor/',
      placements,
    });
  },
};
