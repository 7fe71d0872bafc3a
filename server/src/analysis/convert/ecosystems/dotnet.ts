import { commandName } from '../../shell';
import { buildCommands, outputOption } from '../artifacts';
import { baseName, resolvePath } from '../paths';
import { contextDescription } from '../context';
import { optionValue, replaceStart, startIsSplit, toolRun, type ToolRun } from '../entryPoints';
import { assemblePlan, type ConversionPlan, type Declined } from '../plan';
import { dotnetProject } from '../project';
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

/** A web app listens: it exposes a port, configures ASP.NET Core, or its project uses the web SDK. */
function isWebApp(facts: ConvertStageFacts): boolean {
  return (
    dotnetProject(facts.context)?.web === true ||
    facts.instructions.some(
      (instruction) => instruction.keyword === 'EXPOSE' || (instruction.keyword === 'ENV' && /ASPNETCORE_/.test(instruction.instruction.getArgumentsContent() ?? '')),
    )
  );
}

/** Where `dotnet publish` puts the app when the conversion adds the step. */
const PUBLISH_FOLDER = '/app/publish';

function runtimeCandidates(facts: ConvertStageFacts): string[] {
  const catalog = catalogRuntimeImages(facts);
  const web = isWebApp(facts);
  return [...catalog.filter((image) => /\/aspnet:/.test(image) === web), ...catalog];
}

/** `dotnet run`: publish in the build stage and start the assembly with `dotnet <name>.dll`. */
function dotnetRunPlan(facts: ConvertStageFacts, run: ToolRun): ConversionPlan | Declined {
  if (startIsSplit(facts)) return { declined: 'The container starts the app with `dotnet run` split across ENTRYPOINT and CMD; join them into one instruction, then convert.' };
  const project = optionValue(run.options, '--project', '-p');
  const fromContext = dotnetProject(facts.context);
  const assembly = project && /\.\w+proj$/.test(project) && baseName(project) !== fromContext?.file ? baseName(project).replace(/\.\w+proj$/, '') : fromContext?.assembly;
  if (!assembly) {
    const limit = contextDescription(facts.context);
    return { declined: `The container starts the app with \`dotnet run\`; the assembly to start instead is named by the project file, which ${limit ? `could not be read (${limit})` : 'is not the only one in the context root'}. Pass \`--project <file>.csproj\`, or convert with the build context.` };
  }
  const folder = facts.start?.workdir ?? '/app';
  const configuration = optionValue(run.options, '-c', '--configuration') ?? 'Release';
  const urls = run.options.filter((word, index) => word === '--urls' || run.options[index - 1] === '--urls');
  const setsUrls = urls.length > 0 || facts.instructions.some((instruction) => instruction.keyword === 'ENV' && /ASPNETCORE_(URLS|HTTP_PORTS|HTTPS_PORTS)/.test(instruction.instruction.getArgumentsContent() ?? ''));
  return assemblePlan(facts, {
    ecosystem: 'dotnet',
    buildPurpose: 'publishes the app with the .NET SDK.',
    runtimePurpose: `only the published app, on the ${isWebApp(facts) ? 'ASP.NET Core' : '.NET'} runtime.`,
    candidates: runtimeCandidates(facts),
    artifacts: [{ source: PUBLISH_FOLDER, destination: folder }],
    artifactPurpose: 'The published app, in the folder the container starts in',
    buildInsertions: [{ position: facts.instructions.length, instruction: { comment: 'The build `dotnet run` would have done at every start', text: `RUN dotnet publish${project ? ` ${project}` : ''} -c ${configuration} -o ${PUBLISH_FOLDER}` } }],
    replacements: replaceStart(facts, ['dotnet', `${assembly}.dll`, ...urls, ...run.appArguments], '`dotnet run` needs the SDK and builds at every start: this starts the assembly the build stage published.'),
    notes: setsUrls || !isWebApp(facts)
      ? []
      : ['`dotnet run` took its address and environment from Properties/launchSettings.json; the published app listens on port 8080 (.NET 8 and later, 80 before) in the Production environment. Set ASPNETCORE_URLS or ASPNETCORE_ENVIRONMENT here if the app needs them.'],
  });
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
  usesTools: (facts) => dotnetBuilds(facts).length > 0 || toolRun(facts)?.tool === 'dotnet',
  plan(facts) {
    const run = toolRun(facts);
    if (run?.tool === 'dotnet') return dotnetRunPlan(facts, run);
    const outputs = dotnetBuilds(facts).flatMap(({ command, instruction }) => {
      const output = facts.windows ? rawOutputOption(instruction.block.lines.join('\n')) : outputOption(command);
      return output === undefined ? [] : [resolvePath(instruction.workdir, output)];
    });
    const started = startedFolder(facts);
    const folders = [...new Set([...outputs, ...(started && !outputs.some((output) => started.toLowerCase().startsWith(output.toLowerCase())) ? [started] : [])])];
    if (folders.length === 0) return { declined: 'The stage builds .NET code, but neither `dotnet publish -o` nor CMD/ENTRYPOINT says where the app is.' };
    const web = isWebApp(facts);
    return assemblePlan(facts, {
      ecosystem: 'dotnet',
      buildPurpose: 'publishes the app with the .NET SDK.',
      runtimePurpose: `only the published app, on the ${web ? 'ASP.NET Core' : '.NET'} runtime.`,
      candidates: runtimeCandidates(facts),
      artifacts: folders.map((folder) => ({ source: folder, destination: folder })),
      artifactPurpose: 'The published app, where CMD/ENTRYPOINT starts it',
    });
  },
};
