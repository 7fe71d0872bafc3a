import { commandName } from '../../shell';
import { buildCommands, outputOption } from '../artifacts';
import { baseName, resolvePath } from '../paths';
import { assemblePlan } from '../plan';
import { catalogRuntimeImages } from '../runtimeImage';
import type { ConvertStageFacts } from '../stageFacts';
import type { Ecosystem } from './ecosystem';

function dotnetBuilds(facts: ConvertStageFacts) {
  return buildCommands(facts).filter(({ command }) => commandName(command) === 'dotnet' || commandName(command) === 'dotnet.exe');
}

/**
 * `-o` / `--output` read from the RUN's text: Windows shells do not treat `\\` as an escape, so
 * `C:\\app\\out` must not go through the POSIX word splitting.
 */
function rawOutputOption(text: string): string | undefined {
  const match = /(?:^|\s)(?:-o|--output)(?:\s+|=)("[^"]+"|[^\s"]+)/.exec(text);
  return match?.[1].replace(/^"|"$/g, '');
}

/** A web app listens: it exposes a port or configures ASP.NET Core. */
function isWebApp(facts: ConvertStageFacts): boolean {
  return facts.instructions.some(
    (instruction) =>
      instruction.keyword === 'EXPOSE' || (instruction.keyword === 'ENV' && /ASPNETCORE_/.test(instruction.instruction.getArgumentsContent() ?? '')),
  );
}

/** The folder of the .dll `dotnet app.dll` starts, or of the app host CMD/ENTRYPOINT runs. */
function startedFolder(facts: ConvertStageFacts): string | undefined {
  const argv = facts.start?.argv ?? [];
  const program = argv[0];
  if (program === undefined) return undefined;
  const target = /^dotnet(\.exe)?$/i.test(baseName(program)) ? argv[1] : program;
  if (target === undefined || target.includes('$') || !/[\\/]/.test(target)) return undefined;
  const path = resolvePath(facts.start?.workdir, target);
  return path.slice(0, path.length - baseName(path).length).replace(/[\\/]$/, '');
}

export const dotnet: Ecosystem = {
  id: 'dotnet',
  title: '.NET',
  images: ['mcr.microsoft.com/dotnet/sdk'],
  usesTools: (facts) => dotnetBuilds(facts).length > 0,
  plan(facts) {
    const outputs = dotnetBuilds(facts).flatMap(({ command, instruction }) => {
      const output = facts.windows ? rawOutputOption(instruction.block.lines.join('\n')) : outputOption(command);
      return output === undefined ? [] : [resolvePath(instruction.workdir, output)];
    });
    const started = startedFolder(facts);
    const folders = [...new Set([...outputs, ...(started && !outputs.some((output) => started.toLowerCase().startsWith(output.toLowerCase())) ? [started] : [])])];
    if (folders.length === 0) return { declined: 'The stage builds .NET code, but neither `dotnet publish -o` nor CMD/ENTRYPOINT says where the app is.' };
    const catalog = catalogRuntimeImages(facts);
    const web = isWebApp(facts);
    const preferred = catalog.filter((image) => /\/aspnet:/.test(image) === web);
    return assemblePlan(facts, {
      ecosystem: 'dotnet',
      buildPurpose: 'publishes the app with the .NET SDK.',
      runtimePurpose: `only the published app, on the ${web ? 'ASP.NET Core' : '.NET'} runtime.`,
      candidates: [...preferred, ...catalog],
      artifacts: folders.map((folder) => ({ source: folder, destination: folder })),
      artifactPurpose: 'The published app, where CMD/ENTRYPOINT starts it',
    });
  },
};
