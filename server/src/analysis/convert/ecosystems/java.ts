import { javaRuntimeRelease } from '../../imageCatalog';
import { commandName } from '../../shell';
import { buildCommands } from '../artifacts';
import { contextDescription } from '../context';
import { optionValue, replaceStart, startIsSplit, toolRun, type ToolRun } from '../entryPoints';
import { baseName, resolvePath } from '../paths';
import { assemblePlan, type ConversionPlan, type Declined, type EcosystemId, type PlanSpec } from '../plan';
import { gradleArtifact, javaVersion, mavenArtifact } from '../project';
import { catalogRuntimeImages } from '../runtimeImage';
import type { ConvertStageFacts } from '../stageFacts';
import type { Ecosystem } from './ecosystem';

/** The jar `java -jar` starts, resolved against the WORKDIR the container starts in. */
function startedJar(facts: ConvertStageFacts): string | undefined {
  const argv = facts.start?.argv ?? [];
  if (!/^java$/.test(baseName(argv[0] ?? ''))) return undefined;
  const index = argv.indexOf('-jar');
  const jar = index >= 0 ? argv[index + 1] : undefined;
  // A pattern in the file name (`target/*.jar`, expanded by the shell form) is copied as a pattern.
  return jar === undefined || jar.includes('$') || /[*?]/.test(jar.slice(0, jar.lastIndexOf('/') + 1)) ? undefined : resolvePath(facts.start?.workdir, jar);
}

/** JRE images: the catalog's for the build image, else Temurin's JRE of the Java version the project targets. */
function jreCandidates(facts: ConvertStageFacts): string[] {
  const catalog = catalogRuntimeImages(facts);
  const version = javaVersion(facts.context);
  const alpine = facts.image?.known && facts.image.distro?.family === 'alpine';
  return [...catalog, ...(version ? [`eclipse-temurin:${javaRuntimeRelease(version)}-jre${alpine ? '-alpine' : ''}`] : [])];
}

function jarSpec(facts: ConvertStageFacts, ecosystem: EcosystemId, tool: string, jar: string): PlanSpec {
  const advice = facts.image?.known ? facts.image.runtimeAdvice : undefined;
  return {
    ecosystem,
    buildPurpose: `packages the jar with ${tool} and the JDK.`,
    runtimePurpose: 'only the jar, on a Java runtime (JRE) of the same version.',
    candidates: jreCandidates(facts),
    // A jar runs on any distribution's JRE of its Java version.
    portable: true,
    artifacts: [{ source: jar, destination: /[*?]/.test(jar) ? `${jar.slice(0, jar.lastIndexOf('/') + 1)}` : jar }],
    artifactPurpose: 'The packaged jar, at the path `java -jar` starts it from',
    noRuntimeReason: `No Java runtime image is known for ${facts.stage.base.resolved ?? facts.stage.base.text}${advice ? `: use ${advice}` : ''}.`,
  };
}

/**
 * Arguments `spring-boot:run` and `exec:java` pass on: profiles and app arguments become the
 * jar's own, JVM arguments go before `-jar`.
 */
function toolRunArguments(options: readonly string[]): { jvm: string[]; app: string[] } {
  const value = (name: string) => optionValue(options, `-D${name}`);
  const words = (text: string | undefined, separator: RegExp) => (text ?? '').split(separator).filter((word) => word !== '');
  const profiles = value('spring-boot.run.profiles');
  return {
    jvm: words(value('spring-boot.run.jvmArguments'), /\s+/),
    app: [...(profiles ? [`--spring.profiles.active=${profiles}`] : []), ...words(value('spring-boot.run.arguments'), /[\s,]+/), ...words(value('exec.args'), /\s+/)],
  };
}

