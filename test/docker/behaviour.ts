// What an app image does, observed on the engine so that two images can be compared: the exit
// code and output of its default command, or the answer to an HTTP request (and the result of
// its HEALTHCHECK) once it listens.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DockerEngine } from './engine';
import type { Probe } from './fixtureApps';

/** How long a server may take to answer its first request (a JVM or Ruby on a busy machine). */
const START_ATTEMPTS = 120;
const ATTEMPT_PAUSE_MS = 500;

/** The observed behaviour as text: equal texts mean the same behaviour. */
export async function observe(engine: DockerEngine, image: string, probe: Probe, container: string): Promise<string> {
  if (probe.kind === 'output') {
    const result = await engine.run(image);
    return `exit ${result.code}\n${result.stdout}${result.code === 0 ? '' : result.stderr}`;
  }
  const exposed = await engine.exposedPorts(image);
  const port = exposed.length === 1 ? exposed[0] : probe.port;
  await engine.removeContainer(container);
  await engine.start(image, container);
  try {
    const answer = await firstAnswer(engine, container, port, probe.path);
    const lines = [`GET :${port}${probe.path}`, answer.status, `content-type: ${answer.contentType}`, answer.body];
    if (probe.healthcheck) lines.push(`health: ${await settledHealth(engine, container)}`);
    return lines.join('\n');
  } finally {
    await engine.removeContainer(container);
  }
}

async function firstAnswer(engine: DockerEngine, container: string, port: number, urlPath: string) {
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const answer = await engine.httpGet(container, port, urlPath);
    if (answer) return answer;
    const state = await engine.docker(['inspect', '--format', '{{.State.Running}}', container]);
    if (state.stdout.trim() !== 'true') throw new Error(`the container stopped before answering on port ${port}:\n${await engine.logs(container)}`);
    await sleep(ATTEMPT_PAUSE_MS);
  }
  throw new Error(`nothing answered on port ${port} after ${START_ATTEMPTS} attempts:\n${await engine.logs(container)}`);
}

/** The HEALTHCHECK status once it is no longer `starting`. */
async function settledHealth(engine: DockerEngine, container: string): Promise<string> {
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const status = await engine.health(container);
    if (status !== 'starting') return status || 'no healthcheck';
    await sleep(ATTEMPT_PAUSE_MS);
  }
  return 'still starting';
}
