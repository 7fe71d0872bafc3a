import {
  BulkRegistration,
  CodeActionKind,
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type DocumentSelector,
} from 'vscode-languageserver';
import { buildFilePatterns } from '../protocol';

const buildFileSelector: DocumentSelector = buildFilePatterns.map((pattern) => ({ scheme: 'file', pattern }));

/**
 * Asks the client for the build files as documents, and for the only features that serve them
 * (diagnostics, their quick fixes, target completion and definition), under a selector of their
 * own: the Dockerfile features registered at initialize never see them. Only where the client
 * registers document sync dynamically; elsewhere build files are read from disk alone.
 */
export function registerBuildFileFeatures(connection: Connection, capabilities: ClientCapabilities, pullDiagnostics: boolean): Promise<unknown> | undefined {
  const textDocument = capabilities.textDocument;
  if (textDocument?.synchronization?.dynamicRegistration !== true) return undefined;
  const registration = BulkRegistration.create();
  registration.add(DidOpenTextDocumentNotification.type, { documentSelector: buildFileSelector });
  registration.add(DidChangeTextDocumentNotification.type, { documentSelector: buildFileSelector, syncKind: TextDocumentSyncKind.Incremental });
  registration.add(DidCloseTextDocumentNotification.type, { documentSelector: buildFileSelector });
  if (textDocument.completion?.dynamicRegistration) registration.add(CompletionRequest.type, { documentSelector: buildFileSelector, triggerCharacters: [':', '=', ' ', '"'] });
  if (textDocument.definition?.dynamicRegistration) registration.add(DefinitionRequest.type, { documentSelector: buildFileSelector });
  if (textDocument.codeAction?.dynamicRegistration) registration.add(CodeActionRequest.type, { documentSelector: buildFileSelector, codeActionKinds: [CodeActionKind.QuickFix] });
  if (pullDiagnostics && textDocument.diagnostic?.dynamicRegistration) {
    registration.add(DocumentDiagnosticRequest.type, { documentSelector: buildFileSelector, interFileDependencies: true, workspaceDiagnostics: false });
  }
  return connection.client.register(registration);
}
