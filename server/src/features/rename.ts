import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChangeAnnotation, Location, PrepareRenameParams, Range, RenameParams, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { modelFor, type ServerContext } from './context';
import { buildFileTargetsAt } from './references';

export function prepareRename(context: ServerContext, params: PrepareRenameParams): Range | null {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return null;
  return context.service.prepareRename(model.text, params.position);
}

/**
 * The library's rename in the Dockerfile; a stage's is also made where build files target it, in
 * one edit. A client that supports change annotations gets the build files' edits marked as
 * needing confirmation, so the user sees them (VS Code: in the refactor preview) before another
 * file changes; any other client gets plain edits.
 */
export function rename(context: ServerContext, params: RenameParams): WorkspaceEdit | null {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return null;
  const edits = context.service.computeRename(params.textDocument, model.text, params.position, params.newName);
  if (edits.length === 0) return null;
  const targets = buildFileTargetsAt(context, model, params.position);
  if (supportsChangeAnnotations(context)) return annotatedRename(context, params, edits, targets);
  const changes: Record<string, TextEdit[]> = { [params.textDocument.uri]: edits };
  for (const target of targets) (changes[target.uri] ??= []).push({ range: target.range, newText: params.newName });
  return { changes };
}

function supportsChangeAnnotations(context: ServerContext): boolean {
  const workspaceEdit = context.clientCapabilities.workspace?.workspaceEdit;
  return workspaceEdit?.documentChanges === true && workspaceEdit.changeAnnotationSupport !== undefined;
}

/** The rename as document changes, each build file's edits under an annotation naming that file. */
function annotatedRename(context: ServerContext, params: RenameParams, dockerfileEdits: TextEdit[], targets: readonly Location[]): WorkspaceEdit {
  const documentChanges: TextDocumentEdit[] = [{ textDocument: versionedIdentifier(context, params.textDocument.uri), edits: dockerfileEdits }];
  const changeAnnotations: Record<string, ChangeAnnotation> = {};
  for (const target of targets) {
    changeAnnotations[target.uri] ??= buildFileAnnotation(params.textDocument.uri, target.uri);
    let change = documentChanges.find((each) => each.textDocument.uri === target.uri);
    if (!change) documentChanges.push((change = { textDocument: versionedIdentifier(context, target.uri), edits: [] }));
    change.edits.push({ range: target.range, newText: params.newName, annotationId: target.uri });
  }
  return { documentChanges, changeAnnotations };
}

/** Names the build file by its path from the Dockerfile's folder, as the user would look for it. */
function buildFileAnnotation(dockerfileUri: string, buildFileUri: string): ChangeAnnotation {
  // Build files are indexed from disk, so both are file URIs whenever a build file targets the stage.
  const buildFile = fileURLToPath(buildFileUri);
  return {
    label: `Target in ${path.relative(path.dirname(fileURLToPath(dockerfileUri)), buildFile)}`,
    description: `The build in ${buildFile} that targets this stage`,
    // Labelled, not held back: VS Code's preview starts an edit that needs confirmation unticked, and
    // applying the rename without the build file's edit would leave its target naming no stage.
    needsConfirmation: false,
  };
}

/** The open document's version, so a client refuses an edit made for text that has changed since; null for a file not open. */
function versionedIdentifier(context: ServerContext, uri: string): TextDocumentEdit['textDocument'] {
  return { uri, version: context.documents.get(uri)?.version ?? null };
}
