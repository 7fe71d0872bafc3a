/**
 * Apps started through their build tool (`cargo run`, `go run`, `dotnet run`, `mvn
 * spring-boot:run`, `gradle bootRun`): the tool compiles at every start and needs the whole
 * toolchain in the image. The conversion builds the artefact in the build stage and starts it
 * directly; these helpers read the tool's command line and write the new start instruction.
 */
import { baseName } from './paths';
import type { GeneratedInstruction } from './plan';
import type { ConvertStageFacts, InstructionFacts } from './stageFacts';

/** What a build tool's run command says: the tool, its own options, and the app's arguments. */
export interface ToolRun {
  readonly tool: 'cargo' | 'go' | 'dotnet' | 'maven' | 'gradle';
  /** The launcher as written (`mvn`, `./mvnw`, `gradle`, `./gradlew`). */
  readonly launcher: string;
  /** The tool's words after the run subcommand, up to `--` or the app's arguments. */
  readonly options: readonly string[];
  /** Arguments for the app itself. */
  readonly appArguments: readonly string[];
}

const MAVEN_RUN_GOALS = /^(spring-boot:run|exec:java|quarkus:dev|jetty:run|tomcat7?:run)$/;
const GRADLE_RUN_TASKS = /^(:?bootRun|:?run|quarkusDev)$/;

/** The build tool run command CMD/ENTRYPOINT starts the container with, if it is one. */
export function toolRun(facts: ConvertStageFacts): ToolRun | undefined {
  const argv = facts.start?.argv ?? [];
  const launcher = argv[0];
  if (launcher === undefined) return undefined;
  const name = baseName(launcher);
  const rest = argv.slice(1).filter((word) => !/^\+\w/.test(word));
  const split = (words: readonly string[]) => {
    const dashes = words.indexOf('--');
    return dashes < 0 ? { options: words, appArguments: [] } : { options: words.slice(0, dashes), appArguments: words.slice(dashes + 1) };
  };
  if (name === 'cargo' && rest[0] === 'run') return { tool: 'cargo', launcher, ...split(rest.slice(1)) };
  if (/^dotnet(\.exe)?$/.test(name) && (rest[0] === 'run' || rest[0] === 'watch')) return { tool: 'dotnet', launcher, ...split(rest.slice(rest[0] === 'watch' && rest[1] === 'run' ? 2 : 1)) };
  if (name === 'go' && rest[0] === 'run') return goRun(launcher, rest.slice(1));
  if (/^mvnw?$/.test(name) && rest.some((word) => MAVEN_RUN_GOALS.test(word))) return { tool: 'maven', launcher, options: rest, appArguments: [] };
  if (/^gradlew?$/.test(name) && rest.some((word) => GRADLE_RUN_TASKS.test(word))) return { tool: 'gradle', launcher, options: rest, appArguments: [] };
  return undefined;
}

/** `go run [build flags] package|files... [arguments]`: the options end with the package or the last .go file. */
function goRun(launcher: string, words: readonly string[]): ToolRun {
  const valued = new Set(['-tags', '-ldflags', '-gcflags', '-mod', '-exec', '-C', '-p', '-asmflags', '-modfile', '-overlay', '-pgo']);
  let index = 0;
  while (index < words.length && words[index].startsWith('-')) index += valued.has(words[index]) && !words[index].includes('=') ? 2 : 1;
  if (words[index]?.endsWith('.go')) {
    while (index < words.length && words[index].endsWith('.go')) index++;
  } else {
    index++;
  }
  return { tool: 'go', launcher, options: words.slice(0, index), appArguments: words.slice(index) };
}

/** The value of an option in a tool's words (`--bin x`, `--bin=x`, `-p x`). */
export function optionValue(words: readonly string[], ...names: string[]): string | undefined {
  for (let index = 0; index < words.length; index++) {
    for (const name of names) {
      if (words[index] === name) return words[index + 1];
      if (words[index].startsWith(`${name}=`)) return words[index].slice(name.length + 1);
    }
  }
  return undefined;
}

/** The instruction whose words start the container: the last ENTRYPOINT, else the last CMD. */
function startInstruction(facts: ConvertStageFacts): InstructionFacts | undefined {
  const last = (keyword: string) => [...facts.instructions].reverse().find((instruction) => instruction.keyword === keyword);
  return last('ENTRYPOINT') ?? last('CMD');
}

/** True when ENTRYPOINT and CMD both exist: the program and its arguments are split across two instructions. */
export function startIsSplit(facts: ConvertStageFacts): boolean {
  return facts.instructions.some((instruction) => instruction.keyword === 'ENTRYPOINT') && facts.instructions.some((instruction) => instruction.keyword === 'CMD');
}

/** The start instruction rewritten to run `argv` (exec form), keeping its keyword, with the original kept above as a comment. */
export function replaceStart(facts: ConvertStageFacts, argv: readonly string[], why: string): Map<number, GeneratedInstruction> {
  const instruction = startInstruction(facts);
  if (!instruction) return new Map();
  const text = `${instruction.instruction.getInstruction()} [${argv.map((word) => JSON.stringify(word)).join(', ')}]`;
  return new Map([[instruction.position, { comment: `${why} Instead of:`, text }]]);
}
