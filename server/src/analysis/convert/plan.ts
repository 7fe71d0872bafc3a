import type { Env } from 'dockerfile-ast';
import { isBuildPackage } from '../runCommands';
import { commandName, type ShellCommand } from '../shell';
import { isExecForm, RUNTIME_METADATA, type ConvertStageFacts, type InstructionFacts } from './stageFacts';
import { chooseRuntimeImage, packageManagerOf, type RuntimeImage, type SystemPackageManager } from './runtimeImage';
import { librariesForHeaders, librariesForLanguagePackages, type LanguageManager } from './runtimeLibraries';
import { configurationCopies, CONFIGURATION_FOLDER, startProgramCopies } from './assets';
import type { ArtifactCopy } from './artifacts';

export type EcosystemId = 'go' | 'rust' | 'node' | 'static' | 'python' | 'maven' | 'gradle' | 'dotnet' | 'native' | 'php' | 'ruby' | 'generic';

/** Where an original instruction goes. */
export type Placement = 'build' | 'runtime' | 'both';

/** An instruction the converter writes, on one line, with a comment saying why. */
export interface GeneratedInstruction {
  readonly comment?: string;
  readonly text: string;
}

/** `COPY --from=<build stage> source destination`. */
export interface ConversionPlan {
  readonly ecosystem: EcosystemId;
  /** What the build stage does, for its comment ("compiles the Go binary"). */
  readonly buildPurpose: string;
  /** What the runtime stage holds, for its comment. */
  readonly runtimePurpose: string;
  readonly runtime: RuntimeImage;
  /** Per original instruction, by position. */
  readonly placements: readonly Placement[];
  /** Generated build-stage instructions, each before the original instruction at `position` (after the last when it is past the end). */
  readonly buildInsertions: readonly { readonly position: number; readonly instruction: GeneratedInstruction }[];
  /** Generated runtime-stage instructions before the artifacts arrive (packages the app needs). */
  readonly runtimeSetup: readonly GeneratedInstruction[];
  readonly artifacts: readonly ArtifactCopy[];
  /** What the artifacts are, for the comment above the copies. */
  readonly artifactPurpose: string;
  /** Generated runtime-stage instructions right after the artifacts (`ENV PATH` for a venv). */
  readonly runtimeAfterArtifacts: readonly GeneratedInstruction[];
  /**
   * Original instructions the runtime stage writes differently (CMD that ran the app through its
   * build tool), by position; the original stays above the new one as a comment.
   */
  readonly replacements: ReadonlyMap<number, GeneratedInstruction>;
  /** Comment lines for the runtime stage: what the user may still have to do. */
  readonly notes: readonly string[];
  /** Generated runtime-stage instructions before any original one (variables the build image had). */
  readonly runtimePrelude: readonly GeneratedInstruction[];
}

export interface Declined {
  readonly declined: string;
}

export function isDeclined(value: ConversionPlan | Declined): value is Declined {
  return 'declined' in value;
}

/** What an ecosystem decides; the shared core does the rest. */
export interface PlanSpec {
  readonly ecosystem: EcosystemId;
  readonly buildPurpose: string;
  readonly runtimePurpose: string;
  /** Runtime images to try, best first. */
  readonly candidates: readonly string[];
  readonly staticBinary?: boolean;
  /** The artefact runs on any distribution with the same C library (a jar). */
  readonly portable?: boolean;
  readonly artifacts: readonly ArtifactCopy[];
  readonly artifactPurpose: string;
  /** Placements that differ from the shared default, by position. */
  readonly placements?: ReadonlyMap<number, Placement>;
  readonly buildInsertions?: ConversionPlan['buildInsertions'];
  readonly runtimeAfterArtifacts?: readonly GeneratedInstruction[];
  readonly replacements?: ReadonlyMap<number, GeneratedInstruction>;
  readonly notes?: readonly string[];
  /**
   * A program that makes TLS connections with the system's CA certificates (Rust and Go servers
   * and clients, as a rule): on a runtime image with apt, whose slim images have none while the
   * full build images do, it gets `ca-certificates`.
   */
  readonly usesSystemCertificates?: boolean;
  /** The app's own packages that load a distribution library at run time (`psycopg2`), looked up in the runtime library table. */
  readonly languagePackages?: { readonly manager: LanguageManager; readonly names: readonly string[] };
  /** Distribution packages the runtime image already has (`nginx` on the nginx image). */
  readonly providedPackages?: readonly string[];
  /** Why no runtime image fits, in the ecosystem's words; a generic reason otherwise. */
  readonly noRuntimeReason?: string;
}

