import { pathToFileURL } from 'node:url';
import { convertToMultiStage } from '../analysis/convert/index';
import { DocumentModel } from '../analysis/documentModel';
import { discoverInputs, ioProblem } from './discovery';
import { CliError, errorPrefix, ExitCode } from './exitCodes';
import type { CliIo } from './io';
import { visibleText } from '../protocol/visibleText';
import { readInput } from './readInput';
import { writeBeside, WriteRefused } from './writeBeside';

export interface ConvertOptions {
  readonly write?: boolean;
  readonly followSymlinks?: boolean;
  readonly sizeLimit: boolean;
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
  const result = convertToMultiStage(new DocumentModel(uri, 0, read.text));
  if (result.kind === 'declined') {
    io.stderr(`${errorPrefix} ${visibleText(`${input.display}: ${result.reason}`)}\n`);
    return ExitCode.nothingToConvert;
  }
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
  io.stderr(
    `${visibleText(`${input.display}: converted (${result.ecosystemTitle}): stage '${result.buildStage}' builds on ${result.buildImage}, stage '${result.runtimeStage}' runs on ${result.runtimeImage}`)}\n`,
  );
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
