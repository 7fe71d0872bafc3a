/**
 * The stage graph panel on the extension host's side: it follows the active Dockerfile, asks the
 * language server for its graph as the user types, and answers the webview's requests (reveal a
 * line, change the target, save an export).
 */
import * as vscode from 'vscode';
import type { Range } from 'vscode-languageserver-types';
import { languageId } from '../../server/src/protocol';
import type { StageGraph, StageGraphDirection, StageGraphExportParams, StageGraphParams, StageGraphTextFormat } from '../../server/src/protocol/stageGraph';
import { parseWebviewMessage, type GraphDocument, type HostMessage, type WebviewMessage } from '../webview/messages';
import { invalidGraphReason } from './graphDocument';
import { createNonce, graphHtml } from './graphHtml';
import type { StartedClient } from './languageClient';

export const showStageGraphCommand = 'dockerfileStages.showStageGraph';
export const stageGraphViewType = 'dockerfileStages.stageGraph';
export const stageGraphTitle = 'Stage Graph';

const settingsSection = 'dockerfileStages.graph';

interface GraphSettings {
  readonly direction: StageGraphDirection;
  readonly updateDelay: number;
}

function readSettings(): GraphSettings {
  const configuration = vscode.workspace.getConfiguration(settingsSection);
  const direction = configuration.get<string>('direction');
  return {
    direction: direction === 'LR' ? 'LR' : 'TB',
    updateDelay: Math.max(0, configuration.get<number>('updateDelay') ?? 300),
  };
}

const isDockerfile = (document: vscode.TextDocument) => document.languageId === languageId;

/** The Dockerfile the user is looking at: the active editor's, else a visible one. */
function activeDockerfile(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active && isDockerfile(active)) return active.uri;
  return vscode.window.visibleTextEditors.find((editor) => isDockerfile(editor.document))?.document.uri;
}

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.toString();
}

const exportFormats: Readonly<Record<StageGraphTextFormat | 'svg', { readonly extension: string; readonly filter: string }>> = {
  svg: { extension: 'svg', filter: 'SVG image' },
  dot: { extension: 'dot', filter: 'Graphviz DOT' },
  mermaid: { extension: 'mmd', filter: 'Mermaid' },
};

