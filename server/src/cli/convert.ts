import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contextDescription, NO_CONTEXT, type BuildContext } from '../analysis/convert/context';
import { convertToMultiStage } from '../analysis/convert/index';
import { DocumentModel } from '../analysis/documentModel';
import { discoverInputs, ioProblem } from './discovery';
import { CliError, errorPrefix, ExitCode } from './exitCodes';
import type { CliIo } from './io';
import { visibleText } from '../protocol/visibleText';
import { readInput } from './readInput';
import { writeBeside, WriteRefused } from './writeBeside';
import { readBuildContext } from '../workspace/buildContext';

export interface ConvertOptions {
  readonly write?: boolean;
  readonly followSymlinks?: boolean;
  readonly sizeLimit: boolean;
  /** The build context folder; the Dockerfile's folder when not given, none for standard input. */
  readonly context?: string;
}

/**
 * `dockerfile-stages convert`: the editor's conversion to a multi-stage build, printed to stdout
 * or written back with `--write`, which replaces the file only once the whole conversion is on
 * disk and keeps its byte order mark, line ends and permissions. A file with nothing to convert
 * exits 3 with the reason on stderr and is left as it is.
 */
export async function runConvert(file: string, options: ConvertOptions, io: CliIo): Promise<number> {
  const { inputs, problems } = await discoverInputs([file], io.cwd);
  const [input] = inputs;
  if (problems.length > 0 || !input) throw new CliError(problems[0] ?? `${file}: no Dockerfile found`);
  if (inputs.length > 1) throw new CliError(`${file}: convert takes one Dockerfile, and this folder holds ${inputs.length}`);
  if (options.write && input.kind === 'stdin') throw new CliError('--write needs a file: standard input has nowhere to be written back');
  const read = await readInput(input, io, options);
  if ('problem' in read) throw new CliError(read.problem);

  const uri = input.path === undefined ? 'untitled:stdin' : pathToFileURL(input.path).href;
  const context = await contextFor(options.context, input.path, io.cwd);
  const limit = contextDescription(context);
  const result = convertToMultiStage(new DocumentModel(uri, 0, read.text), context);
  if (result.kind === 'declined') {
    io.stderr(`${errorPrefix} ${visibleText(`${input.display}: ${result.reason}${limit ? ` (${limit}.)` : ''}`)}\n`);
    return ExitCode.nothingToConvert;
  }
  if (limit) io.stderr(`${errorPrefix} ${visibleText(`${input.display}: ${limit}; pass --context DIR to read the project files.`)}\n`);
  const converted = inLineEndingsOf(read.text, result.text);
  if (!options.write || input.kind !== 'file') {
    io.stdout(converted);
    return ExitCode.clean;
  }
  let written: string;
  try {
    written = await writeBeside(input.path, read.byteOrderMark ? `\uFEFF${converted}` : converted, { followSymlinks: options.followSymlinks === true });
  } catch (error) {
    throw new CliError(error instanceof WriteRefused ? error.message : ioProblem(input.display, error));
  }
  if (written !== input.path) io.stderr(`${visibleText(`${input.display}: followed the symbolic link, wrote ${written}`)}\n`);
  const summary =
    result.change === 'runtime-swap'
      ? `${input.display}: switched (${result.ecosystemTitle}): nothing is built, so FROM ${result.buildImage} became FROM ${result.runtimeImage}`
      : `${input.display}: converted (${result.ecosystemTitle}): stage '${result.buildStage}' builds on ${result.buildImage}, stage '${result.runtimeStage}' runs on ${result.runtimeImage}`;
  io.stderr(`${visibleText(summary)}\n`);
  return ExitCode.clean;
}

/**
 * The converted text with the original's line ends: the conversion writes its new lines with
 * `\n` (or `\r\n` where the original has them), and a file whose lines end in a lone `\r` keeps
 * that.
 */
function inLineEndingsOf(original: string, converted: string): string {
  const carriageReturnOnly = original.includes('\r') && !original.includes('\n');
  return carriageReturnOnly ? converted.replace(/\r?\n/g, '\r') : converted;
}

/**
 * The build context: `--context DIR`, else the Dockerfile's folder; none for standard input. The
 * Dockerfile's own `<Dockerfile>.dockerignore` comes before the context's, as in a build.
 */
async function contextFor(option: string | undefined, file: string | undefined, cwd: string): Promise<BuildContext> {
  if (option === undefined) return file === undefined ? NO_CONTEXT : readBuildContext(path.dirname(file), file);
  const folder = path.resolve(cwd, option);
  const stats = await stat(folder).catch(() => undefined);
  if (!stats?.isDirectory()) throw new CliError(`--context ${option}: not a folder`);
  return readBuildContext(folder, file);
}
