import { commandName } from '../../shell';
import { buildCommands, outputOption, programArtifacts, type ArtifactCopy, type BuildOutput } from '../artifacts';
import { assetsNote, BUILD_INPUTS, runtimeAssets, withAssetsPurpose } from '../assets';
import { contextDescription } from '../context';
import { optionValue, replaceStart, startIsSplit, toolRun, type ToolRun } from '../entryPoints';
import { isInside, resolvePath } from '../paths';
import { assemblePlan, type ConversionPlan, type Declined, type GeneratedInstruction } from '../plan';
import { cargoBinaries } from '../project';
import { catalogRuntimeImages, sameImageCandidates } from '../runtimeImage';
import type { ConvertStageFacts } from '../stageFacts';
import type { Ecosystem } from './ecosystem';

function cargoBuilds(facts: ConvertStageFacts) {
  return buildCommands(facts).filter(({ command }) => commandName(command) === 'cargo');
}

function rustPlan(facts: ConvertStageFacts, artifacts: readonly ArtifactCopy[], extra: { insertions?: ConversionPlan['buildInsertions']; replacements?: Map<number, GeneratedInstruction> } = {}): ConversionPlan | Declined {
  const assets = runtimeAssets(facts, BUILD_INPUTS.rust, artifacts);
  return assemblePlan(facts, {
    ecosystem: 'rust',
    buildPurpose: 'compiles the binary with cargo.',
    runtimePurpose: 'only the binary, on a slim image of the same distribution.',
    candidates: [...catalogRuntimeImages(facts), ...sameImageCandidates(facts)],
    artifacts: [...artifacts, ...assets],
    artifactPurpose: withAssetsPurpose('The compiled binary, at the path CMD/ENTRYPOINT runs it from', assets),
    buildInsertions: extra.insertions,
    replacements: extra.replacements,
    notes: assetsNote(facts),
    usesSystemCertificates: true,
  });
}

/** `cargo run`: a release build in the build stage, its binary started directly in the runtime stage. */
function cargoRunPlan(facts: ConvertStageFacts, run: ToolRun): ConversionPlan | Declined {
  if (startIsSplit(facts)) return { declined: 'The container starts the app with `cargo run` split across ENTRYPOINT and CMD; join them into one instruction, then convert.' };
  const bin = optionValue(run.options, '--bin') ?? cargoBinaries(facts.context, optionValue(run.options, '-p', '--package'))[0];
  if (!bin) {
    const limit = contextDescription(facts.context);
    return {
      declined: `The container starts the app with \`cargo run\`, and the binary it runs is named in Cargo.toml, ${limit ? `which could not be read (${limit})` : facts.context.files['Cargo.toml'] === undefined ? 'which is not in the build context' : 'which names no binary the converter can tell'}. Name it with \`--bin\`, or convert with the build context.`,
    };
  }
  const workdir = facts.start?.workdir ?? facts.instructions[facts.lastBuildPosition]?.workdir;
  const triple = optionValue(run.options, '--target');
  const targetDir = facts.instructions[facts.lastBuildPosition]?.env.CARGO_TARGET_DIR ?? 'target';
  const binary = resolvePath(workdir, `${targetDir}/${triple ? `${triple}/` : ''}release/${bin}`);
  const passOn = run.options.filter((word, index) => /^(--features|-F|--no-default-features|--all-features|--locked|--frozen|--offline|--target)$/.test(word) || /^(--features|-F|--target)$/.test(run.options[index - 1] ?? '') || /^--(features|target)=/.test(word));
  const built = cargoBuilds(facts).some(({ command }) => (command.argv.includes('--release') || command.argv.includes('-r')) && (!command.argv.includes('--bin') || command.argv.includes(bin)));
  const insertions = built
    ? []
    : [{ position: facts.instructions.length, instruction: { comment: 'The release build `cargo run` would have compiled at every start', text: `RUN cargo build --release --bin ${bin}${passOn.length > 0 ? ` ${passOn.join(' ')}` : ''}` } }];
  const replacements = replaceStart(facts, [bin, ...run.appArguments], '`cargo run` needs the Rust toolchain and compiles at every start: this runs the binary the build stage compiled.');
  return rustPlan(facts, [{ source: binary, destination: `/usr/local/bin/${bin}` }], { insertions, replacements });
}

/**
 * CMD starts a script (`./run.sh`) rather than a binary the build wrote: the binary `cargo run`
 * would start, from Cargo.toml, is copied to where the build left it, for the script to run.
 */
function binaryBehindScript(facts: ConvertStageFacts, outputs: readonly BuildOutput[]): ArtifactCopy[] {
  const program = facts.start?.argv[0] ?? '';
  const folders = outputs.filter((output) => output.folder);
  const startsBuilt = folders.some((folder) => isInside(resolvePath(facts.start?.workdir, program), folder.path)) || !/\.(sh|bash)$/.test(program);
  const bin = cargoBinaries(facts.context)[0];
  return startsBuilt || bin === undefined ? [] : folders.map((folder) => ({ source: resolvePath(folder.path, bin), destination: resolvePath(folder.path, bin) }));
}

export const rust: Ecosystem = {
  id: 'rust',
  title: 'Rust',
  images: ['rust', 'cgr.dev/chainguard/rust'],
  usesTools: (facts) => cargoBuilds(facts).length > 0 || toolRun(facts)?.tool === 'cargo',
  plan(facts) {
    const run = toolRun(facts);
    if (run?.tool === 'cargo') return cargoRunPlan(facts, run);
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
    const artifacts = [...programArtifacts(facts, outputs), ...binaryBehindScript(facts, outputs)];
    if (artifacts.length === 0) return { declined: 'The stage builds with cargo, but neither `--bin` nor CMD/ENTRYPOINT names the binary that runs.' };
    return rustPlan(facts, artifacts);
  },
};
