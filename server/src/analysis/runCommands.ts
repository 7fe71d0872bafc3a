import type { Run } from 'dockerfile-ast';
import { commandName, parseRun, type RunScript, type ShellCommand } from './shell';
import { instructionKey, recentKind } from './recentVersions';
import type { DocumentModel } from './documentModel';
import { withoutTrailing } from './trailing';

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

export type PackageManager =
  | 'apt'
  | 'apk'
  | 'yum'
  | 'dnf'
  | 'microdnf'
  | 'zypper'
  | 'pip'
  | 'npm'
  | 'yarn'
  | 'pnpm'
  | 'composer'
  | 'bundler'
  | 'poetry'
  | 'pipenv';

export interface PackageInstall {
  readonly manager: PackageManager;
  readonly command: ShellCommand;
  /** Packages named on the command line, without version pins (`gcc=12.2` is `gcc`). */
  readonly packages: readonly string[];
  /** True when it installs what a manifest lists (`npm ci`, `pip install -r`, `bundle install`). */
  readonly fromManifest: boolean;
  /** The subcommand word as written (`install`, `ci`, `add`), or undefined for a bare `yarn`. */
  readonly subcommand: string | undefined;
}

export interface BuildStep {
  /** The tool as a person names it: `go build`, `cargo build`, `make`, `npm run build`. */
  readonly tool: string;
  readonly command: ShellCommand;
}

export interface DependencyStep {
  readonly tool: string;
  readonly command: ShellCommand;
  /** The files the step reads, which a Dockerfile should copy before it. */
  readonly manifests: readonly string[];
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
// Recognizers

/** Leading words and options of a command line: the subcommand and the operands after it. */
interface CommandLine {
  readonly subcommand: string | undefined;
  readonly operands: readonly string[];
  readonly options: readonly string[];
}

/**
 * Splits arguments into options and operands. `valued` lists the options whose value is the next
 * word; `--opt=value` needs no listing.
 */
function readCommandLine(args: readonly string[], valued: ReadonlySet<string>): CommandLine {
  const operands: string[] = [];
  const options: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const word = args[index];
    if (word === '--') {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (word.startsWith('-') && word.length > 1) {
      options.push(word);
      if (valued.has(word) && index + 1 < args.length) options.push(args[++index]);
      continue;
    }
    operands.push(word);
  }
  return { subcommand: operands[0], operands: operands.slice(1), options };
}

function hasOption(line: CommandLine, ...names: string[]): boolean {
  return line.options.some((option) => names.includes(option) || names.includes(option.split('=')[0]));
}

/** The value of `--name=value` or `--name value`. */
function optionValues(line: CommandLine, ...names: string[]): string[] {
  const values: string[] = [];
  line.options.forEach((option, index) => {
    const [name, inline] = option.split(/=(.*)/s);
    if (!names.includes(name)) return;
    if (inline !== undefined) values.push(inline);
    else if (index + 1 < line.options.length && !line.options[index + 1].startsWith('-')) values.push(line.options[index + 1]);
  });
  return values;
}

const APT_VALUED = new Set(['-o', '-c', '-t', '--target-release', '--option', '--config-file']);
const APK_VALUED = new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir']);
const RPM_VALUED = new Set(['-c', '--config', '--installroot', '--releasever', '--repo', '--enablerepo', '--disablerepo', '-x', '--exclude']);
const PIP_VALUED = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url',
  '-t', '--target', '--prefix', '--root', '-f', '--find-links', '--platform', '--python-version',
  '--implementation', '--abi', '--only-binary', '--no-binary', '--progress-bar', '--trusted-host', '--cache-dir',
  '--upgrade-strategy', '--src', '--log',
]);
const NPM_INSTALL_WORDS = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add']);
const NPM_CI_WORDS = new Set(['ci', 'clean-install', 'ic', 'install-clean', 'isntall-clean']);

/** `pip`, `pip3`, `pip3.12`, `python -m pip`, `python3.12 -m pip`: the arguments after pip. */
function pipArguments(command: ShellCommand): string[] | undefined {
  const name = commandName(command);
  if (/^pip(\d+(\.\d+)?)?$/.test(name)) return command.argv.slice(1);
  if (/^python(\d+(\.\d+)?)?$/.test(name) && command.argv[1] === '-m' && command.argv[2] === 'pip') {
    return command.argv.slice(3);
  }
  return undefined;
}

/** Strips version pins: `gcc=12.2`, `gcc~=12`, `requests==2.0`, `musl-dev>1.2`. */
function packageName(spec: string): string {
  return spec.split(/[=<>~!]/)[0];
}

function packageInstall(
  command: ShellCommand,
  manager: PackageManager,
  line: CommandLine,
  packages: readonly string[],
  fromManifest: boolean,
): PackageInstall {
  return { manager, command, packages: packages.map(packageName), fromManifest, subcommand: line.subcommand };
}

/**
 * yum, dnf and microdnf subcommands that download packages (and their metadata), aliases included,
 * as hadolint reads them: dnf takes `in`, `up`, `rei`.
 */
