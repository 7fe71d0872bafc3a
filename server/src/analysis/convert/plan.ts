import type { Env } from 'dockerfile-ast';
import { isBuildPackage } from '../runCommands';
import { isExecForm, RUNTIME_METADATA, type ConvertStageFacts, type InstructionFacts } from './stageFacts';
import { chooseRuntimeImage, packageManagerOf, type RuntimeImage, type SystemPackageManager } from './runtimeImage';

export type EcosystemId = 'go' | 'rust' | 'node' | 'static' | 'python' | 'maven' | 'gradle' | 'dotnet' | 'native' | 'php' | 'ruby' | 'generic';

/** Where an original instruction goes. */
export type Placement = 'build' | 'runtime' | 'both';

/** An instruction the converter writes, on one line, with a comment saying why. */
export interface GeneratedInstruction {
  readonly comment?: string;
  readonly text: string;
}

/** `COPY --from=<build stage> source destination`. */
export interface ArtifactCopy {
  readonly source: string;
  readonly destination: string;
}

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
  /** Comment lines for the runtime stage: what the user may still have to do. */
  readonly notes: readonly string[];
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
  readonly artifacts: readonly ArtifactCopy[];
  readonly artifactPurpose: string;
  /** Placements that differ from the shared default, by position. */
  readonly placements?: ReadonlyMap<number, Placement>;
  readonly buildInsertions?: ConversionPlan['buildInsertions'];
  readonly runtimeAfterArtifacts?: readonly GeneratedInstruction[];
  readonly notes?: readonly string[];
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
  return facts.instructions.map((instruction): Placement => {
    if (instruction.position > last) return 'runtime';
    if (instruction.keyword === 'USER') return buildRunsAfter(facts, instruction.position) ? 'both' : 'runtime';
    if (RUNTIME_METADATA.has(instruction.keyword)) return 'runtime';
    if (instruction.keyword === 'ENV') return setsOnlyBuildVariables(instruction) ? 'build' : 'both';
    if (instruction.keyword === 'WORKDIR' || instruction.keyword === 'SHELL') return 'both';
    return 'build';
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

interface SystemPackages {
  /** RUNs that install only what the app needs, so they run in both stages. */
  readonly inBoth: ReadonlySet<number>;
  /** What the runtime stage installs from RUNs that also install build tools. */
  readonly wanted: readonly string[];
  readonly manager: SystemPackageManager | undefined;
  /** Library headers the build installs, whose libraries the app may load. */
  readonly developmentPackages: readonly string[];
}

function systemPackages(facts: ConvertStageFacts, placements: readonly Placement[], provided: readonly string[]): SystemPackages {
  const runtimeText = facts.instructions
    .filter((instruction) => placements[instruction.position] !== 'build')
    .map((instruction) => instruction.block.lines.join('\n'))
    .join('\n');
  const inBoth = new Set<number>();
  const wanted: string[] = [];
  const developmentPackages: string[] = [];
  let manager: SystemPackageManager | undefined;
  for (const instruction of facts.instructions) {
    if (placements[instruction.position] !== 'build' || instruction.systemInstalls.length === 0) continue;
    const names = instruction.systemInstalls.flatMap((install) => install.packages).filter((name) => /^[a-z0-9][a-z0-9+._-]*$/i.test(name));
    const buildOnly = names.filter((name) => isBuildPackage(name) || (BUILD_TIME_TOOLS.has(name) && !mentions(runtimeText, name)));
    const forRuntime = names.filter((name) => !buildOnly.includes(name) && !provided.includes(name));
    developmentPackages.push(...buildOnly.filter((name) => /-(dev|devel)$/.test(name) && !C_LIBRARY_HEADERS.has(name)));
    if (forRuntime.length === 0) continue;
    manager ??= managerOf(instruction);
    const onlyInstalls = buildOnly.length === 0 && instruction.builds.length === 0 && !instruction.fetchesDependencies;
    if (onlyInstalls) inBoth.add(instruction.position);
    else for (const name of forRuntime) if (!wanted.includes(name)) wanted.push(name);
  }
  return { inBoth, wanted, manager, developmentPackages: [...new Set(developmentPackages)] };
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
function needsShell(facts: ConvertStageFacts, placements: readonly Placement[]): boolean {
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

/** Turns an ecosystem's decisions into a full plan: placements, packages, runtime image, ARGs. */
export function assemblePlan(facts: ConvertStageFacts, spec: PlanSpec): ConversionPlan | Declined {
  const placements = defaultPlacements(facts);
  for (const [position, placement] of spec.placements ?? []) placements[position] = placement;
  const packages = systemPackages(facts, placements, spec.providedPackages ?? []);
  const wantsPackages = packages.inBoth.size > 0 || packages.wanted.some((name) => !ALWAYS_PRESENT.has(name));
  for (const position of packages.inBoth) placements[position] = 'both';

  const runtime = chooseRuntimeImage(facts, { shell: needsShell(facts, placements) || wantsPackages, packageManager: wantsPackages, staticBinary: spec.staticBinary }, spec.candidates);
  if (!runtime) {
    return { declined: spec.noRuntimeReason ?? `No runtime image keeps the distribution and C library of ${facts.stage.base.resolved ?? facts.stage.base.text} and has what the final stage needs.` };
  }

  const notes = [...(spec.notes ?? [])];
  const runtimeSetup: GeneratedInstruction[] = [];
  const runtimeManager = packageManagerOf(runtime.info);
  if (runtimeManager !== undefined && packages.manager !== undefined && runtimeManager !== packages.manager) {
    for (const position of packages.inBoth) placements[position] = 'build';
  }
  const wanted = runtimeManager ? packages.wanted : packages.wanted.filter((name) => !ALWAYS_PRESENT.has(name));
  if (wanted.length > 0 && runtimeManager !== undefined && (packages.manager === undefined || packages.manager === runtimeManager)) {
    runtimeSetup.push({
      comment: 'Packages the app uses at run time, without the build tools installed alongside them',
      text: `RUN ${INSTALL_COMMANDS[runtimeManager](wanted.join(' '))}`,
    });
  } else if (wanted.length > 0) {
    notes.push(`The build stage installs ${wanted.join(', ')}; install them here too if the app needs them at run time.`);
  }
  if (packages.developmentPackages.length > 0) {
    notes.push(
      `The build stage installs ${packages.developmentPackages.join(', ')} to compile against; if the app loads those libraries at run time, install their runtime packages here.`,
    );
  }
  if (runtime.note) notes.unshift(runtime.note);
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
    notes,
  };
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