/**
 * The shared placement: runtime metadata in the runtime stage; WORKDIR, ENV and SHELL in both
 * stages up to the last build step; everything up to that step in the build stage; everything
 * after it in the runtime stage, which carries on where the build left off.
 */
export function defaultPlacements(facts: ConvertStageFacts): Placement[] {
  const last = facts.lastBuildPosition;
  const configuration = configurationCopies(facts);
  const startPrograms = startProgramCopies(facts);
  return facts.instructions.map((instruction): Placement => {
    if (instruction.position > last) return removesBuildPackages(instruction) ? 'build' : 'runtime';
    if (configuration.has(instruction.position) || startPrograms.has(instruction.position) || setsUpSystem(instruction)) return 'both';
    if (instruction.keyword === 'USER') return buildRunsAfter(facts, instruction.position) ? 'both' : 'runtime';
    if (RUNTIME_METADATA.has(instruction.keyword)) return 'runtime';
    if (instruction.keyword === 'ENV') return setsOnlyBuildVariables(instruction) ? 'build' : 'both';
    if (instruction.keyword === 'WORKDIR' || instruction.keyword === 'SHELL') return 'both';
    return 'build';
  });
}

/** Commands that create the users and groups an image runs as. */
const USER_COMMANDS = new Set(['useradd', 'adduser', 'groupadd', 'addgroup']);

/**
 * A RUN that only prepares the system for the app, which the runtime stage needs as much: it
 * creates the app's user or group, or edits configuration in /etc (`sed -i` of Apache's document
 * root, a link into /etc).
 */
function setsUpSystem(instruction: InstructionFacts): boolean {
  const commands = instruction.run?.script.commands ?? [];
  return commands.length > 0 && commands.every((command) => {
    const name = commandName(command);
    if (USER_COMMANDS.has(name)) return true;
    const edits = (name === 'sed' && command.argv.some((word) => /^-[a-zA-Z]*i/.test(word))) || name === 'ln';
    return edits && command.argv.slice(1).some((word) => CONFIGURATION_FOLDER.test(word));
  });
}

/**
 * The users a runtime USER names that a build-only RUN creates alongside build tools (`apk add
 * build-base && adduser -S app`): the runtime stage creates them with the same commands, or USER
 * would name a user its image does not have.
 */
function runtimeUsers(facts: ConvertStageFacts, placements: readonly Placement[]): GeneratedInstruction[] {
  const names = facts.instructions
    .filter((instruction) => instruction.keyword === 'USER' && placements[instruction.position] !== 'build' && instruction.position > facts.lastBuildPosition)
    .map((instruction) => (instruction.instruction.getArgumentsContent() ?? '').trim().split(':')[0])
    .filter((name) => name !== '' && !/^\d+$/.test(name) && !name.includes('$'));
  const commands = facts.instructions
    .filter((instruction) => placements[instruction.position] === 'build')
    .flatMap((instruction) => instruction.run?.script.commands ?? [])
    .filter((command) => !command.nested && USER_COMMANDS.has(commandName(command)) && names.some((name) => command.argv.slice(1).includes(name)));
  if (commands.length === 0) return [];
  const users = names.filter((name) => commands.some((command) => command.argv.includes(name)));
  return [{ comment: `The user ${users.join(', ')} that USER names, created as the build stage creates it`, text: `RUN ${commands.map((command) => commandSource(facts, command)).join(' && ')}` }];
}

