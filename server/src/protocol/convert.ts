/** The conversion request's types (the request object is in requests.ts) and the command that sends it. */
import type { WorkspaceEdit } from 'vscode-languageserver-types';

export interface ConvertParams {
  readonly textDocument: { readonly uri: string };
  /** The document's text, for a file the server has not been sent yet; the server's copy wins when it has one. */
  readonly text?: string;
}

/** Either the edit to apply (with a title saying what it does) or why nothing changes. */
export type ConvertResult =
  | { readonly kind: 'converted'; readonly title: string; readonly edit: WorkspaceEdit }
  | { readonly kind: 'declined'; readonly reason: string };

/** The command that converts the active Dockerfile. */
export const convertCommand = 'dockerfileStages.convertToMultiStage';
