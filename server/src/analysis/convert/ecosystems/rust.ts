import { commandName } from '../../shell';
import { buildCommands, outputOption, programArtifacts, type BuildOutput } from '../artifacts';
import { resolvePath } from '../paths';
import { assemblePlan } from '../plan';
import { catalogRuntimeImages, sameImageCandidates } from '../runtimeImage';
import type { ConvertStageFacts } from '../stageFacts';
import type { Ecosystem } from './ecosystem';

function cargoBuilds(facts: ConvertStageFacts) {
  return buildCommands(facts).filter(({ command }) => commandName(command) === 'cargo');
}

export const rust: Ecosystem = {
  id: 'rust',
  title: 'Rust',
  images: ['rust', 'cgr.dev/chainguard/rust'],
  usesTools: (facts) => cargoBuilds(facts).length > 0,
  plan(facts) {
    const builds = cargoBuilds(facts);
    if (builds.length === 0) return { declined: 'No `cargo build` or `cargo install` in the stage: there is no binary to copy into a runtime image.' };
    const outputs = builds.flatMap(({ command, instruction }): BuildOutput[] => {
      const args = command.argv.slice(1);
      const bins = args.flatMap((word, index) => (word === '--bin' && args[index + 1] ? [args[index + 1]] : word.startsWith('--bin=') ? [word.slice(6)] : []));
      let folder: string;
      if (args[0] === 'install') {
        const root = outputOption(command, ['--root']) ?? command.env.CARGO_INSTALL_ROOT ?? instruction.env.CARGO_HOME ?? '/usr/local/cargo';
        folder = resolvePath(instruction.workdir, `${root}/bin`);
      } else {
        const target = outputOption(command, ['--target']);
        const profile = args.includes('--release') || args.includes('-r') ? 'release' : (outputOption(command, ['--profile']) ?? 'debug');
        const targetDir = command.env.CARGO_TARGET_DIR ?? instruction.env.CARGO_TARGET_DIR ?? 'target';
        folder = resolvePath(instruction.workdir, `${targetDir}/${target ? `${target}/` : ''}${profile}`);
      }
      return bins.length > 0 ? bins.map((bin) => ({ path: resolvePath(folder, bin), folder: false })) : [{ path: folder, folder: true }];
    });
    const artifacts = programArtifacts(facts, outputs);
    if (artifacts.length === 0) return { declined: 'The stage builds with cargo, but neither `--bin` nor CMD/ENTRYPOINT names the binary that runs.' };
    return assemblePlan(facts, {
      ecosystem: 'rust',
      buildPurpose: 'compiles the binary with cargo.',
      runtimePurpose: 'only the binary, on a slim image of the same distribution.',
      candidates: [...catalogRuntimeImages(facts), ...sameImageCandidates(facts)],
      artifacts,
      artifactPurpose: 'The compiled binary, at the path CMD/ENTRYPOINT runs it from',
    });
  },
};