/** A command's text as written, its continuation lines joined. */
function commandSource(facts: ConvertStageFacts, command: ShellCommand): string {
  const { start, end } = command.range;
  const lines = facts.layout.lines.slice(start.line, end.line + 1);
  const text = lines.map((line, index) => line.slice(index === 0 ? start.character : 0, index === lines.length - 1 ? end.character : undefined)).join('\n');
  return text.split('\n').map((line) => (line.trimEnd().endsWith(facts.escape) ? line.trimEnd().slice(0, -1) : line).trim()).filter((line) => line !== '').join(' ');
}

/**
 * A RUN that only removes packages and package caches (`apk del .build-deps`, `apt-get purge -y
 * gcc`) cleans up after the build: it stays with the build, since the runtime stage never
 * installed what it removes.
 */
function removesBuildPackages(instruction: InstructionFacts): boolean {
  const commands = instruction.run?.script.commands ?? [];
  return commands.length > 0 && commands.every((command) => {
    const [name, subcommand] = [commandName(command), command.argv[1]];
    if (name === 'apk') return subcommand === 'del';
    if (name === 'apt-get' || name === 'apt') return ['purge', 'remove', 'autoremove', 'clean'].includes(subcommand ?? '');
    if (name === 'rm') return command.argv.slice(1).every((word) => word.startsWith('-') || /^\/var\/(lib\/apt\/lists|cache\/apk)\b/.test(word));
    return false;
  });
}

/** Variables only compilers and package managers read: the app never sees them. */
const BUILD_VARIABLES =
  /^(CGO_ENABLED|GO[A-Z0-9]+|CC|CXX|CFLAGS|CXXFLAGS|CPPFLAGS|LDFLAGS|MAKEFLAGS|CARGO_[A-Z_]+|RUSTFLAGS|RUSTUP_[A-Z_]+|MAVEN_[A-Z_]+|GRADLE_[A-Z_]+|PIP_[A-Z_]+|POETRY_[A-Z_]+|PIPENV_[A-Z_]+|UV_[A-Z_]+|npm_config_\w+|NPM_CONFIG_[A-Z_]+|YARN_[A-Z_]+|COMPOSER_[A-Z_]+|NUGET_[A-Z_]+|DOTNET_CLI_[A-Z_]+|DOTNET_NOLOGO|DOTNET_SKIP_FIRST_TIME_EXPERIENCE)$/;

function setsOnlyBuildVariables(instruction: InstructionFacts): boolean {
  const names = (instruction.instruction as Env).getProperties().map((property) => property.getName());
  return names.length > 0 && names.every((name) => BUILD_VARIABLES.test(name));
}

function buildRunsAfter(facts: ConvertStageFacts, position: number): boolean {
  return facts.instructions.some((other) => other.position > position && other.position <= facts.lastBuildPosition && other.keyword === 'RUN');
}

/** Tools a build fetches sources or drives compilers with, which the app does not need unless a runtime command names them. */
const BUILD_TIME_TOOLS = new Set([
  'git', 'curl', 'wget', 'openssh-client', 'ssh', 'gnupg', 'gnupg2', 'gpg', 'unzip', 'zip', 'xz-utils', 'xz', 'bzip2', 'tar',
  'patch', 'mercurial', 'subversion', 'file', 'dirmngr', 'apt-transport-https', 'software-properties-common',
  'scons', 'bazel', 'ant', 'nasm', 'yasm', 'swig', 'gettext', 'texinfo', 'upx', 'binutils',
]);
/** Packages distroless and similar images already carry. */
const ALWAYS_PRESENT = new Set(['ca-certificates', 'tzdata']);
const C_LIBRARY_HEADERS = new Set(['libc6-dev', 'libc-dev', 'linux-libc-dev', 'musl-dev', 'linux-headers']);
/** A distribution's JDK, whose JRE runs what it built (the runtime library table maps one to the other). */
const JDK_PACKAGE = /^(openjdk-\d+-jdk(-headless)?|default-jdk(-headless)?)$/;
/** Headers of the interpreter itself (for building extensions), whose library the runtime image already has. */
const INTERPRETER_HEADERS = /^(python[\d.]*-dev|python[\d.]*-devel|ruby[\d.]*-dev|php[\d.]*-dev|nodejs-dev)$/;

