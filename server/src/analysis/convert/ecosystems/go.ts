import { commandName } from '../../shell';
import { buildCommands, outputOption, programArtifacts, type ArtifactCopy, type BuildOutput } from '../artifacts';
import { assetsNote, BUILD_INPUTS, runtimeAssets, withAssetsPurpose } from '../assets';
import { replaceStart, startIsSplit, toolRun, type ToolRun } from '../entryPoints';
import { baseName, resolvePath } from '../paths';
import { assemblePlan, type ConversionPlan, type Declined, type PlanSpec } from '../plan';
import { goModuleName } from '../project';
import { catalogRuntimeImages } from '../runtimeImage';
import type { ConvertStageFacts } from '../stageFacts';
import type { Ecosystem } from './ecosystem';

function goBuilds(facts: ConvertStageFacts) {
  return buildCommands(facts).filter(({ command }) => commandName(command) === 'go');
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
    const outputs: BuildOutput[] = builds.map(({ command, instruction }) => {
      const output = outputOption(command, ['-o']);
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
    return assemblePlan(facts, {
      ...goSpec(facts, artifacts, !cgoSet || builds.every(({ command, instruction }) => (command.env.CGO_ENABLED ?? instruction.env.CGO_ENABLED) === '0')),
      buildInsertions: cgoSet
        ? []
        : [{ position: first.instruction.position, instruction: { comment: 'A static binary needs no C library in the runtime image', text: 'ENV CGO_ENABLED=0' } }],
    });
  },
};
