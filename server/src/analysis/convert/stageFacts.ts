import type { Copy, Env, Instruction } from 'dockerfile-ast';
import { derivedKey, type DocumentModel } from '../documentModel';
import { lookupImage, type ImageLookup } from '../imageCatalog';
import { imageFacts } from '../rules/image/support';
import type { PackageInstall, RunAnalysis } from '../runCommands';
import { commandName, parseShellScript, type ShellCommand } from '../shell';
import type { Stage } from '../stageTypes';
import { expandWord } from '../variables';
import { NO_CONTEXT, type BuildContext } from './context';
import { resolvePath } from './paths';
import { blockOf, sourceLayout, type SourceBlock, type SourceLayout } from './source';
import { keywordOf } from '../instructionFacts';

/** Instructions that describe the image that runs rather than how it is built. */
export const RUNTIME_METADATA = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'USER', 'VOLUME', 'HEALTHCHECK', 'STOPSIGNAL', 'LABEL', 'MAINTAINER', 'ONBUILD']);

const SYSTEM_MANAGERS = new Set<PackageInstall['manager']>(['apt', 'apk', 'yum', 'dnf', 'microdnf', 'zypper']);

export interface InstructionFacts {
  /** Position among the stage's instructions (FROM excluded). */
  readonly position: number;
  readonly instruction: Instruction;
  /** Upper case. */
  readonly keyword: string;
  readonly block: SourceBlock;
  readonly run: RunAnalysis | undefined;
  /** The build steps of a RUN, front-end builders and asset compilers included. */
  readonly builds: readonly ShellCommand[];
  /** True for a RUN that fetches the app's dependencies (`npm ci`, `pip install`, `bundle install`, `go mod download`). */
  readonly fetchesDependencies: boolean;
  /** Installs of distribution packages (apt, apk, dnf...). */
  readonly systemInstalls: readonly PackageInstall[];
  /** The WORKDIR in effect for the instruction (for WORKDIR itself: the one it sets). */
  readonly workdir: string | undefined;
  /** ENV and ARG values in effect for the instruction. */
  readonly env: Readonly<Record<string, string>>;
}

/** How the container starts: the program and arguments of the last ENTRYPOINT and CMD. */
export interface StartCommand {
  /** The words of the first command that runs, wrappers (`sh -c`, `exec`) looked through. */
  readonly argv: readonly string[];
  /** The WORKDIR the container starts in. */
  readonly workdir: string | undefined;
}

export interface ConvertStageFacts {
  readonly layout: SourceLayout;
  readonly stage: Stage;
  readonly instructions: readonly InstructionFacts[];
  /** Position of the last instruction that builds or fetches dependencies; -1 when none does. */
  readonly lastBuildPosition: number;
  /** The image the stage starts from, as the catalog knows it. */
  readonly image: ImageLookup | undefined;
  readonly start: StartCommand | undefined;
  /** True when the image runs Windows containers. */
  readonly windows: boolean;
  readonly escape: string;
  /** The project files next to the Dockerfile, when they could be read. */
  readonly context: BuildContext;
}

const stageFactsKey = derivedKey<Map<Stage, ConvertStageFacts>>('conversion facts by stage');

/** The facts of one stage of a document version, computed once (code actions ask on every cursor move). */
export function stageFacts(model: DocumentModel, stage: Stage): ConvertStageFacts {
  return model.deriveFor(stageFactsKey, stage, () => computeStageFacts(model, stage));
}