const RPM_INSTALL_SUBCOMMANDS = new Set([
  'install', 'in', 'groupinstall', 'localinstall', 'reinstall', 'rei', 'upgrade', 'up', 'update', 'upgrade-minimal', 'update-minimal', 'distro-sync',
]);

function recognizeInstall(command: ShellCommand): PackageInstall | undefined {
  const name = commandName(command);
  const args = command.argv.slice(1);
  if (name === 'apt-get' || name === 'apt' || name === 'aptitude') {
    const line = readCommandLine(args, APT_VALUED);
    return line.subcommand === 'install' ? packageInstall(command, 'apt', line, line.operands, false) : undefined;
  }
  if (name === 'apk') {
    const line = readCommandLine(args, APK_VALUED);
    return line.subcommand === 'add' ? packageInstall(command, 'apk', line, line.operands, false) : undefined;
  }
  if (name === 'yum' || name === 'dnf' || name === 'microdnf' || name === 'tdnf') {
    const line = readCommandLine(args, RPM_VALUED);
    const manager = name === 'tdnf' ? 'dnf' : name;
    if (line.subcommand && RPM_INSTALL_SUBCOMMANDS.has(line.subcommand)) {
      return packageInstall(command, manager, line, line.operands, false);
    }
    if (line.subcommand === 'group' && line.operands[0] === 'install') {
      return packageInstall(command, manager, line, line.operands.slice(1), false);
    }
    return undefined;
  }
  if (name === 'zypper') {
    const line = readCommandLine(args, new Set(['-r', '--repo']));
    return line.subcommand === 'install' || line.subcommand === 'in' ? packageInstall(command, 'zypper', line, line.operands, false) : undefined;
  }
  const pipArgs = pipArguments(command);
  if (pipArgs) {
    const line = readCommandLine(pipArgs, PIP_VALUED);
    if (line.subcommand !== 'install') return undefined;
    const editable = optionValues(line, '-e', '--editable');
    const requirements = optionValues(line, '-r', '--requirement');
    return packageInstall(command, 'pip', line, [...line.operands, ...editable], requirements.length > 0 && line.operands.length === 0);
  }
  if (name === 'npm') {
    const line = readCommandLine(args, new Set(['--prefix', '-w', '--workspace', '--omit', '--include', '--only']));
    if (line.subcommand && NPM_CI_WORDS.has(line.subcommand)) return packageInstall(command, 'npm', line, [], true);
    if (line.subcommand && NPM_INSTALL_WORDS.has(line.subcommand)) {
      return packageInstall(command, 'npm', line, line.operands, line.operands.length === 0 && !hasOption(line, '-g', '--global'));
    }
    return undefined;
  }
  if (name === 'yarn') {
    const line = readCommandLine(args, new Set(['--cwd', '--modules-folder', '--cache-folder']));
    if (line.subcommand === undefined || line.subcommand === 'install') return packageInstall(command, 'yarn', line, [], true);
    if (line.subcommand === 'workspaces' && line.operands[0] === 'focus') return packageInstall(command, 'yarn', line, [], true);
    if (line.subcommand === 'add') return packageInstall(command, 'yarn', line, line.operands, false);
    return undefined;
  }
  if (name === 'pnpm') {
    const line = readCommandLine(args, new Set(['--filter', '-F', '-C', '--dir']));
    if (line.subcommand === 'install' || line.subcommand === 'i') return packageInstall(command, 'pnpm', line, [], true);
    if (line.subcommand === 'add') return packageInstall(command, 'pnpm', line, line.operands, false);
    return undefined;
  }
  if (name === 'composer' || name === 'composer.phar') {
    const line = readCommandLine(args, new Set(['-d', '--working-dir']));
    if (line.subcommand === 'install') return packageInstall(command, 'composer', line, [], true);
    if (line.subcommand === 'require') return packageInstall(command, 'composer', line, line.operands, false);
    return undefined;
  }
  if (name === 'bundle' || name === 'bundler') {
    const line = readCommandLine(args, new Set(['--without', '--with', '--path', '--gemfile', '-j', '--jobs', '--retry']));
    return line.subcommand === 'install' ? packageInstall(command, 'bundler', line, [], true) : undefined;
  }
  if (name === 'poetry') {
    const line = readCommandLine(args, new Set(['--only', '--without', '--with', '-E', '--extras', '-C', '--directory']));
    return line.subcommand === 'install' ? packageInstall(command, 'poetry', line, [], true) : undefined;
  }
  if (name === 'pipenv') {
    const line = readCommandLine(args, new Set());
    return line.subcommand === 'install' || line.subcommand === 'sync'
      ? packageInstall(command, 'pipenv', line, line.operands, line.operands.length === 0)
      : undefined;
  }
  return undefined;
}

