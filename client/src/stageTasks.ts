/**
 * The stage code lenses' commands: `docker build --target NAME` (and `docker run` of the result)
 * in a VS Code task in the build context, so the terminal shows the command line before it runs.
 * Offered only where running Docker is the user's to decide: a trusted workspace, a `docker` on
 * the PATH, and `dockerfileStages.codeLens.stages` on.
 */
import * as vscode from 'vscode';
import { buildStageCommand, configurationSection, runStageCommand, type StageBuildArguments } from '../../server/src/protocol';
import { stageCommandLine } from '../../server/src/protocol/stageCommandLine';
import { dockerOnPath } from './stageCommandLine';

const taskType = 'dockerfileStages';

/** Whether the stage code lenses are shown. */
export function stageCodeLensesWanted(): boolean {
  const enabled = vscode.workspace.getConfiguration(configurationSection).get<boolean>('codeLens.stages', true);
  return enabled && vscode.workspace.isTrusted && dockerOnPath();
}

function runStageTask(args: StageBuildArguments, run: boolean): Thenable<vscode.TaskExecution> | undefined {
  if (!vscode.workspace.isTrusted) return undefined;
  const execution = new vscode.ShellExecution(stageCommandLine(args, run), { cwd: args.context });
  const name = `${run ? 'Run' : 'Build'} stage ${args.stage}`;
  const task = new vscode.Task({ type: taskType, stage: args.stage, run }, vscode.TaskScope.Workspace, name, 'Dockerfile Stages', execution);
  return vscode.tasks.executeTask(task);
}

export function registerStageTaskCommands(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(buildStageCommand, (args: StageBuildArguments) => runStageTask(args, false)),
    vscode.commands.registerCommand(runStageCommand, (args: StageBuildArguments) => runStageTask(args, true)),
  );
}
