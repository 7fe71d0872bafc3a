import type { PackageInstall } from '../../runCommands';
import { commandName } from '../../shell';
import { appFolder, buildCopiesSources, type BuildOutput } from '../artifacts';
import { resolvePath } from '../paths';
import { assemblePlan, defaultPlacements, type ArtifactCopy, type GeneratedInstruction } from '../plan';
import { catalogRuntimeImages, sameImageCandidates } from '../runtimeImage';
import type { ConvertStageFacts } from '../stageFacts';
import type { Ecosystem } from './ecosystem';

const PYTHON_MANAGERS = new Set<PackageInstall['manager']>(['pip', 'poetry', 'pipenv']);
const VENV = '/opt/venv';

function pythonSteps(facts: ConvertStageFacts) {
  return facts.instructions.filter((instruction) => instruction.run?.installs.some((install) => PYTHON_MANAGERS.has(install.manager)) || instruction.builds.some((command) => /^(python\d*(\.\d+)?|pip\d*(\.\d+)?)$/.test(commandName(command))));
}

/** A virtual environment the Dockerfile creates itself (`python -m venv /venv`, `virtualenv /venv`). */
function existingVenv(facts: ConvertStageFacts): BuildOutput | undefined {
  for (const instruction of facts.instructions) {
    for (const command of instruction.run?.script.commands ?? []) {
      const name = commandName(command);
      const args = command.argv.slice(1);
      const target = /^python\d*(\.\d+)?$/.test(name) && args[0] === '-m' && (args[1] === 'venv' || args[1] === 'virtualenv') ? args.slice(2) : name === 'virtualenv' ? args : undefined;
      const path = target?.find((word) => !word.startsWith('-'));
      if (path) return { path: resolvePath(instruction.workdir, path), folder: true };
    }
  }
  return undefined;
}

export const python: Ecosystem = {
  id: 'python',
  title: 'Python',
  images: ['python'],
  usesTools: (facts) => pythonSteps(facts).length > 0,
  plan(facts) {
    const repository = facts.image?.known ? facts.image.reference.familiarName : undefined;
    const own = existingVenv(facts);
    if (!own && repository !== 'python') {
      return { declined: `pip installs into the system Python of ${facts.stage.base.resolved ?? facts.stage.base.text}, which a runtime stage cannot take over. Start from a python image, or install into a virtual environment, first.` };
    }
    const steps = pythonSteps(facts);
    if (steps.length === 0) return { declined: 'No pip, poetry or pipenv step: there are no dependencies to move into a virtual environment.' };
    const venv = own?.path ?? VENV;
    const environment: GeneratedInstruction = { text: `ENV VIRTUAL_ENV=${venv} PATH="${venv}/bin:$PATH"` };
    const buildInsertions = own
      ? []
      : [
          { position: steps[0].position, instruction: { comment: 'Dependencies go into a virtual environment: one folder the runtime stage copies', text: `RUN python -m venv ${VENV}` } },
          { position: steps[0].position, instruction: environment },
        ];
    const placements = defaultPlacements(facts);
    // A venv of the Dockerfile's own is usually put on the PATH by an ENV that the runtime stage gets too.
    const onPath = facts.instructions.some(
      (instruction) => instruction.keyword === 'ENV' && placements[instruction.position] !== 'build' && instruction.block.lines.join('\n').includes(`${venv}/bin`),
    );
    const artifacts: ArtifactCopy[] = [{ source: venv, destination: venv }];
    const folder = appFolder(facts);
    if (folder && buildCopiesSources(facts, (instruction) => placements[instruction.position] !== 'runtime')) artifacts.push({ source: folder, destination: folder });
    return assemblePlan(facts, {
      ecosystem: 'python',
      buildPurpose: 'installs the dependencies into a virtual environment.',
      runtimePurpose: 'the virtual environment and the app, on a slim Python image.',
      candidates: [...catalogRuntimeImages(facts), ...sameImageCandidates(facts)],
      artifacts,
      artifactPurpose: folder && artifacts.length > 1 ? 'The virtual environment with the dependencies, and the app folder' : 'The virtual environment with the dependencies',
      buildInsertions,
      runtimeAfterArtifacts: onPath ? [] : [environment],
    });
  },
};
