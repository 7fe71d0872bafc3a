import type { PackageInstall } from '../../runCommands';
import { commandName } from '../../shell';
import { appFolder, buildCommands } from '../artifacts';
import { baseName } from '../paths';
import { assemblePlan, type GeneratedInstruction, type Placement } from '../plan';
import { catalogRuntimeImages, sameImageCandidates } from '../runtimeImage';
import type { ConvertStageFacts } from '../stageFacts';
import { nodeProject } from '../project';
import { appPackages } from '../runtimeLibraries';
import type { Ecosystem } from './ecosystem';

const NODE_MANAGERS = new Set<PackageInstall['manager']>(['npm', 'yarn', 'pnpm']);
const NODE_TOOLS = new Set(['npm', 'yarn', 'pnpm', 'npx', 'bun', 'bunx', 'pnpx']);

export function nodeInstalls(facts: ConvertStageFacts): PackageInstall[] {
  return facts.instructions.flatMap((instruction) => instruction.run?.installs.filter((install) => NODE_MANAGERS.has(install.manager) && install.fromManifest) ?? []);
}

export function usesNodeTools(facts: ConvertStageFacts): boolean {
  return nodeInstalls(facts).length > 0 || buildCommands(facts).some(({ command }) => NODE_TOOLS.has(commandName(command)));
}

/** The package.json script CMD/ENTRYPOINT runs (`npm start`, `npm run serve`, `yarn start`), as written there. */
function startedScript(facts: ConvertStageFacts): string | undefined {
  const [program, ...args] = facts.start?.argv ?? [];
  if (program === undefined || !/^(npm|yarn|pnpm)$/.test(baseName(program))) return undefined;
  const words = args.filter((word) => !word.startsWith('-'));
  const name = words[0] === 'run' || words[0] === 'run-script' ? words[1] : words[0] === 'start' || words[0] === undefined ? 'start' : words[0];
  return name === undefined ? undefined : nodeProject(facts.context)?.scripts[name];
}

/** A development dependency the started script runs (`nodemon`, `ts-node`, `next` kept in devDependencies): pruning would break the start. */
export function devDependencyAtStart(facts: ConvertStageFacts): string | undefined {
  const script = startedScript(facts);
  const dev = nodeProject(facts.context)?.devDependencies ?? [];
  if (script === undefined) return undefined;
  const words = script.split(/[\s;&|()]+/);
  // A scoped package's program is named otherwise (`@nestjs/cli` installs `nest`): only unscoped names are matched.
  return dev.find((name) => !name.startsWith('@') && words.includes(name));
}

/** Drops development dependencies after the build, so the folder the runtime stage copies holds production ones only. */
function pruneStep(facts: ConvertStageFacts): { instruction?: GeneratedInstruction; note?: string } {
  const withDev = facts.instructions.flatMap((instruction) => instruction.run?.devDependencyInstalls.filter((install) => NODE_MANAGERS.has(install.manager)) ?? []);
  const manager = withDev[withDev.length - 1]?.manager;
  const needed = manager === undefined ? undefined : devDependencyAtStart(facts);
  if (needed) return { note: `The start script runs ${needed}, a development dependency, so node_modules keeps the development dependencies; move ${needed} to dependencies to prune them.` };
  const comment = 'The runtime stage copies production dependencies only';
  if (manager === 'npm') return { instruction: { comment, text: 'RUN npm prune --omit=dev' } };
  if (manager === 'pnpm') return { instruction: { comment, text: 'RUN pnpm prune --prod' } };
  if (manager === 'yarn') return { note: 'node_modules still holds development dependencies: yarn has no prune; reinstall with `yarn install --production` (classic) or `yarn workspaces focus --production` (berry) at the end of the build stage.' };
  return {};
}

/**
 * RUNs in the build stage that only install packages globally (`npm install -g serve`) where one
 * of them is the program CMD starts: they run in the runtime stage too, since the global folder
 * is not what the runtime stage copies.
 */
function globalInstallsOfStart(facts: ConvertStageFacts): Map<number, Placement> {
  const program = baseName(facts.start?.argv[0] ?? '');
  const placements = new Map<number, Placement>();
  for (const instruction of facts.instructions) {
    const run = instruction.run;
    if (!run || instruction.position > facts.lastBuildPosition || run.script.commands.length !== run.installs.length) continue;
    const global = run.installs.every((install) => install.manager === 'npm' && install.command.argv.some((word) => word === '-g' || word === '--global'));
    if (global && run.installs.some((install) => install.packages.some((name) => name.replace(/@[^@/]*$/, '') === program))) placements.set(instruction.position, 'both');
  }
  return placements;
}

export const node: Ecosystem = {
  id: 'node',
  title: 'Node.js',
  images: ['node', 'cgr.dev/chainguard/node'],
  usesTools: usesNodeTools,
  plan(facts) {
    const folder = appFolder(facts);
    if (!folder) return { declined: 'The app has no WORKDIR, so there is no app folder to copy into the runtime stage. Set a WORKDIR first.' };
    const prune = pruneStep(facts);
    return assemblePlan(facts, {
      ecosystem: 'node',
      buildPurpose: 'installs the dependencies and builds the app.',
      runtimePurpose: 'the app with its production dependencies, on a Node.js runtime image.',
      candidates: [...catalogRuntimeImages(facts), ...sameImageCandidates(facts)],
      artifacts: [{ source: folder, destination: folder }],
      artifactPurpose: 'The app folder: sources, build output and production node_modules',
      placements: globalInstallsOfStart(facts),
      buildInsertions: prune.instruction ? [{ position: facts.lastBuildPosition + 1, instruction: prune.instruction }] : [],
      notes: prune.note ? [prune.note] : [],
      languagePackages: { manager: 'npm', names: appPackages(facts, NODE_MANAGERS, nodeProject(facts.context)?.dependencies ?? []) },
    });
  },
};
