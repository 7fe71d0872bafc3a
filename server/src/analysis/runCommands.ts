import type { Run } from 'dockerfile-ast';
import { commandName, parseRun, type RunScript, type ShellCommand } from './shell';
import { instructionKey, recentKind } from './recentVersions';
import type { DocumentModel } from './documentModel';
import { withoutTrailing } from './trailing';
import { APK_VALUED, APT_VALUED, PIP_VALUED, RPM_VALUED, hasOption, optionValues, packageName, pipArguments, readCommandLine, recognizeBuild, recognizeDependencyStep, recognizeInstall, type CommandLine, type PackageInstall, type BuildStep, type DependencyStep, type PackageManager } from './commandRecognizers';

/** The recognizers' results are part of a RUN's analysis, and the conversion reads them from here. */
export { recognizeBuild, type BuildStep, type DependencyStep, type PackageInstall, type PackageManager } from './commandRecognizers';

/** What a RUN instruction does that matters for image size: installs, builds, caches it leaves. */
export interface RunAnalysis {
  readonly instruction: Run;
  /** An ONBUILD RUN: it runs in every image built FROM this one. */
  readonly onbuild: boolean;
  readonly script: RunScript;
  readonly installs: readonly PackageInstall[];
  readonly builds: readonly BuildStep[];
  /** Steps that fetch dependencies from a manifest (`npm ci`, `pip install -r`, `go mod download`). */
  readonly dependencySteps: readonly DependencyStep[];
  /** Package manager caches or indexes that this RUN leaves in its layer. */
  readonly leftCaches: readonly CacheLeak[];
  /** Build-only system packages installed and not removed again in the same RUN. */
  readonly keptBuildPackages: readonly KeptPackage[];
  /** Installs that pull development dependencies (and are not pruned later in the same RUN). */
  readonly devDependencyInstalls: readonly PackageInstall[];
  /** Targets of `--mount=type=cache` and `type=tmpfs`: nothing written there ships. */
  readonly discardedPaths: readonly string[];
}

export interface CacheLeak {
  readonly manager: 'apt' | 'apk' | 'yum' | 'dnf' | 'microdnf' | 'zypper' | 'pip';
  /** The command that fills the cache. */
  readonly command: ShellCommand;
  /** What stays behind, for messages. */
  readonly what: string;
  /** The command that removes it, where it is not the manager's usual clean-up. */
  readonly cleanup?: string;
}

export interface KeptPackage {
  readonly name: string;
  readonly install: PackageInstall;
}

export interface RunContext {
  /** ENV and ARG values in effect for the RUN (from its stage and the stages it builds on). */
  readonly env?: Readonly<Record<string, string>>;
  /** The SHELL in effect, when one was set. */
  readonly shell?: readonly string[];
  /** The RUN is an ONBUILD trigger. */
  readonly onbuild?: boolean;
  /** An earlier RUN of the stage removed apt's docker-clean hook, so apt keeps the .deb files it downloads. */
  readonly aptKeepsArchives?: boolean;
}

/** A RUN's analysis apart from the instruction: the same for a later version's RUN with the same text, place and context. */
export type ReusableRunAnalysis = Omit<RunAnalysis, 'instruction' | 'onbuild'>;

const runAnalysisKind = recentKind<ReusableRunAnalysis>('RUN analysis');

/**
 * Parsing a RUN's shell and recognising its commands is the costliest part of the rules, and a
 * keystroke changes one instruction: a model in a series (an open document's versions) takes the
 * analysis of a RUN that a recent version had with the same text and place, escape character,
 * ENV, ARG and SHELL.
 */
export function analyzeRun(model: DocumentModel, run: Run, context: RunContext = {}): RunAnalysis {
  const recent = model.recent;
  const onbuild = context.onbuild === true;
  if (!recent) return { instruction: run, onbuild, ...analyzeRunAnew(model, run, context) };
  const key = `${JSON.stringify([context.shell ?? null, context.env ?? null, context.aptKeepsArchives === true])}${instructionKey(run)}`;
  return { instruction: run, onbuild, ...recent.reuse(runAnalysisKind, key, () => analyzeRunAnew(model, run, context)) };
}