/** `mvn spring-boot:run`, `gradle bootRun`: package the boot jar in the build stage and start it with `java -jar`. */
function toolRunPlan(facts: ConvertStageFacts, ecosystem: EcosystemId, run: ToolRun): ConversionPlan | Declined {
  const maven = run.tool === 'maven';
  const tool = maven ? 'Maven' : 'Gradle';
  const started = `\`${baseName(run.launcher)} ${run.options.join(' ')}\``;
  if (startIsSplit(facts)) return { declined: `The container starts the app with ${started} split across ENTRYPOINT and CMD; join them into one instruction, then convert.` };
  const workdir = facts.start?.workdir ?? facts.instructions[facts.lastBuildPosition]?.workdir;
  const artifact = maven ? mavenArtifact(facts.context) : gradleArtifact(facts.context, workdir ? baseName(workdir) : undefined);
  const limit = contextDescription(facts.context);
  if (!artifact) {
    return { declined: `The container starts the app through ${tool} (${started}); the jar to run instead is named in ${maven ? 'pom.xml' : 'build.gradle'}, which ${limit ? `could not be read (${limit})` : 'does not say its name plainly'}. Package a jar and start it with \`java -jar\` first.` };
  }
  const mainClass = optionValue(run.options, '-Dexec.mainClass') ?? artifact.mainClass;
  if (!artifact.selfContained || (!artifact.executable && mainClass === undefined)) {
    return {
      declined: `The container starts the app through ${tool} (${started}), and the jar ${tool} packages ${artifact.selfContained ? 'names no main class' : 'lacks the dependencies the app needs at run time (no Spring Boot or shade plugin packs them in)'}, so \`java\` cannot start it alone. Package an executable jar first.`,
    };
  }
  const packages = buildCommands(facts).some(({ command }) => /^(mvnw?|gradlew?)$/.test(baseName(commandName(command))) && command.argv.some((word) => /^(package|install|verify|build|bootJar|assemble)$/.test(word)));
  const packageStep = maven ? `RUN ${run.launcher} -B -DskipTests package` : `RUN ${run.launcher} bootJar --no-daemon`;
  const jar = resolvePath(workdir, artifact.jar);
  const { jvm, app } = maven ? toolRunArguments(run.options) : { jvm: [], app: [] };
  const start = artifact.executable ? ['-jar', jar] : ['-cp', jar, mainClass ?? ''];
  return assemblePlan(facts, {
    ...jarSpec(facts, ecosystem, tool, jar),
    buildInsertions: packages ? [] : [{ position: facts.instructions.length, instruction: { comment: `The jar, packaged once here: ${started} compiled at every start`, text: packageStep } }],
    replacements: replaceStart(facts, ['java', ...jvm, ...start, ...app], `${started} needs ${tool} and the JDK and builds at every start: this starts the jar the build stage packaged.`),
  });
}

function javaPlan(facts: ConvertStageFacts, ecosystem: EcosystemId, tool: string): ConversionPlan | Declined {
  const run = toolRun(facts);
  if (run?.tool === 'maven' || run?.tool === 'gradle') return toolRunPlan(facts, ecosystem, run);
  const program = facts.start?.argv[0];
  if (program !== undefined && /^(mvn|mvnw|gradle|gradlew)$/.test(baseName(program))) {
    return { declined: `The container starts the app through ${tool} (${facts.start?.argv.join(' ')}), so the runtime image would need the build tool. Package a jar and start it with \`java -jar\` first.` };
  }
  const jar = startedJar(facts);
  if (!jar) return { declined: `The stage builds with ${tool}, but CMD/ENTRYPOINT does not start a jar with \`java -jar <path>\`, so the jar to copy is unknown.` };
  return assemblePlan(facts, jarSpec(facts, ecosystem, tool, jar));
}

function usesTool(facts: ConvertStageFacts, tools: RegExp, run: ToolRun['tool']): boolean {
  return buildCommands(facts).some(({ command }) => tools.test(commandName(command))) || toolRun(facts)?.tool === run;
}

export const maven: Ecosystem = {
  id: 'maven',
  title: 'Java (Maven)',
  images: ['maven', 'cgr.dev/chainguard/maven'],
  usesTools: (facts) => usesTool(facts, /^mvnw?$/, 'maven'),
  plan: (facts) => javaPlan(facts, 'maven', 'Maven'),
};

export const gradle: Ecosystem = {
  id: 'gradle',
  title: 'Java (Gradle)',
  images: ['gradle', 'cgr.dev/chainguard/gradle'],
  usesTools: (facts) => usesTool(facts, /^gradlew?$/, 'gradle'),
  plan: (facts) => javaPlan(facts, 'gradle', 'Gradle'),
};
