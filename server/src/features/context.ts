import type { ClientCapabilities, Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileLanguageService } from 'dockerfile-language-service';
import type { DocumentModel, DocumentModelCache } from '../analysis/documentModel';
import type { BuildContextReader } from '../workspace/buildContext';
import type { BuildIndex } from '../workspace/buildIndex';
import { buildFileKind } from '../analysis/builds/index';
import type { HadolintConfigFinder } from '../infra/hadolintConfig';
import { isAnalysable } from '../infra/limits';
import type { SettingsStore } from '../infra/settings';

/** What every feature needs: the open documents, their parsed models, the library, the settings. */
export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly models: DocumentModelCache;
  readonly service: DockerfileLanguageService;
  readonly settings: SettingsStore;
  /** Set at initialize, when the client says whether the workspace may be read. */
  hadolint: HadolintConfigFinder;
  /** Set at initialize like `hadolint`: a Dockerfile's build context, its folder, for the conversion and the rules. */
  buildContexts: BuildContextReader;
  /** The builds of the workspace's Compose, Bake, dev container, workflow and script files. */
  readonly builds: BuildIndex;
  /** What the client announced at initialize (hover formats, hierarchical symbols, ...). */
  clientCapabilities: ClientCapabilities;
}

/**
 * The model of an open document; undefined for a document the client never opened, for a build
 * file (features/buildFiles.ts answers for those), and for one too large to analyse
 * (infra/limits.ts): every Dockerfile feature then answers empty, at no cost.
 */
export function modelFor(context: ServerContext, uri: string): DocumentModel | undefined {
  const document = context.documents.get(uri);
  if (!document || isBuildFileUri(uri)) return undefined;
  const text = document.getText();
  if (!isAnalysable(text)) return undefined;
  return context.models.get(uri, document.version, text);
}

/** A Compose, Bake, dev container, workflow or script file, which only the build-file features read. */
export function isBuildFileUri(uri: string): boolean {
  return buildFileKind(uri) !== undefined;
}