class StageGraphPanel implements vscode.Disposable {
  private followed: vscode.Uri | undefined;
  /** The chosen target per document; absent means the file's last stage. */
  private readonly targets = new Map<string, string>();
  /** The webview posts `ready` each time it (re)loads; nothing is posted before. */
  private webviewReady = false;
  private pendingUpdate: ReturnType<typeof setTimeout> | undefined;
  /** Answers to older requests are dropped: only the latest edit's graph is shown. */
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly server: Promise<StartedClient>,
    followed: vscode.Uri | undefined,
    onDispose: () => void,
  ) {
    this.followed = followed;
    const bundleFolder = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [bundleFolder] };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'images', 'icon.png');
    webview.html = graphHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(bundleFolder, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(bundleFolder, 'main.css')).toString(),
    });
    this.updateTitle();

    this.disposables.push(
      webview.onDidReceiveMessage((data: unknown) => {
        const message = parseWebviewMessage(data);
        if (!message) return;
        this.receive(message).catch((error: unknown) => {
          void vscode.window.showErrorMessage(`Stage graph: ${error instanceof Error ? error.message : String(error)}`);
        });
      }),
      panel.onDidChangeViewState(() => {
        // A hidden webview is destroyed and loads again when shown, saying `ready` once more.
        if (!panel.visible) this.webviewReady = false;
      }),
      panel.onDidDispose(() => {
        this.dispose();
        onDispose();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isDockerfile(editor.document) && editor.document.uri.toString() !== this.followed?.toString()) this.follow(editor.document.uri);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && this.isFollowed(event.document)) this.schedule(readSettings().updateDelay);
      }),
      vscode.workspace.onDidOpenTextDocument((document) => {
        // The followed file opened again, or the active editor's file switched to the dockerfile
        // language (VS Code closes and reopens a document whose language changes).
        const becameDockerfile = isDockerfile(document) && vscode.window.activeTextEditor?.document.uri.toString() === document.uri.toString();
        if (this.isFollowed(document) || becameDockerfile) this.follow(document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.isFollowed(document)) this.follow(activeDockerfile());
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(settingsSection)) this.schedule(0);
      }),
    );
  }

  follow(uri: vscode.Uri | undefined): void {
    this.followed = uri;
    this.updateTitle();
    this.schedule(0);
  }

  private isFollowed(document: vscode.TextDocument): boolean {
    return this.followed !== undefined && document.uri.toString() === this.followed.toString();
  }

  private followedDocument(): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((document) => this.isFollowed(document) && isDockerfile(document));
  }

  private updateTitle(): void {
    this.panel.title = this.followed ? `${stageGraphTitle}: ${fileName(this.followed)}` : stageGraphTitle;
  }

  private schedule(delay: number): void {
    clearTimeout(this.pendingUpdate);
    this.pendingUpdate = setTimeout(() => void this.update(), delay);
  }

  private post(message: HostMessage): void {
    if (this.webviewReady) void this.panel.webview.postMessage(message);
  }

  private graphDocument(document: vscode.TextDocument): GraphDocument {
    return { uri: document.uri.toString(), name: fileName(document.uri) };
  }

  private async update(): Promise<void> {
    if (!this.webviewReady) return;
    const generation = ++this.generation;
    const document = this.followedDocument();
    if (!document) {
      this.post({ type: 'noDocument' });
      return;
    }
    const graphDocument = this.graphDocument(document);
    const text = document.getText();
    const params: StageGraphParams = { textDocument: { uri: graphDocument.uri }, target: this.targets.get(graphDocument.uri) };
    let graph: StageGraph | null;
    try {
      const { client, requests } = await this.server;
      graph = await client.sendRequest(requests.stageGraphRequest, params);
    } catch (error) {
      if (generation === this.generation) {
        this.post({ type: 'invalid', document: graphDocument, reason: `The language server could not compute the graph (${error instanceof Error ? error.message : String(error)}).` });
      }
      return;
    }
    if (generation !== this.generation) return;
    if (!graph) {
      this.post({ type: 'invalid', document: graphDocument, reason: 'The language server does not analyse this file: only files on disk, untitled files and virtual workspace files are.' });
      return;
    }
    const reason = invalidGraphReason(graph, text);
    this.post(reason ? { type: 'invalid', document: graphDocument, reason } : { type: 'graph', document: graphDocument, graph, direction: readSettings().direction });
  }

  private async receive(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        this.schedule(0);
        return;
      case 'reveal':
        return this.reveal(message.range);
      case 'selectTarget':
        if (this.followed) {
          if (message.target === null) this.targets.delete(this.followed.toString());
          else this.targets.set(this.followed.toString(), message.target);
        }
        this.schedule(0);
        return;
      case 'exportSvg':
        return this.save(message.svg, 'svg');
      case 'exportText':
        return this.exportText(message.format);
    }
  }

  private async reveal(range: Range): Promise<void> {
    const document = this.followedDocument() ?? (this.followed ? await vscode.workspace.openTextDocument(this.followed) : undefined);
    if (!document) return;
    const selection = document.validateRange(new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character));
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    // Beside the graph, never in its place.
    const viewColumn = visible?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(document, { viewColumn, selection });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async exportText(format: StageGraphTextFormat): Promise<void> {
    const document = this.followedDocument();
    if (!document) return;
    const uri = document.uri.toString();
    const params: StageGraphExportParams = { textDocument: { uri }, target: this.targets.get(uri), format, direction: readSettings().direction };
    const { client, requests } = await this.server;
    const text = await client.sendRequest(requests.stageGraphExportRequest, params);
    if (text !== null) await this.save(text, format);
  }

  /** A user-initiated write, to a file the user picks. */
  private async save(content: string, format: keyof typeof exportFormats): Promise<void> {
    const { extension, filter } = exportFormats[format];
    const source = this.followed;
    // `Dockerfile-graph.svg`, not `Dockerfile.graph.svg`, which VS Code would take for a Dockerfile.
    const defaultUri = source?.scheme === 'file' ? vscode.Uri.joinPath(source, '..', `${fileName(source)}-graph.${extension}`) : undefined;
    const target = await vscode.window.showSaveDialog({ defaultUri, filters: { [filter]: [extension] }, title: `Export Stage Graph as ${filter}` });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    void vscode.window.showInformationMessage(`Stage graph saved to ${vscode.workspace.asRelativePath(target)}.`);
  }

  dispose(): void {
    clearTimeout(this.pendingUpdate);
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

/** The command, the editor-title button's target, and the panel restored after a reload. */
export function registerStageGraph(context: vscode.ExtensionContext, server: Promise<StartedClient>): vscode.Disposable {
  let current: StageGraphPanel | undefined;

  const adopt = (panel: vscode.WebviewPanel, followed: vscode.Uri | undefined) => {
    current = new StageGraphPanel(panel, context.extensionUri, server, followed, () => (current = undefined));
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(showStageGraphCommand, () => {
      const followed = activeDockerfile();
      if (current) {
        current.panel.reveal(undefined, true);
        if (followed) current.follow(followed);
        return;
      }
      const panel = vscode.window.createWebviewPanel(stageGraphViewType, stageGraphTitle, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
      adopt(panel, followed);
    }),
    vscode.window.registerWebviewPanelSerializer(stageGraphViewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const savedUri = typeof state === 'object' && state !== null && 'documentUri' in state && typeof state.documentUri === 'string' ? state.documentUri : undefined;
        const saved = savedUri ? vscode.workspace.textDocuments.find((document) => document.uri.toString() === savedUri)?.uri : undefined;
        current?.panel.dispose();
        adopt(panel, saved ?? activeDockerfile());
      },
    }),
    { dispose: () => current?.panel.dispose() },
  );
}