function analyzeRunAnew(model: DocumentModel, run: Run, context: RunContext): ReusableRunAnalysis {
  const script = parseRun(model, run, context.shell);
  const commands = script.commands.map((command) => withStageEnv(command, context.env));
  const discardedPaths = mountTargets(run);
  const installs: PackageInstall[] = [];
  const builds: BuildStep[] = [];
  const dependencySteps: DependencyStep[] = [];
  for (const command of commands) {
    const install = recognizeInstall(command);
    if (install) installs.push(install);
    const build = recognizeBuild(command);
    if (build) builds.push(build);
    const dependency = recognizeDependencyStep(command, install);
    if (dependency) dependencySteps.push(dependency);
  }
  return {
    script,
    installs,
    builds,
    dependencySteps,
    leftCaches: findCacheLeaks(commands, installs, discardedPaths, context.aptKeepsArchives === true),
    keptBuildPackages: findKeptBuildPackages(commands, installs),
    devDependencyInstalls: findDevDependencyInstalls(commands, installs),
    discardedPaths,
  };
}

/** Stage ENV applies unless the command sets the variable itself. */
function withStageEnv(command: ShellCommand, env: Readonly<Record<string, string>> | undefined): ShellCommand {
  if (!env) return command;
  return { ...command, env: { ...env, ...command.env } };
}

function mountTargets(run: Run): string[] {
  const targets: string[] = [];
  for (const flag of run.getFlags()) {
    if (flag.getName() !== 'mount') continue;
    const options = new Map(flag.getOptions().map((option) => [option.getName(), option.getValue() ?? '']));
    const type = options.get('type');
    const target = options.get('target') ?? options.get('dst') ?? options.get('destination');
    if ((type === 'cache' || type === 'tmpfs') && target) targets.push(withoutTrailing(target, '/') || '/');
  }
  return targets;
}

// ---------------------------------------------------------------------------------------------
// Deciding from the words alone

/**
 * For each part of the analysis, words the text of a RUN holds when that part can find anything
 * in it: the command names the recognizers look for, cut to what they share (`npm` stands for
 * `pnpm`, `make` for `cmake` and `gmake`, `cc` for `gcc`, `pip` for `pipenv` and `python -m pip`).
 */
const RUN_WORDS = {
  /** `keptBuildPackages`: installs by a system package manager. */
  buildPackages: ['apt', 'apk', 'yum', 'dnf', 'zypper'],
  /** `leftCaches`: apt update, system installs, pip. */
  caches: ['apt', 'apk', 'yum', 'dnf', 'zypper', 'pip'],
  /** `devDependencyInstalls`: installs from a manifest that take development dependencies. */
  devDependencies: ['npm', 'yarn', 'composer', 'bundle', 'poetry'],
  /** `dependencySteps`. */
  dependencySteps: ['npm', 'yarn', 'composer', 'bundle', 'poetry', 'pip', 'go', 'cargo', 'dotnet', 'mvn'],
  /** `builds`. */
  builds: [
    'go', 'cargo', 'mvn', 'gradle', 'dotnet', 'make', 'ninja', 'meson', 'configure', 'cc', 'g++', 'c++', 'clang',
    'gfortran', 'rustc', 'javac', 'tsc', 'npm', 'yarn', 'bun', 'npx', 'python', 'pip',
  ],
} satisfies Record<string, readonly string[]>;

export type RunConcern = keyof typeof RUN_WORDS;

/**
 * False when that part of the analysis cannot find anything in the RUN, judged without parsing it
 * from its squeezed text (`squeezedTextOf`), where every command name it finds is in one piece.
 */
export function mayConcern(squeezedText: string, concern: RunConcern): boolean {
  // The exec form decodes JSON escapes, which can spell any name.
  return squeezedText.includes('[') || RUN_WORDS[concern].some((word) => squeezedText.includes(word));
}

// ---------------------------------------------------------------------------------------------
// Caches

/** A cache or tmpfs mount on `path` (or a folder containing it) keeps writes there out of the layer. */
function isDiscarded(path: string, discardedPaths: readonly string[]): boolean {
  return discardedPaths.some((target) => target === '/' || path === target || path.startsWith(`${target}/`));
}

/** A path without a trailing `/*` (any number of stars) or, failing that, without its trailing slashes. */
function withoutGlobSuffix(word: string): string {
  const starless = withoutTrailing(word, '*');
  return starless !== word && starless.endsWith('/') ? starless.slice(0, -1) : withoutTrailing(word, '/');
}

/**
 * True when some command removes `path` (or its contents) with `rm`; with `after`, only a command
 * that comes after it counts (a clean-up before the install leaves what the install writes).
 */
