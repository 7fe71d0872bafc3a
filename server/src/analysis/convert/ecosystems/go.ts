import { commandName } from '../../shell';
import { buildCommands, outputOption, programArtifacts, type BuildOutput } from '../artifacts';
import { resolvePath } from '../paths';
import { assemblePlan, type PlanSpec } from '../plan';
import { catalogRuntimeImages } from '../runtimeImage';
import type { ConvertStageFacts } from '../stageFacts';
import type { Ecosystem } from './ecosystem';

function goBuilds(facts: ConvertStageFacts) {
  return buildCommands(facts).filter(({ command }) => commandName(command) === 'go');
}

export const go: Ecosystem = {
  id: 'go',
  title: 'Go',
  images: ['golang', 'cgr.dev/chainguard/go'],
  usesTools: (facts) => goBuilds(facts).length > 0,
  plan(facts) {
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
    const spec: PlanSpec = {
      ecosystem: 'go',
      buildPurpose: 'compiles the Go binary.',
      runtimePurpose: 'only the binary, without the Go toolchain or the sources.',
      candidates: catalogRuntimeImages(facts),
      staticBinary: !cgoSet || builds.every(({ command, instruction }) => (command.env.CGO_ENABLED ?? instruction.env.CGO_ENABLED) === '0'),
      artifacts,
      artifactPurpose: 'The compiled binary, at the path CMD/ENTRYPOINT runs it from',
      buildInsertions: cgoSet
        ? []
        : [{ position: first.instruction.position, instruction: { comment: 'A static binary needs no C library in the runtime image', text: 'ENV CGO_ENABLED=0' } }],
    };
    return assemblePlan(facts, spec);
  },
};
