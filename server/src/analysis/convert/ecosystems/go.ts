import { commandName } from '../../shell';
import { buildCommands, outputOption, programArtifacts, type ArtifactCopy, type BuildOutput } from '../artifacts';
import { assetsNote, BUILD_INPUTS, runtimeAssets, withAssetsPurpose } from '../assets';
import { replaceStart, startIsSplit, toolRun, type ToolRun } from '../entryPoints';
import { baseName, resolvePath } from '../paths';
import { assemblePlan, type ConversionPlan, type Declined, type PlanSpec } from '../plan';
import { goModuleName } from '../project';
import { catalogRuntimeImages } from '../runtimeImage';
import { expandVariables, type ConvertStageFacts } from '../stageFacts';
import type { Ecosystem } from './ecosystem';

function goBuilds(facts: ConvertStageFacts) {
  return buildCommands(facts).filter(({ command }) => commandName(command) === 'go');
}

/**
 * Go packages that only work with cgo and bring their C code along (go-sqlite3 compiles SQLite
 * in; confluent-kafka-go links a bundled librdkafka): with CGO_ENABLED=0 they build, then fail
 * at run time, so the binary keeps cgo and the C library of its build.
 */
const CGO_PACKAGES = ['github.com/mattn/go-sqlite3', 'github.com/confluentinc/confluent-kafka-go'];

/** The cgo-only package the module requires or a RUN fetches (`go get github.com/mattn/go-sqlite3`), if any. */
function cgoPackage(facts: ConvertStageFacts): string | undefined {
  const fetched = facts.instructions.flatMap((instruction) => instruction.run?.script.commands.filter((command) => commandName(command) === 'go').flatMap((command) => command.argv) ?? []);
  const required = facts.context.files['go.mod'] ?? '';
  return CGO_PACKAGES.find((name) => required.includes(name) || fetched.some((word) => word.startsWith(name)));
}

function goSpec(facts: ConvertStageFacts, artifacts: readonly ArtifactCopy[], staticBinary: boolean): Omit<PlanSpec, 'buildInsertions'> {
  const assets = runtimeAssets(facts, BUILD_INPUTS.go, artifacts);
  return {
    ecosystem: 'go',
    buildPurpose: 'compiles the Go binary.',
    runtimePurpose: 'only the binary, without the Go toolchain or the sources.',
    candidates: catalogRuntimeImages(facts),
    staticBinary,
    artifacts: [...artifacts, ...assets],
    artifactPurpose: withAssetsPurpose('The compiled binary, at the path CMD/ENTRYPOINT runs it from', assets),
    notes: assetsNote(facts),
    usesSystemCertificates: true,
  };
}

/** `go run`: `go build` of the same package in the build stage, the binary started directly. */
function goRunPlan(facts: ConvertStageFacts, run: ToolRun): ConversionPlan | Declined {
  if (startIsSplit(facts)) return { declined: 'The container starts the app with `go run` split across ENTRYPOINT and CMD; join them into one instruction, then convert.' };
  const target = run.options.filter((word) => !word.startsWith('-'));
  const last = target[target.length - 1] ?? '.';
  const fromPath = last.endsWith('.go') || last === '.' || last === './' ? undefined : baseName(last);
  const name = (fromPath && /^[\w.-]+$/.test(fromPath) ? fromPath : undefined) ?? goModuleName(facts.context) ?? 'app';
  const cgo = facts.instructions[facts.lastBuildPosition]?.env.CGO_ENABLED;
  const output = `/usr/local/bin/${name}`;
  const text = `RUN ${cgo === undefined ? 'CGO_ENABLED=0 ' : ''}go build ${[...run.options.slice(0, run.options.length - target.length), '-o', output, ...target].join(' ')}`.replace(/\s+/g, ' ');
  return assemblePlan(facts, {
    ...goSpec(facts, [{ source: output, destination: output }], cgo === undefined || cgo === '0'),
    buildInsertions: [{ position: facts.instructions.length, instruction: { comment: 'The build `go run` would have done at every start; a static binary needs no C library', text } }],
    replacements: replaceStart(facts, [name, ...run.appArguments], '`go run` needs the Go toolchain and compiles at every start: this runs the binary the build stage compiled.'),
  });
}

export const go: Ecosystem = {
  id: 'go',
  title: 'Go',
  images: ['golang', 'cgr.dev/chainguard/go'],
  usesTools: (facts) => goBuilds(facts).length > 0 || toolRun(facts)?.tool === 'go',
  plan(facts) {
    const run = toolRun(facts);
    if (run?.tool === 'go') return goRunPlan(facts, run);
    const builds = goBuilds(facts);
    if (builds.length === 0) return { declined: 'No `go build` or `go install` in the stage: there is no binary to copy into a runtime image.' };
    // `-o $GOPATH/bin/app`: the shell sees the ENV values, the image's own included.
    const written = builds.map(({ command, instruction }) => {
      const output = outputOption(command, ['-o']);
      return output === undefined ? undefined : expandVariables(output, { ...instruction.env, ...command.env });
    });
    const unknown = written.find((output) => output?.includes('$'));
    if (unknown) return { declined: `\`go build -o ${unknown}\` names the binary with a variable whose value the Dockerfile does not set, so the binary to copy is not known.` };
    const outputs: BuildOutput[] = builds.map(({ command, instruction }, index) => {
      const output = written[index];
      if (command.argv[1] === 'install' || output === undefined) {
        const gobin = command.env.GOBIN ?? instruction.env.GOBIN;
        const gopath = command.env.GOPATH ?? instruction.env.GOPATH ?? '/go';
        return command.argv[1] === 'install' ? { path: gobin ?? `${gopath}/bin`, folder: true } : { path: instruction.workdir ?? '/', folder: true };
      }
      return { path: resolvePath(instruction.workdir, output), folder: /[\\/]$/.test(output) };
    });
    const artifacts = programArtifacts(facts, outputs);
    if (artifacts.length === 0) return { declined: 'The stage builds Go code, but neither `go build -o` nor CMD/ENTRYPOINT says which binary runs.' };

    const first = builds[0];
    const cgoSet = builds.some(({ command, instruction }) => command.env.CGO_ENABLED !== undefined || instruction.env.CGO_ENABLED !== undefined);
    const needsCgo = cgoSet ? undefined : cgoPackage(facts);
    const spec = goSpec(facts, artifacts, cgoSet ? builds.every(({ command, instruction }) => (command.env.CGO_ENABLED ?? instruction.env.CGO_ENABLED) === '0') : needsCgo === undefined);
    return assemblePlan(facts, {
      ...spec,
      notes: [...(spec.notes ?? []), ...(needsCgo ? [`The app uses ${needsCgo}, which works only with cgo: the binary keeps it, so it runs on the C library it was built against.`] : [])],
      buildInsertions: cgoSet || needsCgo
        ? []
        : [{ position: first.instruction.position, instruction: { comment: 'A static binary needs no C library in the runtime image', text: 'ENV CGO_ENABLED=0' } }],
    });
  },
};