function removes(commands: readonly ShellCommand[], path: string, after?: ShellCommand): boolean {
  return commandsAfter(commands, after).some(
    (command) =>
      commandName(command) === 'rm' &&
      command.argv.slice(1).some((word) => {
        const target = withoutGlobSuffix(word);
        return target === path || (target !== '' && path.startsWith(`${target}/`));
      }),
  );
}

/** The commands after `command` in the RUN, or all of them without one. */
function commandsAfter(commands: readonly ShellCommand[], command: ShellCommand | undefined): readonly ShellCommand[] {
  return command === undefined ? commands : commands.slice(commands.indexOf(command) + 1);
}

function subcommandOf(command: ShellCommand, valued: ReadonlySet<string>): CommandLine {
  return readCommandLine(command.argv.slice(1), valued);
}

function isTruthyConfig(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

const APT_DOCKER_CLEAN = '/etc/apt/apt.conf.d/docker-clean';
const APT_ARCHIVES = '/var/cache/apt/archives';

function isAptCommand(command: ShellCommand): boolean {
  const name = commandName(command);
  return name === 'apt-get' || name === 'apt' || name === 'aptitude';
}

/** The last command of the RUN that writes apt's package lists or archives: `update` or an install. */
function lastAptWrite(commands: readonly ShellCommand[], installs: readonly PackageInstall[]): ShellCommand | undefined {
  const writers = commands.filter(
    (command) => (isAptCommand(command) && subcommandOf(command, APT_VALUED).subcommand === 'update') || installs.some((install) => install.command === command && install.manager === 'apt'),
  );
  return writers[writers.length - 1];
}

/**
 * apt's lists, and its downloaded .deb files once the image's docker-clean hook is removed (in
 * this RUN or an earlier one of the stage), left in the layer. Only a clean-up after the last
 * update or install counts.
 */
function findAptLeaks(commands: readonly ShellCommand[], installs: readonly PackageInstall[], discardedPaths: readonly string[], keepsArchives: boolean): CacheLeak[] {
  const leaks: CacheLeak[] = [];
  const aptLists = '/var/lib/apt/lists';
  const lastWrite = lastAptWrite(commands, installs);
  const aptUpdate = commands.find((command) => isAptCommand(command) && subcommandOf(command, APT_VALUED).subcommand === 'update');
  const cleansAfter = (subcommand: string) => commandsAfter(commands, lastWrite).some((command) => isAptCommand(command) && command.argv.includes(subcommand));
  const aptListsCleaned = removes(commands, aptLists, lastWrite) || isDiscarded(aptLists, discardedPaths) || cleansAfter('dist-clean');
  if (aptUpdate && !aptListsCleaned) {
    leaks.push({ manager: 'apt', command: aptUpdate, what: 'the apt package lists in /var/lib/apt/lists' });
  }
  const firstInstall = installs.find((install) => install.manager === 'apt');
  const hookRemoved = keepsArchives || (firstInstall !== undefined && removes(commands.slice(0, commands.indexOf(firstInstall.command)), APT_DOCKER_CLEAN));
  const archivesCleaned = removes(commands, APT_ARCHIVES, lastWrite) || isDiscarded(APT_ARCHIVES, discardedPaths) || cleansAfter('clean') || cleansAfter('dist-clean');
  if (firstInstall && hookRemoved && !archivesCleaned) {
    leaks.push({ manager: 'apt', command: firstInstall.command, what: `the downloaded packages in ${APT_ARCHIVES} (the image's docker-clean hook was removed)`, cleanup: 'apt-get clean' });
  }
  return leaks;
}

function findCacheLeaks(
  commands: readonly ShellCommand[],
  installs: readonly PackageInstall[],
  discardedPaths: readonly string[],
  aptKeepsArchives: boolean,
): CacheLeak[] {
  const leaks: CacheLeak[] = findAptLeaks(commands, installs, discardedPaths, aptKeepsArchives);
  for (const install of installs) {
    const line = subcommandOf(install.command, install.manager === 'apk' ? APK_VALUED : RPM_VALUED);
    const later = commandsAfter(commands, install.command);
    if (install.manager === 'apk') {
      const cleaned =
        hasOption(line, '--no-cache') ||
        removes(commands, '/var/cache/apk', install.command) ||
        isDiscarded('/var/cache/apk', discardedPaths) ||
        isDiscarded('/etc/apk/cache', discardedPaths);
      if (!cleaned) leaks.push({ manager: 'apk', command: install.command, what: 'the apk index in /var/cache/apk' });
    } else if (install.manager === 'yum' || install.manager === 'dnf' || install.manager === 'microdnf') {
      // microdnf keeps its metadata in /var/cache/yum, apart from dnf's, and cleans only its own.
      const cacheDir = install.manager === 'dnf' ? '/var/cache/dnf' : '/var/cache/yum';
      const cleaners = install.manager === 'microdnf' ? ['microdnf'] : ['yum', 'dnf', 'tdnf'];
      const cleaned =
        later.some((command) => cleaners.includes(commandName(command)) && command.argv[1] === 'clean' && command.argv[2] === 'all') ||
        removes(commands, cacheDir, install.command) ||
        removes(commands, '/var/cache/libdnf5', install.command) ||
        isDiscarded(cacheDir, discardedPaths) ||
        (install.manager !== 'yum' && isDiscarded('/var/cache/libdnf5', discardedPaths));
      if (!cleaned) leaks.push({ manager: install.manager, command: install.command, what: `the ${install.manager} metadata cache in ${cacheDir}` });
    } else if (install.manager === 'zypper') {
      const cleaned =
        later.some((command) => commandName(command) === 'zypper' && ['clean', 'cc'].includes(command.argv[1] ?? '')) ||
        removes(commands, '/var/cache/zypp', install.command) ||
        isDiscarded('/var/cache/zypp', discardedPaths);
      if (!cleaned) leaks.push({ manager: 'zypper', command: install.command, what: 'the zypper cache in /var/cache/zypp' });
    } else if (install.manager === 'pip') {
      const pipLine = readCommandLine(pipArguments(install.command) ?? [], PIP_VALUED);
      const cacheDisabled =
        hasOption(pipLine, '--no-cache-dir') ||
        isTruthyConfig(install.command.env.PIP_NO_CACHE_DIR) ||
        later.some((command) => {
          const args = pipArguments(command);
          return args?.[0] === 'cache' && args[1] === 'purge';
        }) ||
        removes(commands, '/root/.cache/pip', install.command) ||
        discardedPaths.some((target) => /(^|\/)\.cache(\/pip)?$/.test(target));
      if (!cacheDisabled) leaks.push({ manager: 'pip', command: install.command, what: 'the pip download cache in ~/.cache/pip' });
    }
  }
  return leaks;
}

// ---------------------------------------------------------------------------------------------
// Build packages

/** Packages that only building needs: compilers, headers, build systems. */
const BUILD_PACKAGES = new Set([
  'build-essential', 'build-base', 'alpine-sdk', 'gcc', 'g++', 'gcc-c++', 'cpp', 'clang', 'llvm', 'make', 'cmake',
  'autoconf', 'automake', 'libtool', 'pkg-config', 'pkgconf', 'pkgconfig', 'ninja-build', 'ninja', 'meson', 'bison',
  'flex', 'gfortran', 'golang', 'golang-go', 'go', 'rustc', 'cargo', 'rust', 'default-jdk', 'default-jdk-headless',
  'maven', 'gradle', 'linux-headers', '@development-tools', 'development tools',
]);

export function isBuildPackage(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    BUILD_PACKAGES.has(lower) ||
    /-(dev|devel)$/.test(lower) ||
    /^(gcc|g\+\+|clang|cpp)-\d+(\.\d+)*$/.test(lower) ||
    /^openjdk-?\d+-jdk(-headless)?$/.test(lower)
  );
}

