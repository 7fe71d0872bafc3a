import type { Copy } from 'dockerfile-ast';
import { commandName, type ShellCommand } from '../shell';
import { baseName, isInside, isRootPath, resolvePath } from './paths';
import { copiesFromStage, type ConvertStageFacts, type InstructionFacts } from './stageFacts';

export interface ArtifactCopy {
  readonly source: string;
  readonly destination: string;
  /** Made by a step that may not run (`... || true`, an `if`): copied only when the build made it. */
  readonly optional?: boolean;
  /** A single file, as the build context lists it: files bound for one folder share a COPY. */
  readonly file?: boolean;
}

/** A file or folder the build writes: a compiler's `-o`, an install prefix's `bin/`. */
export interface BuildOutput {
  readonly path: string;
  /** A folder whose entries are programs (`/go/bin`, `target/release`); matched by the program's name. */
  readonly folder: boolean;
  /** Written by a step that may not run (`cmd || true`, inside an `if`, after a `[ ... ] &&` check). */
  readonly optional?: boolean;
}

/**
 * True when a build command may not run, so its output may not exist: it is followed by `||`
 * (`make install-man || true`, `(cp x y || true)`), sits inside an `if` the RUN has not closed
 * before it, or runs after a `[ ... ] &&` test (an architecture check).
 */
export function runsConditionally(command: ShellCommand, instruction: InstructionFacts): boolean {
  if (command.nested) return false;
  const first = instruction.instruction.getRange().start.line;
  const lines = instruction.block.lines;
  const offset = (line: number, character: number) => lines.slice(0, line - first).reduce((length, text) => length + text.length + 1, 0) + character;
  const text = lines.join('\n');
  const join = (part: string) => part.replace(/\\\r?\n/g, ' ');
  const before = join(text.slice(0, offset(command.range.start.line, command.range.start.character)));
  const after = join(text.slice(offset(command.range.end.line, command.range.end.character)));
  const orElse = /^[^;&|\n]*?(\)\s*)?\|\|/.test(after);
  const insideIf = (before.match(/\bif\b/g)?.length ?? 0) > (before.match(/\bfi\b/g)?.length ?? 0);
  return orElse || insideIf || followsTest(before);
}

/** Whether the text ends in `[ ... ] &&`, `[[ ... ]] &&` or `test ... &&`: read from the end, as a pattern anchored there would retry every start. */
function followsTest(before: string): boolean {
  const trimmed = before.trimEnd();
  if (!trimmed.endsWith('&&')) return false;
  const condition = trimmed.slice(0, -2).trimEnd();
  if (condition.endsWith(']')) return true;
  const start = Math.max(condition.lastIndexOf(';'), condition.lastIndexOf('&'), condition.lastIndexOf('|'));
  return /\btest\b/.test(condition.slice(start + 1));
}

/** Folders on the PATH of every Linux image, where a program called by bare name can stay. */
export const PATH_FOLDERS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
/** Programs that run something else; the thing they run is the artifact, not them. */
const INTERPRETERS = /^(sh|bash|ash|dash|java|dotnet|node|nodejs|python\d*(\.\d+)?|ruby|php|perl|npm|npx|yarn|pnpm|bundle|rails|exec|env|tini|dumb-init)$/;

/** The value of `-o X`, `-oX`, `-o=X`, `--output X` or `--output=X` in a command's arguments. */
export function outputOption(command: ShellCommand, names: readonly string[] = ['-o', '--output']): string | undefined {
  const args = command.argv.slice(1);
  for (let index = 0; index < args.length; index++) {
    const word = args[index];
    for (const name of names) {
      if (word === name && index + 1 < args.length) return args[index + 1];
      if (word.startsWith(`${name}=`)) return word.slice(name.length + 1);
      if (name === '-o' && word.startsWith('-o') && word.length > 2 && !word.startsWith('-o=')) return word.slice(2);
    }
  }
  return undefined;
}

/** Each build command of the stage with the instruction it runs in. */
export function buildCommands(facts: ConvertStageFacts): { readonly command: ShellCommand; readonly instruction: InstructionFacts }[] {
  return facts.instructions.flatMap((instruction) => instruction.builds.map((command) => ({ command, instruction })));
}

export function commandIs(command: ShellCommand, ...names: string[]): boolean {
  return names.includes(commandName(command));
}

/**
 * What to copy so that the container's program exists in the runtime image where CMD or
 * ENTRYPOINT looks for it: a path as written (resolved against the WORKDIR), or for a bare
 * name the build output of that name, moved onto the PATH when it was built elsewhere. Outputs
 * the program does not name are copied too, to the same place.
 */
export function programArtifacts(facts: ConvertStageFacts, outputs: readonly BuildOutput[]): ArtifactCopy[] {
  const copies: ArtifactCopy[] = [];
  const add = (source: string, destination = source) => {
    if (!copies.some((copy) => isInside(source, copy.source) && isInside(destination, copy.destination))) copies.push({ source, destination });
  };
  const program = facts.start?.argv[0];
  if (program !== undefined && !INTERPRETERS.test(baseName(program)) && !program.includes('$')) {
    if (/[\\/]/.test(program)) {
      add(resolvePath(facts.start?.workdir, program));
    } else {
      const file = outputs.find((output) => !output.folder && baseName(output.path) === program);
      const folder = outputs.find((output) => output.folder);
      const source = file?.path ?? (folder ? resolvePath(folder.path, program) : `/usr/local/bin/${program}`);
      const onPath = PATH_FOLDERS.some((path) => isInside(source, path));
      add(source, onPath ? source : `/usr/local/bin/${program}`);
    }
  }
  for (const output of outputs) {
    if (output.folder || copies.some((copy) => isInside(output.path, copy.source))) continue;
    if (output.optional) copies.push({ source: output.path, destination: output.path, optional: true });
    else add(output.path);
  }
  return copies;
}

/** The WORKDIR in effect at the last build step: the folder holding the app. */
export function appFolder(facts: ConvertStageFacts): string | undefined {
  const last = facts.instructions[facts.lastBuildPosition];
  const folder = last?.workdir;
  return folder === undefined || isRootPath(folder) ? undefined : folder;
}

/** Files that only say which dependencies to fetch. */
export const MANIFEST = /^(requirements[\w.-]*\.txt|constraints[\w.-]*\.txt|pyproject\.toml|poetry\.lock|Pipfile(\.lock)?|setup\.(py|cfg)|package(-lock)?\.json|yarn\.lock|pnpm-lock\.yaml|\.npmrc|\.yarnrc(\.yml)?|Gemfile(\.lock)?|composer\.(json|lock)|go\.(mod|sum)|Cargo\.(toml|lock)|pom\.xml|[\w.-]+\.csproj|\.mvn|mvnw|gradlew|gradle|[\w.-]+\.gradle(\.kts)?)$/;

/**
 * True when the build stage copies more than dependency manifests from the build context, so
 * the runtime stage needs the app's folder from the build rather than only the dependencies.
 */
export function buildCopiesSources(facts: ConvertStageFacts, inBuild: (instruction: InstructionFacts) => boolean): boolean {
  return facts.instructions.some((instruction) => {
    if (!inBuild(instruction) || (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD')) return false;
    const copy = instruction.instruction as Copy;
    if (copiesFromStage(copy)) return false;
    const args = copy.getArguments().map((arg) => arg.getValue().replace(/^\[?"?|"?,?\]?$/g, ''));
    const sources = args.slice(0, -1);
    return sources.length === 0 || sources.some((source) => !MANIFEST.test(baseName(source)));
  });
}
