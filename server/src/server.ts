import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeActionParams,
  type DocumentDiagnosticParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { DocumentModelCache } from './analysis/documentModel';
import { refactorKinds } from './analysis/refactors/index';
import { memoizeInstructionArguments } from './features/argumentMemo';
import { memoizeInstructionValidation } from './features/validationMemo';
import { codeActions, noCodeActions } from './features/codeActions';
import { completion, resolveCompletion } from './features/completion';
import { convertDocument } from './features/convert';
import { modelFor, type ServerContext } from './features/context';
import { definition } from './features/definition';
import { DiagnosticsPublisher, documentDiagnostics, requestCancelled, ValidationPacer } from './features/diagnostics';
import { HadolintConfigFinder } from './features/hadolintConfig';
import { isHeavy, RequestScheduler, withVariableLimit } from './features/limits';
import { documentHighlight } from './features/documentHighlight';
import { documentLinks, resolveDocumentLink } from './features/documentLinks';
import { documentSymbols } from './features/documentSymbols';
import { foldingRanges } from './features/foldingRanges';
import { formatDocument, formatOnType, formatRange } from './features/formatting';
import { hover } from './features/hover';
import { prepareRename, rename } from './features/rename';
import { semanticTokenLegend, semanticTokens } from './features/semanticTokens';
import { SettingsStore } from './features/settings';
import { shareParsesWithLibrary } from './features/sharedParse';
import { signatureHelp } from './features/signatureHelp';
import { stageGraph, stageGraphExport } from './features/stageGraph';
import { serverName, type InitializationOptions } from './protocol';
import { createStdioConnection } from './stdioTransport';
import { convertRequest, type ConvertParams } from './protocol/convert';
import { stageGraphExportRequest, stageGraphRequest, type StageGraphExportParams, type StageGraphParams } from './protocol/stageGraph';
import { BuildContextReader } from './workspace/buildContext';

// The transport comes from argv: --stdio is ours, --node-ipc (VS Code) and --socket=N the library's.
const connection = process.argv.includes('--stdio') ? createStdioConnection() : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const models = new DocumentModelCache();
const service = withVariableLimit(DockerfileLanguageServiceFactory.createLanguageService(), models);
service.setLogger({ log: (message) => connection.console.log(message) });
shareParsesWithLibrary(models);
memoizeInstructionArguments();
memoizeInstructionValidation();

const context: ServerContext = {
  connection,
  documents,
  models,
  service,
  settings: new SettingsStore(connection),
  hadolint: new HadolintConfigFinder(true),
  buildContexts: new BuildContextReader(true),
  clientCapabilities: {},
};
const pacer = new ValidationPacer();
const publisher = new DiagnosticsPublisher(context, pacer);
let pullDiagnostics = false;
let clientRegistersConfigurationChanges = false;

/** Requests on slow documents wait for the others (features/limits.ts). */
const scheduler = new RequestScheduler({
  isHeavy: (uri) => {
    const document = documents.get(uri);
    return document !== undefined && isHeavy(document.getText(), () => modelFor(context, uri));
  },
  sharedSteps: (uri) => {
    const model = modelFor(context, uri);
    return model ? [() => model.dockerfile, () => model.stageModel] : [];
  },
});

function documentOf(params: unknown): string | undefined {
  const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

/**
 * A failing feature answers empty and logs; it never takes the server down. A cancelled request is
 * answered "cancelled", as LSP advises, rather than with an empty result a client might show.
 */
function guard<P, R>(name: string, fallback: R, handler: (params: P, token: CancellationToken) => R | Promise<R>) {
  return async (params: P, token: CancellationToken): Promise<R> => {
    if (token.isCancellationRequested) throw requestCancelled();
    try {
      return await scheduler.run(documentOf(params), async () => {
        // A request on a heavy document may have waited; the editor may have given up on it meanwhile.
        if (token.isCancellationRequested) throw requestCancelled();
        return handler(params, token);
      });
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };
}

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  context.clientCapabilities = capabilities;
  context.settings.enable(capabilities.workspace?.configuration === true);
  // Editors without a notion of trust (Neovim, Helix, ...) open only what the user chose to open.
  const options = params.initializationOptions as Partial<InitializationOptions> | undefined;
  context.hadolint = new HadolintConfigFinder(options?.workspaceTrusted !== false);
  context.buildContexts = new BuildContextReader(options?.workspaceTrusted !== false);
  pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
  clientRegistersConfigurationChanges = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  service.setCapabilities({
    completion: capabilities.textDocument?.completion,
    hover: capabilities.textDocument?.hover,
    foldingRange: capabilities.textDocument?.foldingRange,
  });
  return {
    serverInfo: { name: serverName, version: SERVER_VERSION },
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { resolveProvider: true, triggerCharacters: ['=', ' ', '$', '-'] },
      hoverProvider: true,
      definitionProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      documentOnTypeFormattingProvider: { firstTriggerCharacter: '\\', moreTriggerCharacter: ['`'] },
      semanticTokensProvider: { legend: semanticTokenLegend, full: true },
      signatureHelpProvider: { triggerCharacters: ['-', '[', ',', ' ', '='] },
      documentLinkProvider: { resolveProvider: true },
      codeActionProvider: { codeActionKinds: ['quickfix', ...Object.values(refactorKinds)] },
      diagnosticProvider: pullDiagnostics ? { interFileDependencies: false, workspaceDiagnostics: false } : undefined,
    },
  };
});