function findKeptBuildPackages(commands: readonly ShellCommand[], installs: readonly PackageInstall[]): KeptPackage[] {
  const removed = new Set<string>();
  let autoRemovesAll = false;
  let markedAuto = false;
  const virtualGroups = new Map<PackageInstall, string>();
  for (const install of installs) {
    if (install.manager !== 'apk') continue;
    const group = optionValues(subcommandOf(install.command, APK_VALUED), '-t', '--virtual')[0];
    if (group) virtualGroups.set(install, group);
  }
  for (const command of commands) {
    const name = commandName(command);
    if (name === 'apt-mark' && command.argv[1] === 'auto') markedAuto = true;
    if (name === 'apt-get' || name === 'apt' || name === 'aptitude') {
      const line = subcommandOf(command, APT_VALUED);
      if (line.subcommand === 'purge' || line.subcommand === 'remove' || line.subcommand === 'autoremove') {
        line.operands.forEach((operand) => removed.add(packageName(operand)));
        if (markedAuto && (line.subcommand === 'autoremove' || hasOption(line, '--auto-remove', '--autoremove'))) {
          autoRemovesAll = true;
        }
      }
    } else if (name === 'apk') {
      const line = subcommandOf(command, APK_VALUED);
      if (line.subcommand === 'del') line.operands.forEach((operand) => removed.add(packageName(operand)));
    } else if (['yum', 'dnf', 'microdnf', 'zypper'].includes(name)) {
      const line = subcommandOf(command, RPM_VALUED);
      if (['remove', 'erase', 'autoremove', 'rm'].includes(line.subcommand ?? '')) {
        line.operands.forEach((operand) => removed.add(packageName(operand)));
      }
    }
  }
  const kept: KeptPackage[] = [];
  for (const install of installs) {
    if (!isSystemManager(install.manager)) continue;
    if (autoRemovesAll && install.manager === 'apt') continue;
    const group = virtualGroups.get(install);
    if (group && removed.has(group)) continue;
    for (const name of install.packages) {
      if (isBuildPackage(name) && !removed.has(name)) kept.push({ name, install });
    }
  }
  return kept;
}