const COMPILERS = new Set(['gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'gfortran', 'rustc', 'javac', 'tsc']);
const MAVEN_BUILD_PHASES = new Set(['compile', 'package', 'install', 'verify', 'deploy']);
const GRADLE_BUILD_TASKS = /^(:?[\w-]+:)*(build|assemble|jar|bootJar|shadowJar|installDist|distTar|distZip|war|bootWar|compileJava)$/;
const SCRIPT_RUNNERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);

function buildStep(command: ShellCommand, tool: string): BuildStep {
  return { tool, command };
}

const NPX_BUNDLERS = new Set(['webpack', 'rollup', 'esbuild']);

/** The build step a command is (a compiler, `make`, `go build`, `npm run build`...), if it is one. */
export function recognizeBuild(command: ShellCommand): BuildStep | undefined {
  const name = commandName(command);
  const [first, second] = command.argv.slice(1);
  if (name === 'go' && (first === 'build' || first === 'install')) return buildStep(command, `go ${first}`);
  if (name === 'cargo' && (first === 'build' || first === 'install')) return buildStep(command, `cargo ${first}`);
  if (name === 'mvn' || name === 'mvnw') {
    if (command.argv.slice(1).some((word) => MAVEN_BUILD_PHASES.has(word))) return buildStep(command, 'mvn package');
  }
  if (name === 'gradle' || name === 'gradlew') {
    if (command.argv.slice(1).some((word) => GRADLE_BUILD_TASKS.test(word))) return buildStep(command, 'gradle build');
  }
  if (name === 'dotnet' && (first === 'publish' || first === 'build')) return buildStep(command, `dotnet ${first}`);
  if (name === 'make' || name === 'gmake' || name === 'ninja') return buildStep(command, name);
  if (name === 'cmake' || name === 'meson') return buildStep(command, name);
  if (name === 'configure' && command.argv[0].startsWith('.')) return buildStep(command, './configure');
  if (COMPILERS.has(name) || /^(gcc|g\+\+|clang|clang\+\+)-\d+$/.test(name)) return buildStep(command, name);
  if (SCRIPT_RUNNERS.has(name)) {
    const script = first === 'run' || first === 'run-script' ? second : name === 'npm' ? undefined : first;
    if (script !== undefined && /^build(:|$)/.test(script)) return buildStep(command, `${name} run ${script}`);
  }
  // Frontend builds run through npx too: `npx tsc`, `npx ng build`, `npx vite build`, `npx webpack`.
  if (name === 'npx' && (first === 'tsc' || second === 'build' || NPX_BUNDLERS.has(first))) return buildStep(command, `npx ${first}`);
  if (/^python(\d+(\.\d+)?)?$/.test(name) && first === 'setup.py' && /^(build|bdist_wheel|build_ext)$/.test(second ?? '')) {
    return buildStep(command, `python setup.py ${second}`);
  }
  const pipArgs = pipArguments(command);
  if (pipArgs && pipArgs[0] === 'wheel') return buildStep(command, 'pip wheel');
  return undefined;
}

/** The manifests each ecosystem's dependency step reads. */
const MANIFESTS: Readonly<Record<string, readonly string[]>> = {
  npm: ['package.json', 'package-lock.json'],
  yarn: ['package.json', 'yarn.lock'],
  pnpm: ['package.json', 'pnpm-lock.yaml'],
  composer: ['composer.json', 'composer.lock'],
  bundler: ['Gemfile', 'Gemfile.lock'],
  poetry: ['pyproject.toml', 'poetry.lock'],
  pipenv: ['Pipfile', 'Pipfile.lock'],
  go: ['go.mod', 'go.sum'],
  cargo: ['Cargo.toml', 'Cargo.lock'],
  dotnet: ['*.csproj'],
  maven: ['pom.xml'],
};

function dependencyStep(command: ShellCommand, tool: string, manifests: readonly string[]): DependencyStep {
  return { tool, command, manifests };
}

function recognizeDependencyStep(command: ShellCommand, install: PackageInstall | undefined): DependencyStep | undefined {
  if (install?.fromManifest) {
    if (install.manager === 'pip') {
      const pipArgs = pipArguments(command) ?? [];
      const files = optionValues(readCommandLine(pipArgs, PIP_VALUED), '-r', '--requirement');
      return dependencyStep(command, `pip install -r ${files.join(' ')}`, files);
    }
    const label = install.subcommand ? `${commandName(command)} ${install.subcommand}` : commandName(command);
    return dependencyStep(command, label, MANIFESTS[install.manager] ?? []);
  }
  const name = commandName(command);
  const [first, second] = command.argv.slice(1);
  if (name === 'go' && first === 'mod' && second === 'download') return dependencyStep(command, 'go mod download', MANIFESTS.go);
  if (name === 'cargo' && first === 'fetch') return dependencyStep(command, 'cargo fetch', MANIFESTS.cargo);
  if (name === 'dotnet' && first === 'restore') return dependencyStep(command, 'dotnet restore', MANIFESTS.dotnet);
  if ((name === 'mvn' || name === 'mvnw') && command.argv.some((word) => /^dependency:(go-offline|resolve)$/.test(word))) {
    return dependencyStep(command, 'mvn dependency:go-offline', MANIFESTS.maven);
  }
  return undefined;
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
