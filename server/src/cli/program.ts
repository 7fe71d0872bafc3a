import { Command, CommanderError, Option } from 'commander';
import { defaultPlatformNames } from '../analysis/platforms';
import { runConvert, type ConvertOptions } from './convert';
import { CliError, errorPrefix, ExitCode } from './exitCodes';
import { runGraph, type GraphOptions } from './graph';
import type { CliIo } from './io';
import { runLint, type LintOptions } from './lint';
import { visibleText } from '../protocol/visibleText';

const lintSeverities = ['error', 'warning', 'information', 'hint'];
const platformHelp = `a platform the file is built for, e.g. linux/arm64 (repeatable; the first is the current one; default: ${defaultPlatformNames.join(', ')})`;

/** The editor's size cap, which every command keeps unless told otherwise. */
const sizeLimitOption = ['--no-size-limit', 'analyse files over 1 MB too (the editor does not)'] as const;

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Where a command's action leaves the exit code; undefined once the language server owns the process. */
type ExitCodeSink = (code: number | undefined) => void;

/** The program itself: its options, its output through `io`, and `--stdio` starting the language server. */
function rootCommand(io: CliIo, setExitCode: ExitCodeSink): Command {
  const program = new Command('dockerfile-stages')
    .description('Stage-aware Dockerfile checks for CI, the stage graph, and the language server for any LSP editor.')
    .version(SERVER_VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .option('--stdio', 'run the language server over standard input and output (for Neovim, Helix, Emacs...)')
    // Transports vscode-languageserver also reads from argv; editors other than VS Code use --stdio.
    .addOption(new Option('--node-ipc').hideHelp())
    .addOption(new Option('--socket <port>').hideHelp())
    .addOption(new Option('--clientProcessId <pid>').hideHelp())
    .enablePositionalOptions()
    .exitOverride()
    // Commander starts its own messages with `error:`; every CLI error starts with the program's name.
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(text.replace(/^error: /, `${errorPrefix} `)),
    })
    .showHelpAfterError('(dockerfile-stages --help shows the commands and options)')
    .action(async (options: { stdio?: boolean; nodeIpc?: boolean; socket?: string }) => {
      if (options.stdio || options.nodeIpc || options.socket !== undefined) {
        await import('../server');
        setExitCode(undefined);
        return;
      }
      const [unknown] = program.args;
      if (unknown !== undefined) io.stderr(`${errorPrefix} unknown command '${unknown}'\n(dockerfile-stages --help shows the commands and options)\n`);
      else io.stderr(`${errorPrefix} a command is needed\n\n${program.helpInformation()}`);
      setExitCode(ExitCode.usageOrIo);
    });
  return program;
}

function addLintCommand(program: Command, io: CliIo, setExitCode: ExitCodeSink): void {
  program
    .command('lint')
    .description('report what the editor reports: stage rules, image hygiene and the Dockerfile validator')
    .argument('<paths...>', 'Dockerfiles, or folders to search for Dockerfile, Dockerfile.*, *.dockerfile, Containerfile(.*); - reads standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(new Option('--severity <level>', 'lowest severity reported; any finding reported fails the run').choices(lintSeverities).default('warning'))
    .option('-c, --config <file>', 'JSON settings with the keys of the VS Code settings under dockerfileStages, e.g. {"rules": {"UnreachableStage": "off"}}')
    .option('--rule <Code=severity>', 'set one rule to off, hint, information, warning or error (repeatable; applied after --config)', collect)
    .option('--platform <os/arch>', platformHelp, collect)
    .option('--stdin-filename <path>', 'the name standard input is shown under and whose folder settings come from')
    .option(...sizeLimitOption)
    .action(async (paths: string[], options: Omit<LintOptions, 'rule' | 'platform'> & { rule?: string[]; platform?: string[] }) => {
      setExitCode(await runLint(paths, { ...options, rule: options.rule ?? [], platform: options.platform ?? [] }, io));
    });
}

function addGraphCommand(program: Command, io: CliIo, setExitCode: ExitCodeSink): void {
  program
    .command('graph')
    .description('print the stage graph: the same JSON the editor draws, or Graphviz DOT or Mermaid')
    .argument('<path>', 'a Dockerfile (or a folder holding one); - reads standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['json', 'dot', 'mermaid']).default('json'))
    .option('--target <stage>', 'the stage to build, by name or index, as docker build --target takes it (default: the last stage)')
    .addOption(new Option('--direction <direction>', 'diagram direction for dot and mermaid').choices(['TB', 'LR']).default('TB'))
    .option('--platform <os/arch>', platformHelp, collect)
    .option(...sizeLimitOption)
    .action(async (path: string, options: Omit<GraphOptions, 'platform'> & { platform?: string[] }) => {
      setExitCode(await runGraph(path, { ...options, platform: options.platform ?? [] }, io));
    });
}

function addConvertCommand(program: Command, io: CliIo, setExitCode: ExitCodeSink): void {
  program
    .command('convert')
    .description('convert a Dockerfile to a multi-stage build (a build stage and a runtime stage), printed or written back; exit 3 when there is nothing to convert')
    .argument('<path>', 'a Dockerfile (or a folder holding one); - reads standard input')
    .option('-w, --write', 'rewrite the file instead of printing the converted Dockerfile (a new file renamed over it, so a failed write leaves it as it was)')
    .option('--follow-symlinks', 'with --write, rewrite the file a symbolic link points to (a link is refused otherwise)')
    .option(...sizeLimitOption)
    .option('--context <dir>', "the build context to read project files from (Cargo.toml, package.json, pom.xml, ...); default: the Dockerfile's folder")
    .action(async (path: string, options: ConvertOptions) => {
      setExitCode(await runConvert(path, options, io));
    });
}

/**
 * Runs the command line and resolves to the exit code, or to undefined once the language
 * server has started (it then owns the process and stdio until the editor closes it).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number | undefined> {
  let exitCode: number | undefined = ExitCode.clean;
  const setExitCode: ExitCodeSink = (code) => {
    exitCode = code;
  };
  const program = rootCommand(io, setExitCode);
  addLintCommand(program, io, setExitCode);
  addGraphCommand(program, io, setExitCode);
  addConvertCommand(program, io, setExitCode);

  // Set after the commands are added, so that they keep rejecting extra arguments.
  program.allowExcessArguments(true);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has already written its message (or the help or version) through configureOutput.
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.clean : ExitCode.usageOrIo;
    if (error instanceof CliError) {
      io.stderr(`${errorPrefix} ${visibleText(error.message)}\n`);
      return ExitCode.usageOrIo;
    }
    io.stderr(`${errorPrefix} internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.usageOrIo;
  }
}