function isSystemManager(manager: PackageManager): boolean {
  return ['apt', 'apk', 'yum', 'dnf', 'microdnf', 'zypper'].includes(manager);
}

// ---------------------------------------------------------------------------------------------
// Development dependencies

function findDevDependencyInstalls(commands: readonly ShellCommand[], installs: readonly PackageInstall[]): PackageInstall[] {
  const pruneIndex = commands.findIndex((command) => isProductionPrune(command));
  return installs.filter((install) => {
    if (!install.fromManifest || !installsDevDependencies(install, commands)) return false;
    return !(pruneIndex >= 0 && commands.indexOf(install.command) < pruneIndex);
  });
}

/** `npm prune --omit=dev` / `--production`, `pnpm prune --prod`, `yarn workspaces focus --production`. */
function isProductionPrune(command: ShellCommand): boolean {
  const name = commandName(command);
  if ((name === 'npm' || name === 'pnpm') && command.argv[1] === 'prune') {
    return npmProductionRequested(readCommandLine(command.argv.slice(1), new Set(['--omit'])), command.env);
  }
  return false;
}

function envValue(env: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(env).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : env[key];
}

function npmProductionRequested(line: CommandLine, env: Readonly<Record<string, string>>): boolean {
  const omitted = [...optionValues(line, '--omit'), ...(envValue(env, 'npm_config_omit') ?? '').split(/[\s,]+/)];
  const only = optionValues(line, '--only');
  return (
    omitted.includes('dev') ||
    hasOption(line, '--production', '--prod', '-P') ||
    only.some((value) => /^prod(uction)?$/.test(value)) ||
    env.NODE_ENV === 'production' ||
    isTruthyConfig(envValue(env, 'npm_config_production'))
  );
}

function installsDevDependencies(install: PackageInstall, commands: readonly ShellCommand[]): boolean {
  const { command } = install;
  const line = readCommandLine(command.argv.slice(1), new Set(['--omit', '--only', '--without', '--with']));
  switch (install.manager) {
    case 'npm':
    case 'pnpm':
      return !npmProductionRequested(line, command.env);
    case 'yarn':
      return !(hasOption(line, '--production', '--prod') || command.env.NODE_ENV === 'production');
    case 'composer':
      return !(hasOption(line, '--no-dev') || isTruthyConfig(command.env.COMPOSER_NO_DEV));
    case 'bundler': {
      const configured = commands.some(
        (other) =>
          commandName(other) === 'bundle' &&
          other.argv[1] === 'config' &&
          other.argv.slice(2).some((word) => word === 'without' || word === 'BUNDLE_WITHOUT'),
      );
      return !(hasOption(line, '--without') || command.env.BUNDLE_WITHOUT !== undefined || configured);
    }
    case 'poetry': {
      const only = optionValues(line, '--only');
      const without = optionValues(line, '--without');
      return !(hasOption(line, '--no-dev') || only.includes('main') || without.some((value) => value.split(',').includes('dev')));
    }
    default:
      return false;
  }
}
