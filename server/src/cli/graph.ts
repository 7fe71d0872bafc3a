import { pathToFileURL } from 'node:url';
import { DocumentModel } from '../analysis/documentModel';
import { toDot, toMermaid } from '../analysis/graphExport';
import { buildStageGraph } from '../analysis/stageGraph';
import { findStageByName, parseStageIndex } from '../analysis/stageModel';
import type { StageModel } from '../analysis/stageTypes';
import type { StageGraphDirection } from '../protocol/stageGraph';
import { defaultPlatforms } from '../analysis/platforms';
import { discoverInputs } from './discovery';
import { CliError, ExitCode } from './exitCodes';
import type { CliIo } from './io';
import { readInput } from './readInput';
import { platformsOf } from './settings';

export type GraphFormat = 'json' | 'dot' | 'mermaid';

export interface GraphOptions {
  readonly format: GraphFormat;
  readonly target?: string;
  readonly direction: StageGraphDirection;
  readonly sizeLimit: boolean;
  /** `--platform`, repeatable; the default platforms when empty. */
  readonly platform: readonly string[];
}

/** The stages `--target` takes, as `name (index)` or the bare index of an unnamed stage. */
function stageList(stageModel: StageModel): string {
  if (stageModel.stages.length === 0) return 'none (no FROM)';
  return stageModel.stages.map((stage) => (stage.name ? `${stage.name} (${stage.index})` : String(stage.index))).join(', ');
}

/**
 * `dockerfile-stages graph`: the stage graph of one Dockerfile, built by the same function that
 * answers the editor's `dockerfileStages/stageGraph` request. Unlike the editor, which falls back
 * to the last stage, an unknown `--target` is an error, as it is for `docker build --target`.
 */
export async function runGraph(file: string, options: GraphOptions, io: CliIo): Promise<number> {
  const platforms = options.platform.length > 0 ? platformsOf(options.platform, '--platform') : defaultPlatforms;
  const { inputs, problems } = await discoverInputs([file], io.cwd);
  const [input] = inputs;
  if (problems.length > 0 || !input) throw new CliError(problems[0] ?? `${file}: no Dockerfile found`);
  if (inputs.length > 1) throw new CliError(`${file}: graph takes one Dockerfile, and this folder holds ${inputs.length}`);
  const read = await readInput(input, io, options);
  if ('problem' in read) throw new CliError(read.problem);

  const uri = input.path === undefined ? 'untitled:stdin' : pathToFileURL(input.path).href;
  const document = new DocumentModel(uri, 0, read.text);
  const stageModel = document.stageModel;
  if (options.target !== undefined) {
    const index = parseStageIndex(options.target);
    const known = findStageByName(stageModel, options.target) !== undefined || (index !== undefined && index >= 0 && index < stageModel.stages.length);
    if (!known) throw new CliError(`--target ${options.target}: ${input.display} has no stage of that name or index; its stages are ${stageList(stageModel)}`);
  }
  const graph = buildStageGraph(document, { target: options.target, platforms });
  if (options.format === 'json') io.stdout(`${JSON.stringify(graph, null, 2)}\n`);
  else io.stdout((options.format === 'dot' ? toDot : toMermaid)(graph, { direction: options.direction }));
  return ExitCode.clean;
}