interface SystemPackages {
  /** RUNs that install only what the app needs, so they run in both stages. */
  readonly inBoth: ReadonlySet<number>;
  /** What the runtime stage installs from RUNs that also install build tools. */
  readonly wanted: readonly string[];
  readonly manager: SystemPackageManager | undefined;
  /** Library headers the build installs, whose libraries the app may load. */
  readonly developmentPackages: readonly string[];
  /** Tools a runtime instruction calls (a HEALTHCHECK's curl) that no RUN installs: the build image had them. */
  readonly toolsFromBuildImage: readonly string[];
}

/** Tools the full language and toolchain images carry and slim runtime images lack. */
const BUILD_IMAGE_TOOLS = ['curl', 'wget'];

function systemPackages(facts: ConvertStageFacts, placements: readonly Placement[], provided: readonly string[]): SystemPackages {
  const runtimeText = facts.instructions
    .filter((instruction) => placements[instruction.position] !== 'build')
    .map((instruction) => instruction.block.lines.join('\n'))
    .join('\n');
  const inBoth = new Set<number>();
  const wanted: string[] = [];
  const developmentPackages: string[] = [];
  const installed = new Set<string>();
  let manager: SystemPackageManager | undefined;
  for (const instruction of facts.instructions) {
    for (const install of instruction.systemInstalls) for (const name of install.packages) installed.add(name);
    if (placements[instruction.position] !== 'build' || instruction.systemInstalls.length === 0) continue;
    const names = instruction.systemInstalls.flatMap((install) => install.packages).filter((name) => /^[a-z0-9][a-z0-9+._-]*$/i.test(name));
    const buildOnly = names.filter((name) => isBuildPackage(name) || (BUILD_TIME_TOOLS.has(name) && !mentions(runtimeText, name)));
    const forRuntime = names.filter((name) => !buildOnly.includes(name) && !provided.includes(name));
    developmentPackages.push(...buildOnly.filter((name) => (/-(dev|devel)$/.test(name) || JDK_PACKAGE.test(name)) && !C_LIBRARY_HEADERS.has(name) && !INTERPRETER_HEADERS.test(name)));
    manager ??= managerOf(instruction);
    if (forRuntime.length === 0) continue;
    const onlyInstalls = buildOnly.length === 0 && instruction.builds.length === 0 && !instruction.fetchesDependencies;
    if (onlyInstalls) inBoth.add(instruction.position);
    else for (const name of forRuntime) if (!wanted.includes(name)) wanted.push(name);
  }
  const fullBuildImage = facts.image?.known === true && facts.image.toolchain;
  const toolsFromBuildImage = fullBuildImage ? BUILD_IMAGE_TOOLS.filter((tool) => !installed.has(tool) && mentions(runtimeText, tool)) : [];
  return { inBoth, wanted, manager, developmentPackages: [...new Set(developmentPackages)], toolsFromBuildImage };
}

function mentions(text: string, word: string): boolean {
  return new RegExp(`(^|[\\s"'/\\[,])${word.replace(/[.+]/g, '\\$&')}($|[\\s"',\\]])`, 'm').test(text);
}

function managerOf(instruction: InstructionFacts): SystemPackageManager | undefined {
  const manager = instruction.systemInstalls[0]?.manager;
  if (manager === 'apt' || manager === 'apk') return manager;
  if (manager === 'dnf' || manager === 'yum' || manager === 'microdnf') return 'microdnf';
  return undefined;
}

