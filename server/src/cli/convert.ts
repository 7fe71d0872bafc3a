import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { convertToMultiStage } from '../analysis/convert/index';
import { DocumentModel } from '../analysis/documentModel';
import { discoverInputs, ioProblem } from './discovery';
import { CliError, errorPrefix, ExitCode } from './exitCodes';
import type { CliIo } from './io';
import { readInput } from './readInput';

export interface ConvertOptions {
  readonly write?: boolean;
}

/**
 * `dockerfile-stages convert`: the editor's conversion to a multi-stage build, printed to stdout
 * or written back with `--write`. A file with nothing to convert exits 3 with the reason on stderr
 * and is left as it is.
 */
export async function runConvert(file: string, options: ConvertOptions, io: CliIo): Promise<number> {
  const { inputs, problems } = await discoverInputs([file], io.cwd);
  const [input] = inputs;
  if (problems.length > 0 || !input) throw new CliError(problems[0] ?? `${file}: no Dockerfile found`);
  if (inputs.length > 1) throw new CliError(`${file}: convert takes one Dockerfile, and this folder holds ${inputs.length}`);
  if (options.write && input.kind === 'stdin') throw new CliError('--write needs a file: standard input has nowhere to be written back');
  const read = await readInput(input, io);
  if ('problem' in read) throw new CliError(read.problem);

  const uri = input.path === undefined ? 'untitled:stdin' : pathToFileURL(input.path).href;
  const result = convertToMultiStage(new DocumentModel(uri, 0, read.text));
  if (result.kind === 'declined') {
    io.stderr(`${errorPrefix} ${input.display}: ${result.reason}\n`);
    return ExitCode.nothingToConvert;
  }
  if (!options.write || input.kind !== 'file') {
    io.stdout(result.text);
    return ExitCode.clean;
  }
  try {
    await writeFile(input.path, result.text);
  } catch (error) {
    throw new CliError(ioProblem(input.display, error));
  }
  io.stderr(`${input.display}: converted (${result.ecosystemTitle}): stage '${result.buildStage}' builds on ${result.buildImage}, stage '${result.runtimeStage}' runs on ${result.runtimeImage}\n`);
  return ExitCode.clean;
}
