import { commandName } from '../../shell';
import { buildCommands } from '../artifacts';
import { baseName, resolvePath } from '../paths';
import { assemblePlan, type ConversionPlan, type Declined, type EcosystemId } from '../plan';
import { catalogRuntimeImages } from '../runtimeImage';
import type { ConvertStageFacts } from '../stageFacts';
import type { Ecosystem } from './ecosystem';

/** The jar `java -jar` starts, resolved against the WORKDIR the container starts in. */
function startedJar(facts: ConvertStageFacts): string | undefined {
  const argv = facts.start?.argv ?? [];
  if (!/^java$/.test(baseName(argv[0] ?? ''))) return undefined;
  const index = argv.indexOf('-jar');
  const jar = index >= 0 ? argv[index + 1] : undefined;
  return jar === undefined || /[$*?]/.test(jar) ? undefined : resolvePath(facts.start?.workdir, jar);
}

function javaPlan(facts: ConvertStageFacts, ecosystem: EcosystemId, tool: string): ConversionPlan | Declined {
  const program = facts.start?.argv[0];
  if (program !== undefined && /^(mvn|mvnw|gradle|gradlew)$/.test(baseName(program))) {
    return { declined: `The container starts the app through ${tool} (${facts.start?.argv.join(' ')}), so the runtime image would need the build tool. Package a jar and start it with \`java -jar\` first.` };
  }
  const jar = startedJar(facts);
  if (!jar) return { declined: `The stage builds with ${tool}, but CMD/ENTRYPOINT does not start a jar with \`java -jar <path>\`, so the jar to copy is unknown.` };
  const candidates = catalogRuntimeImages(facts);
  const advice = facts.image?.known ? facts.image.runtimeAdvice : undefined;
  return assemblePlan(facts, {
    ecosystem,
    buildPurpose: `packages the jar with ${tool} and the JDK.`,
    runtimePurpose: 'only the jar, on a Java runtime (JRE) of the same version.',
    candidates,
    artifacts: [{ source: jar, destination: jar }],
    artifactPurpose: 'The packaged jar, at the path `java -jar` starts it from',
    noRuntimeReason: `No Java runtime image is known for ${facts.stage.base.resolved ?? facts.stage.base.text}${advice ? `: use ${advice}` : ''}.`,
  });
}

function usesTool(facts: ConvertStageFacts, tools: RegExp): boolean {
  return buildCommands(facts).some(({ command }) => tools.test(commandName(command)));
}

export const maven: Ecosystem = {
  id: 'maven',
  title: 'Java (Maven)',
  images: ['maven', 'cgr.dev/chainguard/maven'],
  usesTools: (facts) => usesTool(facts, /^mvnw?$/),
  plan: (facts) => javaPlan(facts, 'maven', 'Maven'),
};

export const gradle: Ecosystem = {
  id: 'gradle',
  title: 'Java (Gradle)',
  images: ['gradle', 'cgr.dev/chainguard/gradle'],
  usesTools: (facts) => usesTool(facts, /^gradlew?$/),
  plan: (facts) => javaPlan(facts, 'gradle', 'Gradle'),
};