const INSTALL_COMMANDS: Record<SystemPackageManager, (packages: string) => string> = {
  apt: (packages) => `apt-get update && apt-get install -y --no-install-recommends ${packages} && rm -rf /var/lib/apt/lists/*`,
  apk: (packages) => `apk add --no-cache ${packages}`,
  microdnf: (packages) => `microdnf install -y ${packages} && microdnf clean all`,
};

/** The runtime stage needs a shell for a RUN and for CMD, ENTRYPOINT or HEALTHCHECK in shell form. */
export function needsShell(facts: ConvertStageFacts, placements: readonly Placement[]): boolean {
  return facts.instructions.some((instruction) => {
    if (placements[instruction.position] === 'build') return false;
    if (instruction.keyword === 'RUN') return true;
    if (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT') return !isExecForm(instruction.instruction);
    if (instruction.keyword === 'HEALTHCHECK') {
      const args = (instruction.instruction.getArgumentsContent() ?? '').replace(/^(\s*--\S+)*\s*/, '');
      return /^CMD\s+(?!\[)/i.test(args);
    }
    return false;
  });
}

/** The package manager the build image's distribution uses, for the runtime stage's packages before its image is chosen. */
function distributionManager(facts: ConvertStageFacts): SystemPackageManager | undefined {
  const family = facts.image?.known ? facts.image.distro?.family : undefined;
  return family === 'alpine' ? 'apk' : family === 'debian' || family === 'ubuntu' ? 'apt' : undefined;
}

/** Runtime libraries for the headers the build installs and for the app's packages that link against them, and headers the table does not know. */
function runtimeLibraries(spec: PlanSpec, packages: SystemPackages, manager: SystemPackageManager | undefined): { libraries: string[]; unknown: string[] } {
  const headers = librariesForHeaders(packages.developmentPackages, manager);
  const language = spec.languagePackages ? librariesForLanguagePackages(spec.languagePackages.manager, spec.languagePackages.names, manager) : [];
  return { libraries: [...new Set([...headers.libraries, ...language])], unknown: headers.unknown };
}

/**
 * Packages the slim runtime image lacks that the build image had: CA certificates for a compiled
 * program on Debian or Ubuntu, and time zone data when the stage sets TZ (Debian 13 and Alpine
 * images have none).
 */
function imagePackages(facts: ConvertStageFacts, spec: PlanSpec, manager: SystemPackageManager): string[] {
  const setsTimeZone = facts.instructions.some((instruction) => instruction.keyword === 'ENV' && /(^|\s)TZ[=\s]/.test(instruction.instruction.getArgumentsContent() ?? ''));
  return [...(spec.usesSystemCertificates && manager === 'apt' ? ['ca-certificates'] : []), ...(setsTimeZone ? ['tzdata'] : [])];
}

/** Says what each group of the runtime stage's packages is for. */
function runtimePackagesComment(packages: SystemPackages, libraries: readonly string[], extra: readonly string[]): string {
  const parts = [
    ...(packages.wanted.length > 0 ? ['the packages the app uses, without the build tools installed alongside them'] : []),
    ...(libraries.length > 0 ? ['the shared libraries its compiled code loads'] : []),
    ...(packages.toolsFromBuildImage.length > 0 ? [`${packages.toolsFromBuildImage.join(' and ')}, which a runtime instruction calls and the build image had`] : []),
    ...(extra.length > 0 ? [`${extra.join(' and ')}, which the build image had and this one lacks`] : []),
  ];
  return `At run time: ${parts.join('; ')}`;
}

/** Turns an ecosystem's decisions into a full plan: placements, packages, runtime image, ARGs. */
export function assemblePlan(facts: ConvertStageFacts, spec: PlanSpec): ConversionPlan | Declined {
  const placements = defaultPlacements(facts);
  for (const [position, placement] of spec.placements ?? []) placements[position] = placement;
  const packages = systemPackages(facts, placements, spec.providedPackages ?? []);
  const expected = runtimeLibraries(spec, packages, packages.manager ?? distributionManager(facts));
  const wantsPackages =
    packages.inBoth.size > 0 || packages.wanted.some((name) => !ALWAYS_PRESENT.has(name)) || expected.libraries.length > 0 || packages.toolsFromBuildImage.length > 0;
  for (const position of packages.inBoth) placements[position] = 'both';

  const runtime = chooseRuntimeImage(facts, { shell: needsShell(facts, placements) || wantsPackages, packageManager: wantsPackages, staticBinary: spec.staticBinary, portable: spec.portable }, spec.candidates);
  if (!runtime) {
    return { declined: spec.noRuntimeReason ?? `No runtime image keeps the distribution and C library of ${facts.stage.base.resolved ?? facts.stage.base.text} and has what the final stage needs.` };
  }

  const notes = [...(spec.notes ?? [])];
  const runtimeSetup: GeneratedInstruction[] = [];
  const runtimeManager = packageManagerOf(runtime.info);
  if (runtimeManager !== undefined && packages.manager !== undefined && runtimeManager !== packages.manager) {
    for (const position of packages.inBoth) placements[position] = 'build';
  }
  const libraries = runtimeLibraries(spec, packages, runtimeManager ?? packages.manager);
  const wanted = [
    ...(runtimeManager ? packages.wanted : packages.wanted.filter((name) => !ALWAYS_PRESENT.has(name))),
    ...libraries.libraries,
    ...packages.toolsFromBuildImage,
    ...(runtimeManager === undefined ? [] : imagePackages(facts, spec, runtimeManager)),
  ];
  const unique = [...new Set(wanted)];
  if (unique.length > 0 && runtimeManager !== undefined && (packages.manager === undefined || packages.manager === runtimeManager)) {
    runtimeSetup.push({
      comment: runtimePackagesComment(packages, libraries.libraries, imagePackages(facts, spec, runtimeManager)),
      text: `RUN ${INSTALL_COMMANDS[runtimeManager](unique.join(' '))}`,
    });
  } else if (unique.length > 0) {
    notes.push(`The app uses ${unique.join(', ')} at run time; install them here if this image lacks them.`);
  }
  if (libraries.unknown.length > 0) {
    notes.push(`The build stage installs ${libraries.unknown.join(', ')} to compile against; if the app loads those libraries at run time, install their runtime packages here.`);
  }
  if (runtime.note) notes.unshift(runtime.note);
  runtimeSetup.push(...startFolder(facts, runtime), ...runtimeUsers(facts, placements));
  declareArgsWhereUsed(facts, placements);

  return {
    ecosystem: spec.ecosystem,
    buildPurpose: spec.buildPurpose,
    runtimePurpose: spec.runtimePurpose,
    runtime,
    placements,
    buildInsertions: spec.buildInsertions ?? [],
    runtimeSetup,
    artifacts: spec.artifacts,
    artifactPurpose: spec.artifactPurpose,
    runtimeAfterArtifacts: spec.runtimeAfterArtifacts ?? [],
    replacements: spec.replacements ?? new Map(),
    notes,
    runtimePrelude: buildOnlyVariables(facts, placements, runtime),
  };
}

/**
 * A stage with no WORKDIR of its own runs in its image's folder (`/`, `golang`'s `/go`). When the
 * runtime image starts elsewhere (distroless's `nonroot` tags start in `/home/nonroot`), the
 * runtime stage sets the build image's folder, so `./server` and the files the app reads by
 * relative path are found where they were.
 */
function startFolder(facts: ConvertStageFacts, runtime: RuntimeImage): GeneratedInstruction[] {
  if (facts.instructions.some((instruction) => instruction.keyword === 'WORKDIR')) return [];
  const appFolder = (facts.image?.known ? facts.image.workdir : undefined) ?? '/';
  const runtimeFolder = (runtime.info.known ? runtime.info.workdir : undefined) ?? '/';
  if (appFolder === runtimeFolder) return [];
  return [{ comment: `The build image ran the app in ${appFolder}; ${runtime.image} would start it in ${runtimeFolder}`, text: `WORKDIR ${appFolder}` }];
}

/** `$NAME` and `${NAME...}` in an instruction's text. */
const VARIABLE_REFERENCE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Variables the runtime stage's own instructions use (`WORKDIR $GOPATH/src/app`) that only the
 * build stage has: the build image's ENV sets them (`golang`'s GOPATH), or an ENV the runtime
 * stage leaves out as a compiler setting does. Without them the runtime stage would expand them
 * to nothing and put the app elsewhere, so it sets them first, with the build stage's values.
 */
function buildOnlyVariables(facts: ConvertStageFacts, placements: readonly Placement[], runtime: RuntimeImage): GeneratedInstruction[] {
  const runtimeEnv = runtime.info.known ? runtime.info.env : {};
  const buildImageEnv = facts.image?.known ? facts.image.env : {};
  const setInRuntime = new Set<string>();
  const setInBuildOnly = new Set<string>();
  const wanted = new Map<string, string>();
  for (const instruction of facts.instructions) {
    const inRuntime = placements[instruction.position] !== 'build';
    if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
      for (const property of (instruction.instruction as Env).getProperties()) {
        if (inRuntime) setInRuntime.add(property.getName());
        else if (instruction.keyword === 'ENV') setInBuildOnly.add(property.getName());
      }
      if (instruction.keyword === 'ARG') continue;
    }
    if (!inRuntime) continue;
    for (const [, name] of instruction.block.lines.join('\n').matchAll(VARIABLE_REFERENCE)) {
      const value = instruction.env[name];
      const onlyInBuild = setInBuildOnly.has(name) || (name in buildImageEnv && !setInRuntime.has(name));
      if (value !== undefined && onlyInBuild && !setInRuntime.has(name) && !(name in runtimeEnv) && !value.includes('$')) wanted.set(name, value);
    }
  }
  if (wanted.size === 0) return [];
  const names = [...wanted.keys()];
  return [
    {
      comment: `${names.join(', ')} as the build stage had ${names.length === 1 ? 'it' : 'them'}: instructions below use ${names.length === 1 ? 'it' : 'them'}`,
      text: `ENV ${[...wanted].map(([name, value]) => `${name}=${/[\s"'\\$]/.test(value) ? JSON.stringify(value) : value}`).join(' ')}`,
    },
  ];
}

/**
 * An ARG of the build stage is declared in the runtime stage too when a runtime instruction after
 * it uses it. The instructions are walked from the last, gathering the names the runtime ones use,
 * so each is read once however many ARGs there are.
 */
function declareArgsWhereUsed(facts: ConvertStageFacts, placements: Placement[]): void {
  const usedLater = new Set<string>();
  for (const instruction of [...facts.instructions].reverse()) {
    const placement = placements[instruction.position];
    if (instruction.keyword === 'ARG' && placement === 'build') {
      const names = (instruction.instruction.getArgumentsContent() ?? '')
        .split(/\s+/)
        .map((word) => /^([A-Za-z_][A-Za-z0-9_]*)/.exec(word)?.[1])
        .filter((name): name is string => name !== undefined);
      if (names.some((name) => usedLater.has(name))) placements[instruction.position] = 'both';
    }
    if (placement !== 'build') for (const name of variablesReferenced(instruction.block.lines.join('\n'))) usedLater.add(name);
  }
}

/** The names a text refers to as `$NAME` or `${NAME...`. */
function variablesReferenced(text: string): string[] {
  return [...text.matchAll(/\$\{?([A-Za-z0-9_]+)/g)].map((match) => match[1]);
}
