/**
 * The custom requests as typed request objects, used as they are by the server (`onRequest`) and
 * by the extension (`sendRequest`), so both sides agree on method, parameters and result. Kept
 * apart from the types in stageGraph.ts and convert.ts, which the webview imports without the
 * JSON-RPC library. The class is vscode-jsonrpc's, which both sides' libraries re-export; the
 * extension takes these objects from the bundle of its language client, which checks them
 * against its own copy of that library.
 */
import { RequestType } from 'vscode-jsonrpc';
import type { ConvertParams, ConvertResult } from './convert';
import type { StageGraph, StageGraphExportParams, StageGraphParams } from './stageGraph';

/** Answers the stage graph, or null for a document the server does not have open. */
export const stageGraphRequest = new RequestType<StageGraphParams, StageGraph | null, void>('dockerfileStages/stageGraph');

/** Answers the graph as DOT or Mermaid text, or null for a document the server does not have open. */
export const stageGraphExportRequest = new RequestType<StageGraphExportParams, string | null, void>('dockerfileStages/stageGraphExport');

/** Answers a `ConvertResult`, or null when the server has neither the document nor its text. */
export const convertRequest = new RequestType<ConvertParams, ConvertResult | null, void>('dockerfileStages/convertToMultiStage');
