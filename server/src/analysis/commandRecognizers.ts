import { commandName, type ShellCommand } from './shell';

/**
 * What single commands of a RUN are: package installs, build steps and dependency downloads,
 * recognized from their words (runCommands.ts puts them together for a whole RUN).
 */

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

/** Leading words and options of a command line: the subcommand and the operands after it. */
export interface CommandLine {
  readonly subcommand: string | undefined;
  readonly operands: readonly string[];
  readonly options: readonly string[];
}

/**
 * Splits arguments into options and operands. `valued` lists the options whose value is the next
 * word; `--opt=value` needs no listing.
 */
export function readCommandLine(args: readonly string[], valued: ReadonlySet<string>): CommandLine {
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

export function hasOption(line: CommandLine, ...names: string[]): boolean {
  return line.options.some((option) => names.includes(option) || names.includes(option.split('=')[0]));
}

/** The value of `--name=value` or `--name value`. */
export function optionValues(line: CommandLine, ...names: string[]): string[] {
  const values: string[] = [];
  line.options.forEach((option, index) => {
    const [name, inline] = option.split(/=(.*)/s);
    if (!names.includes(name)) return;
    if (inline !== undefined) values.push(inline);
    else if (index + 1 < line.options.length && !line.options[index + 1].startsWith('-')) values.push(line.options[index + 1]);
  });
  return values;
}

export const APT_VALUED = new Set(['-o', '-c', '-t', '--target-release', '--option', '--config-file']);
export const APK_VALUED = new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir']);
export const RPM_VALUED = new Set(['-c', '--config', '--installroot', '--releasever', '--repo', '--enablerepo', '--disablerepo', '-x', '--exclude']);
export const PIP_VALUED = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url',
  '-t', '--target', '--prefix', '--root', '-f', '--find-links', '--platform', '--python-version',
  '--implementation', '--abi', '--only-binary', '--no-binary', '--progress-bar', '--trusted-host', '--cache-dir',
  '--upgrade-strategy', '--src', '--log',
]);
const NPM_INSTALL_WORDS = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add']);
const NPM_CI_WORDS = new Set(['ci', 'clean-install', 'ic', 'install-clean', 'isntall-clean']);

/** `pip`, `pip3`, `pip3.12`, `python -m pip`, `python3.12 -m pip`: the arguments after pip. */
export function pipArguments(command: ShellCommand): string[] | undefined {
  const name = commandName(command);
  if (/^pip(\d+(\.\d+)?)?$/.test(name)) return command.argv.slice(1);
  if (/^python(\d+(\.\d+)?)?$/.test(name) && command.argv[1] === '-m' && command.argv[2] === 'pip') {
    return command.argv.slice(3);
  }
  return undefined;
}

/** Strips version pins: `gcc=12.2`, `gcc~=12`, `requests==2.0`, `musl-dev>1.2`. */
export function packageName(spec: string): string {
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

export function recognizeInstall(command: ShellCommand): PackageInstall | undefined {
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

export function recognizeDependencyStep(command: ShellCommand, install: PackageInstall | undefined): DependencyStep | undefined {
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
