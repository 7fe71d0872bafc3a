import type { PackageInstall } from '../../runCommands';
import { commandName } from '../../shell';
import { appFolder, buildCopiesSources, type BuildOutput } from '../artifacts';
import { resolvePath } from '../paths';
import type { ArtifactCopy } from '../artifacts';
import { assemblePlan, defaultPlacements, type Declined, type GeneratedInstruction } from '../plan';
import { catalogRuntimeImages, sameImageCandidates } from '../runtimeImage';
import type { ConvertStageFacts } from '../stageFacts';
import { pythonPackages } from '../project';
import { appPackages } from '../runtimeLibraries';
import type { Ecosystem } from './ecosystem';

const PYTHON_MANAGERS = new Set<PackageInstall['manager']>(['pip', 'poetry', 'pipenv']);
const VENV = '/opt/venv';
const USER_SITE = '/root/.local';

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

/** `pip install --user` puts packages and scripts under the user's home, not in a venv. */
function installsForUser(facts: ConvertStageFacts): boolean {
  return facts.instructions.some((instruction) => instruction.run?.installs.some((install) => install.manager === 'pip' && install.command.argv.includes('--user')));
}

/** A USER other than root in effect before the last build step. */
function buildsAsAnotherUser(facts: ConvertStageFacts): boolean {
  return facts.instructions.some(
    (instruction) => instruction.keyword === 'USER' && instruction.position < facts.lastBuildPosition && !/^(root|0)(:.*)?$/.test((instruction.instruction.getArgumentsContent() ?? '').trim()),
  );
}

/** Where the dependencies end up: a venv (the Dockerfile's own, or one the build stage creates), or root's user site. */
interface DependencyHome {
  readonly path: string;
  readonly environment: GeneratedInstruction;
  readonly created: boolean;
  readonly what: string;
}

function dependencyHome(facts: ConvertStageFacts): DependencyHome | Declined {
  if (installsForUser(facts)) {
    if (buildsAsAnotherUser(facts)) return { declined: '`pip install --user` runs as another user than root, whose home folder is not known here.' };
    return { path: USER_SITE, environment: { text: `ENV PATH="${USER_SITE}/bin:$PATH"` }, created: false, what: 'the user site of `pip install --user`' };
  }
  const repository = facts.image?.known ? facts.image.reference.familiarName : undefined;
  const own = existingVenv(facts);
  if (!own && repository !== 'python') {
    return { declined: `pip installs into the system Python of ${facts.stage.base.resolved ?? facts.stage.base.text}, which a runtime stage cannot take over. Start from a python image, or install into a virtual environment, first.` };
  }
  const path = own?.path ?? VENV;
  return { path, environment: { text: `ENV VIRTUAL_ENV=${path} PATH="${path}/bin:$PATH"` }, created: !own, what: 'a virtual environment' };
}

export const python: Ecosystem = {
  id: 'python',
  title: 'Python',
  images: ['python'],
  usesTools: (facts) => pythonSteps(facts).length > 0,
  plan(facts) {
    const steps = pythonSteps(facts);
    if (steps.length === 0) return { declined: 'No pip, poetry or pipenv step: there are no dependencies to copy into a runtime image.' };
    const home = dependencyHome(facts);
    if ('declined' in home) return home;
    const buildInsertions = home.created
      ? [
          { position: steps[0].position, instruction: { comment: 'Dependencies go into a virtual environment: one folder the runtime stage copies', text: `RUN python -m venv ${home.path}` } },
          { position: steps[0].position, instruction: home.environment },
        ]
      : [];
    const placements = defaultPlacements(facts);
    // The Dockerfile's own venv is usually put on the PATH by an ENV that the runtime stage gets too.
    const onPath = facts.instructions.some(
      (instruction) => instruction.keyword === 'ENV' && placements[instruction.position] !== 'build' && instruction.block.lines.join('\n').includes(`${home.path}/bin`),
    );
    const artifacts: ArtifactCopy[] = [{ source: home.path, destination: home.path }];
    const folder = appFolder(facts);
    if (folder && buildCopiesSources(facts, (instruction) => placements[instruction.position] !== 'runtime')) artifacts.push({ source: folder, destination: folder });
    return assemblePlan(facts, {
      ecosystem: 'python',
      buildPurpose: `installs the dependencies into ${home.what}.`,
      runtimePurpose: 'the dependencies and the app, on a slim Python image.',
      candidates: [...catalogRuntimeImages(facts), ...sameImageCandidates(facts)],
      artifacts,
      artifactPurpose: artifacts.length > 1 ? 'The installed dependencies, and the app folder' : 'The installed dependencies',
      buildInsertions,
      runtimeAfterArtifacts: onPath ? [] : [home.environment],
      languagePackages: { manager: 'pip', names: appPackages(facts, PYTHON_MANAGERS, pythonPackages(facts.context)) },
    });
  },
};
