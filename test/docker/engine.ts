// A real Docker engine for tests: started through setup.sh (offline dockerd 28 with full
// BuildKit and local stand-ins for base images), driven through its own docker CLI.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, type TestContext } from 'node:test';

const here = __dirname;

export const dockerWorkDir = process.env.DOCKERFILE_STAGES_DOCKER_DIR ?? '/tmp/dockerfile-stages-docker';
const SETUP_LOCK = '/tmp/docker-setup.lock';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

function engineEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DOCKER_HOST: `unix://${dockerWorkDir}/docker.sock`,
    DOCKER_CONFIG: `${dockerWorkDir}/dockercfg`,
    // BuildKit's plain progress keeps error output readable when a build fails.
    BUILDKIT_PROGRESS: 'plain',
  };
}

const PARSER_DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;

/**
 * The Dockerfile text as an offline engine can build it. A `# syntax=` directive makes BuildKit
 * pull that frontend image, which fails without a registry, so it is replaced by a directive
 * with no effect (`escape` with its default, or `check=error=false`, whichever the file does
 * not set: BuildKit rejects a repeated directive, and a comment or blank line there would end
 * the directives and turn a following `# check=` into a comment). Line numbers do not change.
 */
export function offlineDockerfileText(text: string): string {
  const lines = text.split('\n');
  const directives = new Map<string, number>();
  for (const [index, line] of lines.entries()) {
    const match = PARSER_DIRECTIVE.exec(line.replace(/\r$/, ''));
    if (!match) break;
    directives.set(match[1].toLowerCase(), index);
  }
  const syntaxLine = directives.get('syntax');
  if (syntaxLine === undefined) return text;
  const replacement = !directives.has('escape') ? '# escape=\\' : !directives.has('check') ? '# check=error=false' : undefined;
  if (replacement === undefined) {
    throw new Error('cannot drop `# syntax=` offline: the file already sets both escape and check directives');
  }
  lines[syntaxLine] = replacement + (lines[syntaxLine].endsWith('\r') ? '\r' : '');
  return lines.join('\n');
}

/** One finding of `docker build --check`. Lines are 1-based, as BuildKit reports them. */
export interface BuildKitWarning {
  readonly rule: string;
  readonly line: number;
  readonly endLine: number;
  readonly description: string;
  readonly detail: string;
}

export interface BuildKitCheckReport {
  readonly warnings: readonly BuildKitWarning[];
  /** Set when BuildKit could not finish evaluating the Dockerfile (then later checks are missing). */
  readonly buildError?: { readonly message: string; readonly line: number | undefined };
}

interface RawRange {
  start?: { line?: number };
  end?: { line?: number };
}
interface RawCheckOutput {
  warnings?: Array<{ ruleName: string; description?: string; detail?: string; location?: { ranges?: RawRange[] } }> | null;
  buildError?: { message: string; location?: { ranges?: RawRange[] } } | null;
}

export interface BuildOptions {
  /** The build context folder. */
  readonly context: string;
  /** The Dockerfile; `<context>/Dockerfile` by default. */
  readonly dockerfile?: string;
  /** Dockerfile text to build instead of a file. */
  readonly dockerfileText?: string;
  readonly tag?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
  /** `--platform`: the platform built for. */
  readonly platform?: string;
  /** `host` lets RUN steps reach the npm registry and Debian's mirror; `none` by default. */
  readonly network?: 'none' | 'host';
}

/** An HTTP answer as a client sees it. */
export interface HttpAnswer {
  readonly status: string;
  readonly contentType: string;
  readonly body: string;
}

/** The client image that joins an app container's network to send it requests. */
const CLIENT_IMAGE = 'local/busybox:bookworm';

/**
 * The dockerfile frontend built into each Docker Engine release line the tests have run on, from
 * the release notes: Docker 28.5.x vendors BuildKit v0.25.x (Docker 28.5.1 and 28.5.2 release
 * notes, moby/moby#51137 and #51397), whose built-in frontend is 1.19 (released 2025-09-30, the
 * newest before BuildKit v0.25.0). The engine reports BuildKit as v0.0.0+unknown in Debian's build.
 */
const builtInFrontendByEngine = new Map([['28.5', 19]]);

export class DockerEngine {
  readonly env = engineEnv();
  readonly dockerBinary = path.join(dockerWorkDir, 'root/usr/bin/docker');

  /** True when this process started dockerd, so stop() should stop it again. */
  constructor(readonly startedHere: boolean) {}

  docker(args: readonly string[], input?: string): Promise<CommandResult> {
    return runCommand(this.dockerBinary, args, this.env, input);
  }

  /**
   * N of the `docker/dockerfile:1.N` frontend built into this engine, which runs every build
   * without a `# syntax` pin (and every build here, as the pins are swapped out offline).
   */
  async builtInFrontendMinor(): Promise<number> {
    const version = (await this.docker(['version', '--format', '{{.Server.Version}}'])).stdout.trim();
    const minor = builtInFrontendByEngine.get(/^\d+\.\d+/.exec(version)?.[0] ?? '');
    if (minor === undefined) {
      throw new Error(`Docker Engine ${version}: its built-in dockerfile frontend is not known; add it to builtInFrontendByEngine in test/docker/engine.ts`);
    }
    return minor;
  }

