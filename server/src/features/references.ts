import { pathToFileURL } from 'node:url';
import type { Location, Position, ReferenceParams } from 'vscode-languageserver';
import type { DocumentModel } from '../analysis/documentModel';
import { hoverIndexOf } from '../analysis/hover/hoverIndex';
import type { Stage } from '../analysis/stageTypes';
import { modelFor, type ServerContext } from './context';

/** The stage whose name or reference is at `position`. */
function stageAt(model: DocumentModel, position: Position): Stage | undefined {
  const target = hoverIndexOf(model).targetAt(position);
  if (target?.kind === 'stageName') return target.stage;
  if (target?.kind === 'reference' && target.reference.target.type === 'stage') return model.stageModel.stages[target.reference.target.index];
  return undefined;
}

/** Where the workspace's build files name the stage at `position` as their target. */
export function buildFileTargetsAt(context: ServerContext, model: DocumentModel, position: Position): Location[] {
  const name = stageAt(model, position)?.name?.toLowerCase();
  if (name === undefined) return [];
  // Bake targets that inherit a target share where it is written: one location each.
  const byPlace = new Map<string, Location>();
  for (const build of context.builds.buildsOfDockerfile(model.uri)) {
    if (build.target?.value.toLowerCase() !== name) continue;
    const location = { uri: pathToFileURL(build.file).href, range: build.target.range };
    byPlace.set(JSON.stringify(location), location);
  }
  return [...byPlace.values()];
}

/** A stage's name and references in its Dockerfile, and the targets naming it in the workspace's build files. */
export function references(context: ServerContext, params: ReferenceParams): Location[] {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  const inFile = context.service.computeHighlightRanges(model.text, params.position).map((highlight) => ({ uri: model.uri, range: highlight.range }));
  if (inFile.length === 0) return [];
  return [...inFile, ...buildFileTargetsAt(context, model, params.position)];
}