function computeStageFacts(model: DocumentModel, stage: Stage): ConvertStageFacts {
  const layout = sourceLayout(model);
  const runs = new Map<Instruction, RunAnalysis>();
  for (const run of imageFacts(model).stages[stage.index]?.runs ?? []) runs.set(run.instruction, run);
  const escape = model.stageModel.escapeCharacter;

  const imageText = stage.base.resolved;
  const image = imageText === undefined ? undefined : lookupImage(imageText);
  // What the image's own ENV sets (`golang`'s GOPATH) is there for `WORKDIR $GOPATH/src/app` too.
  const env: Record<string, string> = { ...(image?.known ? image.env : {}) };
  // The image's own WORKDIR is where an app copied with relative paths lands (php:apache's /var/www/html).
  let workdir = image?.known ? image.workdir : undefined;
  const instructions = stage.instructions.map((instruction, position): InstructionFacts => {
    const keyword = keywordOf(instruction);
    if (keyword === 'ENV' || keyword === 'ARG') {
      for (const property of (instruction as Env).getProperties()) {
        const value = property.getValue();
        if (value !== null) env[property.getName()] = expandVariables(value, env, escape);
      }
    } else if (keyword === 'WORKDIR') {
      const target = expandVariables((instruction.getArgumentsContent() ?? '').trim().replace(/^"(.*)"$/, '$1'), env, escape);
      if (target !== '') workdir = resolvePath(workdir, target);
    }
    const run = runs.get(instruction);
    const commands = run?.script.commands ?? [];
    return {
      position,
      instruction,
      keyword,
      block: blockOf(layout, instruction),
      run,
      builds: run ? [...run.builds.map((build) => build.command), ...commands.filter(isExtraBuild)] : [],
      fetchesDependencies: run !== undefined && (run.dependencySteps.length > 0 || run.installs.some(isAppDependencyInstall)),
      systemInstalls: run?.installs.filter((install) => SYSTEM_MANAGERS.has(install.manager)) ?? [],
      workdir,
      env: { ...env },
    };
  });

  let lastBuildPosition = -1;
  for (const facts of instructions) {
    if (facts.builds.length > 0 || facts.fetchesDependencies) lastBuildPosition = facts.position;
  }
  if (lastBuildPosition < 0) lastBuildPosition = lastUnknownBuild(instructions);
  return {
    layout,
    stage,
    instructions,
    lastBuildPosition,
    image,
    start: startCommand(instructions, escape),
    windows: isWindowsStage(stage, image, instructions),
    escape,
    context: NO_CONTEXT,
  };
}

/** Commands that prepare the system rather than build the app. */
const SETUP_COMMANDS = new Set(['apt-get', 'apt', 'apk', 'dnf', 'yum', 'microdnf', 'zypper', 'rm', 'mkdir', 'ln', 'echo', 'set', 'true', 'useradd', 'adduser', 'groupadd', 'addgroup', 'chown', 'chmod']);

/**
 * A build the RUN analysis does not recognise (`sh ./build.sh`, `scons`): the last RUN after the
 * sources are copied in that does more than install packages or set up users; -1 when none does.
 */
function lastUnknownBuild(instructions: readonly InstructionFacts[]): number {
  const sources = instructions.find((facts) => (facts.keyword === 'COPY' || facts.keyword === 'ADD') && !copiesFromStage(facts.instruction));
  if (!sources) return -1;
  let last = -1;
  for (const facts of instructions) {
    if (facts.position < sources.position || !facts.run) continue;
    const commands = facts.run.script.commands;
    if (commands.length > 0 && commands.some((command) => !SETUP_COMMANDS.has(commandName(command)))) last = facts.position;
  }
  return last;
}

/** `text` with the variables `env` sets expanded, as BuildKit expands them in instructions; others are left as written. */
export function expandVariables(text: string, env: Readonly<Record<string, string>>, escape = '\\'): string {
  const expansion = expandWord(text, (name) => (name in env ? { kind: 'value', value: env[name] } : undefined), escape);
  return expansion.value ?? text;
}

/** Language package installs that belong to the app (not `npm install -g`, a tool for the image). */
function isAppDependencyInstall(install: PackageInstall): boolean {
  if (SYSTEM_MANAGERS.has(install.manager)) return false;
  const global = install.command.argv.some((word) => word === '-g' || word === '--global');
  return !global;
}

/** Front-end bundlers run through a package runner, and asset compilers, which the RUN analysis leaves out. */
const FRONTEND_BUILDERS = new Set(['ng', 'vite', 'next', 'nuxt', 'react-scripts', 'astro', 'parcel', 'webpack', 'rollup', 'esbuild', 'tsc', 'svelte-kit', 'gatsby', 'vue-cli-service']);
const PACKAGE_RUNNERS = new Set(['npx', 'bunx', 'yarn', 'pnpx']);