  /** `docker build --network=none` (or host); rejects with BuildKit's output when the build fails. */
  async build(options: BuildOptions): Promise<CommandResult> {
    return this.withOfflineDockerfile(options, async (dockerfile) => {
      const args = ['build', `--network=${options.network ?? 'none'}`, '-f', dockerfile, ...this.buildFlags(options)];
      if (options.tag) args.push('-t', options.tag);
      const result = await this.docker([...args, options.context]);
      if (result.code !== 0) throw new Error(`docker build failed (${result.code}):\n${result.stderr.slice(-4000)}`);
      return result;
    });
  }

  /** `docker run --rm --network none IMAGE ARGS...` */
  run(image: string, args: readonly string[] = []): Promise<CommandResult> {
    return this.docker(['run', '--rm', '--network', 'none', image, ...args]);
  }

  /** Starts IMAGE in the background with only a loopback network, as container NAME. */
  async start(image: string, name: string): Promise<void> {
    const result = await this.docker(['run', '-d', '--network', 'none', '--name', name, image]);
    if (result.code !== 0) throw new Error(`docker run ${image} failed:\n${result.stderr}`);
  }

  /**
   * GET http://127.0.0.1:PORT/PATH from inside container NAME's network (the engine has no
   * bridge, so nothing is published on the host): busybox wget in a container that joins it.
   * Undefined while nothing answers. (Debian's busybox wget crashes with `-T` on a refused
   * connection, so there is no timeout flag.)
   */
  async httpGet(name: string, port: number, urlPath: string): Promise<HttpAnswer | undefined> {
    const result = await this.docker(['run', '--rm', '--network', `container:${name}`, CLIENT_IMAGE, 'wget', '-S', '-q', '-O', '-', `http://127.0.0.1:${port}${urlPath}`]);
    const status = /^\s*(HTTP\/\S+ \d+.*?)\s*$/m.exec(result.stderr)?.[1];
    if (status === undefined) return undefined;
    const contentType = /^\s*content-type:\s*(.*?)\s*$/im.exec(result.stderr)?.[1] ?? '';
    return { status: status.replace(/^HTTP\/\S+ /, ''), contentType, body: result.stdout };
  }

  /** The HEALTHCHECK status of a running container (`starting`, `healthy`, `unhealthy`), or '' without one. */
  async health(name: string): Promise<string> {
    const result = await this.docker(['inspect', '--format', '{{if .State.Health}}{{.State.Health.Status}}{{end}}', name]);
    return result.stdout.trim();
  }

  /** The container's output so far, for a failure message. */
  async logs(name: string): Promise<string> {
    const result = await this.docker(['logs', '--tail', '30', name]);
    return `${result.stdout}${result.stderr}`.trim();
  }

  async removeContainer(name: string): Promise<void> {
    await this.docker(['rm', '--force', name]);
  }

  /** The TCP ports the image's configuration exposes. */
  async exposedPorts(image: string): Promise<number[]> {
    const result = await this.docker(['image', 'inspect', '--format', '{{json .Config.ExposedPorts}}', image]);
    if (result.code !== 0) throw new Error(`docker image inspect ${image} failed:\n${result.stderr}`);
    const ports = JSON.parse(result.stdout) as Record<string, unknown> | null;
    return Object.keys(ports ?? {}).flatMap((port) => (port.endsWith('/tcp') ? [Number(port.slice(0, -4))] : []));
  }

  /**
   * Tags each image name as its stand-in from images.conf, just before a build uses it: the
   * engine is shared, and setup.sh from another checkout may have tagged a name as another
   * variant. Throws for a name images.conf does not list.
   */
  async pinStandIns(names: Iterable<string>): Promise<void> {
    const standIns = readStandIns();
    const unknown: string[] = [];
    for (const name of names) {
      const variant = standIns.get(name);
      if (!variant) {
        unknown.push(name);
        continue;
      }
      const [current, wanted] = await Promise.all([this.imageId(name), this.imageId(`local/${variant}:bookworm`)]);
      if (current === wanted) continue;
      const tagged = await this.docker(['tag', `local/${variant}:bookworm`, name]);
      if (tagged.code !== 0) throw new Error(`docker tag ${name} failed:\n${tagged.stderr}`);
    }
    if (unknown.length > 0) throw new Error(`no stand-in for ${unknown.join(', ')}: add it to test/docker/images.conf`);
  }

  private async imageId(image: string): Promise<string | undefined> {
    const result = await this.docker(['image', 'inspect', '--format', '{{.Id}}', image]);
    return result.code === 0 ? result.stdout.trim() : undefined;
  }

  /** The image's size in bytes as `docker image inspect` reports it. */
  async imageSize(image: string): Promise<number> {
    const result = await this.docker(['image', 'inspect', '--format', '{{.Size}}', image]);
    if (result.code !== 0) throw new Error(`docker image inspect ${image} failed:\n${result.stderr}`);
    return Number(result.stdout.trim());
  }

