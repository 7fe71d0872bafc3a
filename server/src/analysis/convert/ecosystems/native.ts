import { commandName, type ShellCommand } from '../../shell';
import { buildCommands, outputOption, programArtifacts, runsConditionally, type BuildOutput } from '../artifacts';
import { assetsNote, BUILD_INPUTS, runtimeAssets, withAssetsPurpose } from '../assets';
import { resolvePath } from '../paths';
import { assemblePlan } from '../plan';
import { catalogRuntimeImages, sameImageCandidates } from '../runtimeImage';
import type { ConvertStageFacts, InstructionFacts } from '../stageFacts';
import type { Ecosystem } from './ecosystem';

const COMPILERS = /^(gcc|g\+\+|cc|c\+\+|clang|clang\+\+)(-\d+)?$/;
const BUILD_SYSTEMS = new Set(['make', 'gmake', 'ninja', 'cmake', 'meson', 'configure']);

function nativeBuilds(facts: ConvertStageFacts) {
  return buildCommands(facts).filter(({ command }) => COMPILERS.test(commandName(command)) || BUILD_SYSTEMS.has(commandName(command)));
}

/** Where a compiler, `make install` or `cmake --install` puts programs. */
function outputsOf(command: ShellCommand, instruction: InstructionFacts): BuildOutput[] {
  const name = commandName(command);
  const args = command.argv.slice(1);
  if (COMPILERS.test(name)) {
    // Without -o a compiler that links writes a.out; with -c it only writes objects.
    if (args.includes('-c') || args.includes('-S') || args.includes('-E')) return [];
    return [{ path: resolvePath(instruction.workdir, outputOption(command, ['-o']) ?? 'a.out'), folder: false }];
  }
  const installs = (name === 'make' || name === 'gmake' || name === 'ninja') && args.includes('install');
  if (installs) {
    const assignment = args.map((word) => /^(PREFIX|prefix)=(.+)$/.exec(word)?.[2]).find((value) => value !== undefined);
    const prefix = assignment ?? command.env.PREFIX ?? instruction.env.PREFIX ?? '/usr/local';
    return [{ path: resolvePath(instruction.workdir, `${prefix}/bin`), folder: true }];
  }
  if (name === 'cmake' && args.includes('--install')) {
    return [{ path: resolvePath(instruction.workdir, `${outputOption(command, ['--prefix']) ?? '/usr/local'}/bin`), folder: true }];
  }
  return [];
}

export const native: Ecosystem = {
  id: 'native',
  title: 'C/C++',
  images: ['gcc', 'buildpack-deps', 'cgr.dev/chainguard/gcc-glibc'],
  usesTools: (facts) => nativeBuilds(facts).length > 0,
  plan(facts) {
    const outputs = nativeBuilds(facts).flatMap(({ command, instruction }) => outputsOf(command, instruction).map((output) => ({ ...output, optional: runsConditionally(command, instruction) })));
    const artifacts = programArtifacts(facts, outputs);
    if (artifacts.length === 0) return { declined: 'The stage compiles C/C++, but neither `-o`, `make install` nor CMD/ENTRYPOINT says which program runs.' };
    const assets = runtimeAssets(facts, BUILD_INPUTS.native, artifacts);
    return assemblePlan(facts, {
      ecosystem: 'native',
      buildPurpose: 'compiles the program.',
      runtimePurpose: 'only the program, on a slim image of the same distribution.',
      candidates: [...catalogRuntimeImages(facts), ...sameImageCandidates(facts)],
      artifacts: [...artifacts, ...assets],
      artifactPurpose: withAssetsPurpose('The compiled program, at the path CMD/ENTRYPOINT runs it from', assets),
      notes: assetsNote(facts),
    });
  },
};