function isExtraBuild(command: ShellCommand): boolean {
  const name = commandName(command);
  let words = command.argv.slice(1);
  let tool = name;
  if (PACKAGE_RUNNERS.has(name) || (name === 'pnpm' && (words[0] === 'exec' || words[0] === 'dlx'))) {
    if (name === 'pnpm') words = words.slice(1);
    const index = words.findIndex((word) => !word.startsWith('-'));
    if (index < 0) return false;
    tool = words[index];
    words = words.slice(index + 1);
  }
  // `npx tsc` is already one of the RUN analysis' build steps.
  if (name === 'npx' && tool === 'tsc') return false;
  // The Prisma client is generated into node_modules before the prune; `prisma migrate` needs the database, at run time.
  if (tool === 'prisma') return words[0] === 'generate';
  if (FRONTEND_BUILDERS.has(tool) && tool !== name) return true;
  if (FRONTEND_BUILDERS.has(tool) && words[0] === 'build') return true;
  if (name === 'composer' && (words[0] === 'dump-autoload' || words[0] === 'dumpautoload')) return true;
  const rake = name === 'bundle' && words[0] === 'exec' ? words.slice(1) : [name, ...words];
  return (rake[0] === 'rake' || rake[0] === 'rails') && rake.slice(1).some((word) => /^assets:precompile$/.test(word));
}

function isWindowsStage(stage: Stage, image: ImageLookup | undefined, instructions: readonly InstructionFacts[]): boolean {
  const text = (stage.base.resolved ?? stage.base.text).toLowerCase();
  if (/(nanoserver|windowsservercore|servercore|ltsc20\d\d)/.test(text)) return true;
  if (image?.known && image.tagMeanings.some((meaning) => /Windows/.test(meaning))) return true;
  return instructions.some((facts) => facts.keyword === 'SHELL' && /powershell|pwsh|cmd(\.exe)?"/i.test(facts.instruction.getArgumentsContent() ?? ''));
}

/** The command the container runs: ENTRYPOINT (plus CMD in exec form), or CMD alone. */
function startCommand(instructions: readonly InstructionFacts[], escape: string): StartCommand | undefined {
  const last = (keyword: string) => [...instructions].reverse().find((facts) => facts.keyword === keyword);
  const entrypoint = last('ENTRYPOINT');
  const cmd = last('CMD');
  const chosen = entrypoint ?? cmd;
  if (!chosen) return undefined;
  let argv = commandWords(chosen.instruction, escape);
  if (entrypoint && cmd && isExecForm(entrypoint.instruction)) {
    argv = [...argv, ...commandWords(cmd.instruction, escape)];
  }
  return { argv, workdir: chosen.workdir };
}

/** COPY or ADD with `--from`: files from a stage or an image, not from the build context. */
export function copiesFromStage(instruction: Instruction): boolean {
  return (instruction as Copy).getFlags().some((flag) => flag.getName() === 'from');
}

export function isExecForm(instruction: Instruction): boolean {
  return jsonWords(instruction) !== undefined;
}

function jsonWords(instruction: Instruction): string[] | undefined {
  const raw = (instruction.getArgumentsContent() ?? '').trim();
  if (!raw.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.every((word) => typeof word === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The words of the first command a CMD or ENTRYPOINT runs, through `sh -c` strings and `exec`. */
function commandWords(instruction: Instruction, escape: string): string[] {
  const json = jsonWords(instruction);
  const script = json === undefined ? joinContinuations(instruction.getArgumentsContent() ?? '', escape) : undefined;
  const commands = script !== undefined ? parseShellScript(script) : json !== undefined && json.length > 0 ? unwrapShell(json) : [];
  const first = commands[0]?.argv ?? json ?? [];
  return first[0] === 'exec' ? first.slice(1) : [...first];
}

function unwrapShell(argv: readonly string[]): ShellCommand[] {
  const shell = /(^|\/)(ba)?sh$/.test(argv[0] ?? '');
  if (shell && argv[1] === '-c' && argv[2] !== undefined) return parseShellScript(argv[2]);
  return [{ argv, env: {}, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, nested: true }];
}

function joinContinuations(text: string, escape: string): string {
  const pattern = new RegExp(`${escape.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}[ \\t]*\\r?\\n`, 'g');
  return text.replace(pattern, ' ');
}