  async removeImage(image: string): Promise<void> {
    await this.docker(['image', 'rm', '--force', image]);
  }

  /** BuildKit's build checks (`docker buildx build --call=check,format=json`). */
  async check(options: BuildOptions): Promise<BuildKitCheckReport> {
    return this.withOfflineDockerfile(options, async (dockerfile) => {
      const result = await this.docker(['buildx', 'build', '--call=check,format=json', '-q', '-f', dockerfile, ...this.buildFlags(options), options.context]);
      let raw: RawCheckOutput;
      try {
        raw = JSON.parse(result.stdout) as RawCheckOutput;
      } catch {
        throw new Error(`docker build --check gave no JSON report (exit ${result.code}):\n${result.stderr.slice(-4000)}`);
      }
      const warnings = (raw.warnings ?? []).map((warning) => {
        const range = warning.location?.ranges?.[0];
        return {
          rule: warning.ruleName,
          line: range?.start?.line ?? 0,
          endLine: range?.end?.line ?? range?.start?.line ?? 0,
          description: warning.description ?? '',
          detail: warning.detail ?? '',
        };
      });
      const error = raw.buildError;
      return error ? { warnings, buildError: { message: error.message, line: error.location?.ranges?.[0]?.start?.line } } : { warnings };
    });
  }

  /** Stops dockerd if this process started it; an engine someone else started keeps running. */
  async stop(): Promise<void> {
    if (!this.startedHere) return;
    await runCommand('bash', [path.join(here, 'stop.sh')], process.env);
  }

  private buildFlags(options: BuildOptions): string[] {
    const flags: string[] = [];
    for (const [name, value] of Object.entries(options.buildArgs ?? {})) flags.push('--build-arg', `${name}=${value}`);
    if (options.target) flags.push('--target', options.target);
    if (options.platform) flags.push('--platform', options.platform);
    return flags;
  }

  private async withOfflineDockerfile<T>(options: BuildOptions, use: (dockerfile: string) => Promise<T>): Promise<T> {
    const original = options.dockerfile ?? path.join(options.context, 'Dockerfile');
    const text = options.dockerfileText ?? readFileSync(original, 'utf8');
    const offline = offlineDockerfileText(text);
    if (options.dockerfileText === undefined && offline === text) return use(original);
    const folder = mkdtempSync(path.join(os.tmpdir(), 'dockerfile-stages-'));
    try {
      const file = path.join(folder, 'Dockerfile');
      writeFileSync(file, offline);
      return await use(file);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
}

/** images.conf: image name -> stand-in variant. */
function readStandIns(): Map<string, string> {
  const standIns = new Map<string, string>();
  for (const line of readFileSync(path.join(here, 'images.conf'), 'utf8').split('\n')) {
    const [name, variant] = line.trim().split(/\s+/);
    if (name && variant && !name.startsWith('#')) standIns.set(name, variant);
  }
  return standIns;
}

export type EngineStart =
  | { readonly available: true; readonly engine: DockerEngine; readonly seconds: number }
  | { readonly available: false; readonly reason: string };

/**
 * Runs setup.sh (idempotent: installs, images and dockerd only where missing) and returns the
 * engine, or why it cannot run here (not root, no apt, dockerd failing) so tests can skip with
 * that reason.
 */
export async function startEngine(): Promise<EngineStart> {
  const started = Date.now();
  const wasRunning = existsSync(path.join(dockerWorkDir, 'root/usr/bin/docker')) && (await new DockerEngine(false).docker(['version'])).code === 0;
  // Under the lock every checkout's setup takes, so two never make the same images at once.
  const setup = await runCommand('flock', [SETUP_LOCK, 'bash', path.join(here, 'setup.sh')], process.env);
  if (setup.code !== 0) {
    const tail = `${setup.stdout}\n${setup.stderr}`.trim().split('\n').slice(-15).join('\n');
    return { available: false, reason: `the Docker engine could not start (test/docker/setup.sh exited ${setup.code}):\n${tail}` };
  }
  return { available: true, engine: new DockerEngine(!wasRunning), seconds: (Date.now() - started) / 1000 };
}

/**
 * For a suite of tests that need the engine: starts it before the suite's tests (then runs
 * `prepare`, the suite's own set-up) and stops it after them. The function returned gives a test
 * the engine, or marks the test skipped with why there is none.
 */
export function engineForSuite(prepare?: (engine: DockerEngine, startSeconds: number) => Promise<void>): (t: TestContext) => DockerEngine | undefined {
  let engine: DockerEngine | undefined;
  let unavailable = 'the engine was not started';
  before(async () => {
    const start = await startEngine();
    if (!start.available) {
      unavailable = start.reason;
      return;
    }
    engine = start.engine;
    await prepare?.(engine, start.seconds);
  });
  after(async () => {
    await engine?.stop();
  });
  return (t) => {
    if (!engine) t.skip(`no Docker engine: ${unavailable}`);
    return engine;
  };
}