connection.onInitialized(() => {
  if (clientRegistersConfigurationChanges) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
});

function revalidateAll(): void {
  if (pullDiagnostics) void connection.languages.diagnostics.refresh();
  else publisher.scheduleAll();
}

connection.onDidChangeConfiguration(() => {
  context.settings.clear();
  revalidateAll();
});

connection.onDidChangeWatchedFiles(() => {
  context.hadolint.clear();
  revalidateAll();
});

documents.onDidChangeContent((event) => {
  pacer.changed(event.document.uri);
  if (!pullDiagnostics) publisher.schedule(event.document.uri);
});
documents.onDidClose((event) => {
  models.delete(event.document.uri);
  pacer.forget(event.document.uri);
  context.settings.forget(event.document.uri);
  context.hadolint.forget(event.document.uri);
  context.buildContexts.forget(event.document.uri);
  if (!pullDiagnostics) publisher.clear(event.document.uri);
});

connection.onCompletion(guard('completion', [], (params) => completion(context, params)));
connection.onCompletionResolve(guard('completionResolve', undefined as never, (item) => resolveCompletion(context, item)));
connection.onHover(guard('hover', null, (params) => hover(context, params)));
connection.onDefinition(guard('definition', null, (params) => definition(context, params)));
connection.onDocumentHighlight(guard('documentHighlight', [], (params) => documentHighlight(context, params)));
connection.onPrepareRename(guard('prepareRename', null, (params) => prepareRename(context, params)));
connection.onRenameRequest(guard('rename', null, (params) => rename(context, params)));
connection.onDocumentSymbol(guard('documentSymbol', [], (params) => documentSymbols(context, params)));
connection.onFoldingRanges(guard('foldingRange', [], (params) => foldingRanges(context, params)));
connection.onDocumentFormatting(guard('formatting', [], (params) => formatDocument(context, params)));
connection.onDocumentRangeFormatting(guard('rangeFormatting', [], (params) => formatRange(context, params)));
connection.onDocumentOnTypeFormatting(guard('onTypeFormatting', [], (params) => formatOnType(context, params)));
connection.languages.semanticTokens.on(guard('semanticTokens', { data: [] }, (params) => semanticTokens(context, params)));
connection.onSignatureHelp(guard('signatureHelp', null, (params) => signatureHelp(context, params)));
connection.onDocumentLinks(guard('documentLinks', [], (params) => documentLinks(context, params)));
connection.onDocumentLinkResolve(guard('documentLinkResolve', undefined as never, (link) => resolveDocumentLink(context, link)));
const guardedCodeActions = guard('codeAction', [], (params: CodeActionParams) => codeActions(context, params));
connection.onCodeAction((params, token) => {
  try {
    if (noCodeActions(context, params)) return [];
  } catch {
    // The guarded request meets the same failure, and logs it.
  }
  return guardedCodeActions(params, token);
});
const pulledDiagnostics = guard('diagnostics', { kind: 'full', items: [] }, (params: DocumentDiagnosticParams, token) => documentDiagnostics(context, params, token));
connection.languages.diagnostics.on(async (params, token) => {
  await pacer.settled(params.textDocument.uri, token);
  return pulledDiagnostics(params, token);
});
connection.onRequest(stageGraphRequest, guard('stageGraph', null, (params: StageGraphParams) => stageGraph(context, params)));
connection.onRequest(stageGraphExportRequest, guard('stageGraphExport', null, (params: StageGraphExportParams) => stageGraphExport(context, params)));
connection.onRequest(convertRequest, guard('convert', null, (params: ConvertParams) => convertDocument(context, params)));

documents.listen(connection);
connection.listen();
