import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeActionParams,
  type DocumentDiagnosticParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { DocumentModelCache } from './analysis/documentModel';
import { refactorKinds } from './analysis/refactors/index';
import { codeActions, noCodeActions } from './features/codeActions';
import { stageCodeLenses } from './features/codeLens';
import { completion, resolveCompletion } from './features/completion';
import { convertDocument } from './features/convert';
import { buildFileCodeActions, buildFileCompletion, buildFileDefinition, buildFilePath } from './features/buildFiles';
import { registerBuildFileFeatures } from './features/buildFileRegistration';
import { isBuildFileUri, modelFor, type ServerContext } from './features/context';
import { definition } from './features/definition';
import { DiagnosticsPublisher, documentDiagnostics, ValidationPacer } from './features/diagnostics';
import { HadolintConfigFinder } from './infra/hadolintConfig';
import { Guard } from './infra/guard';
import { isHeavy, RequestScheduler, resolvesVariablesQuicklyIn } from './infra/limits';
import { documentHighlight } from './features/documentHighlight';
import { documentLinks, resolveDocumentLink } from './features/documentLinks';
import { documentSymbols } from './features/documentSymbols';
import { foldingRanges } from './features/foldingRanges';
import { formatDocument, formatOnType, formatRange } from './features/formatting';
import { hover } from './features/hover';
import { references } from './features/references';
import { prepareRename, rename } from './features/rename';
import { semanticTokenLegend, semanticTokens } from './features/semanticTokens';
import { SettingsStore } from './infra/settings';
import { installLibraryFixes } from './libraryFixes/index';
import { shareParsesWithLibrary } from './libraryFixes/sharedParse';
import { withVariableLimit } from './libraryFixes/variableLimit';
import { signatureHelp } from './features/signatureHelp';
import { stageGraph, stageGraphExport } from './features/stageGraph';
import { serverName, type InitializationOptions } from './protocol';
import { createStdioConnection } from './stdioTransport';
import { convertRequest, stageGraphExportRequest, stageGraphRequest } from './protocol/requests';
import { BuildContextReader } from './workspace/buildContext';
import { BuildIndex } from './workspace/buildIndex';

// The transport comes from argv: --stdio is ours, --node-ipc (VS Code) and --socket=N the library's.
const connection = process.argv.includes('--stdio') ? createStdioConnection() : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const models = new DocumentModelCache();
installLibraryFixes(models.recent);
shareParsesWithLibrary(models);
const service = withVariableLimit(DockerfileLanguageServiceFactory.createLanguageService(), resolvesVariablesQuicklyIn(models));
service.setLogger({ log: (message) => connection.console.log(message) });

const context: ServerContext = {
  connection,
  documents,
  models,
  service,
  settings: new SettingsStore(connection),
  hadolint: new HadolintConfigFinder(true),
  buildContexts: new BuildContextReader(true),
  builds: new BuildIndex(),
  clientCapabilities: {},
};
/** The workspace's folders on disk, scanned for builds after initialization. */
let workspaceFolders: string[] = [];
const pacer = new ValidationPacer();
let pullDiagnostics = false;
let clientRegistersConfigurationChanges = false;

/** Requests on slow documents wait for the others (infra/limits.ts). */
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

const guard = new Guard((message) => connection.console.error(message), scheduler);
const publisher = new DiagnosticsPublisher(context, pacer, guard);

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  context.clientCapabilities = capabilities;
  context.settings.enable(capabilities.workspace?.configuration === true);
  // Editors without a notion of trust (Neovim, Helix, ...) open only what the user chose to open.
  const options = params.initializationOptions as Partial<InitializationOptions> | undefined;
  context.hadolint = new HadolintConfigFinder(options?.workspaceTrusted !== false);
  context.buildContexts = new BuildContextReader(options?.workspaceTrusted !== false);
  pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
  workspaceFolders = foldersOf(params);
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
      referencesProvider: true,
      codeLensProvider: { resolveProvider: false },
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

connection.onInitialized(
  guard.notification('initialized', () => {
    // In the background: requests are answered while the scan reads, and it revalidates when done.
    guard.task('scanWorkspaceBuilds', async () => {
      await context.builds.scan(workspaceFolders);
      return revalidateAll();
    });
    return Promise.all([
      clientRegistersConfigurationChanges ? connection.client.register(DidChangeConfigurationNotification.type, undefined) : undefined,
      registerBuildFileFeatures(connection, context.clientCapabilities, pullDiagnostics),
    ]);
  }),
);

/** The workspace folders on disk the client opened, or its root. */
function foldersOf(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
}

/** Pulling clients are asked to pull again; the refresh's promise goes to the guard. */
function revalidateAll(): Promise<void> | undefined {
  if (pullDiagnostics) return connection.languages.diagnostics.refresh();
  publisher.scheduleAll();
  return undefined;
}

connection.onDidChangeConfiguration(
  guard.notification('didChangeConfiguration', () => {
    context.settings.clear();
    return revalidateAll();
  }),
);

