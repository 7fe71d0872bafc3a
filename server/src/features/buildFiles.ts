import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CompletionItemKind,
  type CodeAction,
  type CodeActionParams,
  type CompletionItem,
  type CompletionParams,
  type DefinitionParams,
  type Diagnostic,
  type Location,
  type Position,
} from 'vscode-languageserver';
import { buildFileFindings, withSeverities } from '../analysis/builds/check';
import { buildFileKind } from '../analysis/builds/index';
import type { Build } from '../analysis/builds/types';
import { DocumentModel } from '../analysis/documentModel';
import type { LintedFinding } from '../analysis/lint';
import { lookUpDockerfiles, readDockerfile } from '../workspace/buildIndex';
import type { ServerContext } from './context';
import { findingToDiagnostic, ruleQuickFixes } from './findingDiagnostics';
import { contains } from '../analysis/hover/hoverIndex';

/** The path of a build file on disk (Compose, Bake, ...), or undefined for any other document. */
export function buildFilePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  const filePath = fileURLToPath(uri);
  return buildFileKind(filePath) ? filePath : undefined;
}

/** The text of the Dockerfile at `dockerfile` when the editor has it open. */
function openText(context: ServerContext, dockerfile: string): string | undefined {
  return context.documents.get(pathToFileURL(dockerfile).href)?.getText();
}

/** UndefinedTarget and MissingDockerfile for a build file, under the `rules.<Code>` settings. */
export async function lintBuildFile(context: ServerContext, uri: string): Promise<LintedFinding[]> {
  const filePath = buildFilePath(uri);
  if (!filePath) return [];
  const builds = context.builds.buildsIn(filePath);
  const [lookups, settings] = await Promise.all([lookUpDockerfiles(builds, (dockerfile) => openText(context, dockerfile)), context.settings.get(uri)]);
  return withSeverities(
    buildFileFindings(builds, (dockerfile) => lookups.get(dockerfile)),
    settings.rules,
  );
}

export async function buildFileDiagnostics(context: ServerContext, uri: string): Promise<Diagnostic[]> {
  return (await lintBuildFile(context, uri)).map(findingToDiagnostic);
}

/** The did-you-mean quick fixes of UndefinedTarget. */
export async function buildFileCodeActions(context: ServerContext, params: CodeActionParams): Promise<CodeAction[]> {
  return ruleQuickFixes(params.textDocument.uri, params, await lintBuildFile(context, params.textDocument.uri));
}

/** The build whose target value holds `position`, with the Dockerfile's model. */
async function buildAt(context: ServerContext, uri: string, position: Position): Promise<{ build: Build; model: DocumentModel } | undefined> {
  const filePath = buildFilePath(uri);
  const build = filePath ? context.builds.buildsIn(filePath).find((each) => each.target && contains(each.target.range, position)) : undefined;
  if (!build) return undefined;
  const model = await dockerfileModel(context, build.dockerfile);
  return model ? { build, model } : undefined;
}

async function dockerfileModel(context: ServerContext, dockerfile: string): Promise<DocumentModel | undefined> {
  const text = await readDockerfile(dockerfile, openText(context, dockerfile));
  return text === undefined || text === 'missing' ? undefined : new DocumentModel(pathToFileURL(dockerfile).href, 0, text);
}

/** From a target value to the FROM line of the stage it names. */
export async function buildFileDefinition(context: ServerContext, params: DefinitionParams): Promise<Location | null> {
  const found = await buildAt(context, params.textDocument.uri, params.position);
  const wanted = found?.build.target?.value.toLowerCase();
  const stage = found?.model.stageModel.stages.find((each) => each.name?.toLowerCase() === wanted);
  return found && stage ? { uri: found.model.uri, range: stage.range } : null;
}

/** The Dockerfile's stage names, in a target value. */
export async function buildFileCompletion(context: ServerContext, params: CompletionParams): Promise<CompletionItem[]> {
  const found = await buildAt(context, params.textDocument.uri, params.position);
  if (!found?.build.target) return [];
  const range = found.build.target.range;
  return found.model.stageModel.stages.flatMap((stage) =>
    stage.name ? [{ label: stage.name, kind: CompletionItemKind.Class, detail: `stage ${stage.index} (FROM ${stage.base.text})`, textEdit: { range, newText: stage.name } }] : [],
  );
}
