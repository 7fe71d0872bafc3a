import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { buildStageCommand, runStageCommand, type StageBuildArguments } from '../protocol';
import { stageCommandLine } from '../protocol/stageCommandLine';
import { modelFor, type ServerContext } from './context';

/**
 * "Build stage" and "Run stage" above each named stage's FROM line, for a Dockerfile on disk. The
 * client runs them (a VS Code task) and decides whether to show them at all: only with a `docker`
 * on the PATH, in a trusted workspace, with the setting on. Each lens's tooltip is the exact
 * command line it runs.
 */
export function stageCodeLenses(context: ServerContext, params: CodeLensParams): CodeLens[] {
  const model = modelFor(context, params.textDocument.uri);
  if (!model || !model.uri.startsWith('file:')) return [];
  const dockerfile = fileURLToPath(model.uri);
  const builds = context.builds.buildsOfDockerfile(model.uri);
  return model.stageModel.stages.flatMap((stage) => {
    const name = stage.name;
    if (!name) return [];
    // The context a workspace build gives the stage, as the build that ships it would use.
    const built = builds.find((build) => build.target?.value.toLowerCase() === name.toLowerCase());
    const args: StageBuildArguments = { dockerfile, stage: name, context: built?.context ?? path.dirname(dockerfile) };
    const range = stage.from.getRange();
    return [
      { range, command: { title: 'Build stage', command: buildStageCommand, arguments: [args], tooltip: stageCommandLine(args, false) } },
      { range, command: { title: 'Run stage', command: runStageCommand, arguments: [args], tooltip: stageCommandLine(args, true) } },
    ];
  });
}