connection.onDidChangeWatchedFiles(
  guard.notification('didChangeWatchedFiles', async (params) => {
    context.hadolint.clear();
    context.buildContexts.clear();
    // An open build file is kept current from the editor's text, not the disk's.
    const changedBuildFiles = params.changes.map((change) => buildFilePath(change.uri)).filter((file) => file !== undefined && !documents.get(pathToFileURL(file).href));
    await Promise.all(changedBuildFiles.map((file) => context.builds.refresh(file as string)));
    return revalidateAll();
  }),
);

documents.onDidChangeContent(
  guard.notification('didChange', (event) => {
    const uri = event.document.uri;
    pacer.changed(uri);
    if (!pullDiagnostics) publisher.schedule(uri);
    const buildFile = buildFilePath(uri);
    if (buildFile) {
      const before = context.builds.signature();
      context.builds.update(buildFile, event.document.getText());
      // Only a change of what is built re-judges the Dockerfiles (UnreachableStage).
      return before === context.builds.signature() ? undefined : revalidateOthers(uri);
    }
    return context.builds.buildFilesOf(uri).some((file) => documents.get(pathToFileURL(file).href)) ? revalidateOthers(uri) : undefined;
  }),
);

/** Revalidates the open documents other than `uri`, which revalidates on its own. */
function revalidateOthers(uri: string): Promise<void> | undefined {
  if (pullDiagnostics) return connection.languages.diagnostics.refresh();
  for (const document of documents.all()) if (document.uri !== uri) publisher.schedule(document.uri);
  return undefined;
}
documents.onDidClose(
  guard.notification('didClose', (event) => {
    models.delete(event.document.uri);
    pacer.forget(event.document.uri);
    context.settings.forget(event.document.uri);
    context.hadolint.forget(event.document.uri);
    context.buildContexts.forget(event.document.uri);
    if (!pullDiagnostics) publisher.clear(event.document.uri);
    const buildFile = buildFilePath(event.document.uri);
    // The editor's unsaved text is dropped: the disk's counts again.
    return buildFile ? context.builds.refresh(buildFile) : undefined;
  }),
);

connection.onCompletion(guard.request('completion', [], (params) => (isBuildFileUri(params.textDocument.uri) ? buildFileCompletion(context, params) : completion(context, params))));
connection.onCompletionResolve(guard.request('completionResolve', undefined as never, (item) => resolveCompletion(context, item)));
connection.onHover(guard.request('hover', null, (params) => hover(context, params)));
connection.onDefinition(guard.request('definition', null, (params) => (isBuildFileUri(params.textDocument.uri) ? buildFileDefinition(context, params) : definition(context, params))));
connection.onDocumentHighlight(guard.request('documentHighlight', [], (params) => documentHighlight(context, params)));
connection.onCodeLens(guard.request('codeLens', [], (params) => stageCodeLenses(context, params)));
connection.onReferences(guard.request('references', [], (params) => references(context, params)));
connection.onPrepareRename(guard.request('prepareRename', null, (params) => prepareRename(context, params)));
connection.onRenameRequest(guard.request('rename', null, (params) => rename(context, params)));
connection.onDocumentSymbol(guard.request('documentSymbol', [], (params) => documentSymbols(context, params)));
connection.onFoldingRanges(guard.request('foldingRange', [], (params) => foldingRanges(context, params)));
connection.onDocumentFormatting(guard.request('formatting', [], (params) => formatDocument(context, params)));
connection.onDocumentRangeFormatting(guard.request('rangeFormatting', [], (params) => formatRange(context, params)));
connection.onDocumentOnTypeFormatting(guard.request('onTypeFormatting', [], (params) => formatOnType(context, params)));
connection.languages.semanticTokens.on(guard.request('semanticTokens', { data: [] }, (params) => semanticTokens(context, params)));
connection.onSignatureHelp(guard.request('signatureHelp', null, (params) => signatureHelp(context, params)));
connection.onDocumentLinks(guard.request('documentLinks', [], (params) => documentLinks(context, params)));
connection.onDocumentLinkResolve(guard.request('documentLinkResolve', undefined as never, (link) => resolveDocumentLink(context, link)));
const guardedCodeActions = guard.request('codeAction', [], (params: CodeActionParams) =>
  isBuildFileUri(params.textDocument.uri) ? buildFileCodeActions(context, params) : codeActions(context, params),
);
connection.onCodeAction((params, token) => {
  try {
    if (!isBuildFileUri(params.textDocument.uri) && noCodeActions(context, params)) return [];
  } catch {
    // The guarded request meets the same failure, and logs it.
  }
  return guardedCodeActions(params, token);
});
const pulledDiagnostics = guard.request('diagnostics', { kind: 'full', items: [] }, (params: DocumentDiagnosticParams, token) => documentDiagnostics(context, params, token));
connection.languages.diagnostics.on(async (params, token) => {
  await pacer.settled(params.textDocument.uri, token);
  return pulledDiagnostics(params, token);
});
connection.onRequest(stageGraphRequest, guard.request('stageGraph', null, (params) => stageGraph(context, params)));
connection.onRequest(stageGraphExportRequest, guard.request('stageGraphExport', null, (params) => stageGraphExport(context, params)));
connection.onRequest(convertRequest, guard.request('convert', null, (params) => convertDocument(context, params)));

documents.listen(connection);
connection.listen();
