/**
 * The stage graph requests' types, shared by the server, the extension host and the webview (the
 * request objects are in requests.ts): types, constants and the words every view of the graph
 * uses; nothing that pulls in server code.
 */
import type { Range } from 'vscode-languageserver-types';

export type StageGraphEdgeKind = 'from' | 'copy' | 'mount';

/** How each edge kind reads in the webview's legend and in exported diagrams. */
export const edgeKindLabels: Readonly<Record<StageGraphEdgeKind, string>> = {
  from: 'FROM',
  copy: 'COPY --from',
  mount: 'RUN --mount',
};

/** A stage's name, or its index for a stage without `AS name`. */
export function stageTitle(stage: Pick<StageGraphStage, 'index' | 'name'>): string {
  return stage.name ?? `stage ${stage.index}`;
}

export interface StageGraphStage {
  /** `stage:<index>`. */
  readonly id: string;
  readonly index: number;
  readonly name: string | null;
  /** The FROM image with ARG defaults resolved (as written where they cannot be), or the base stage's name. */
  readonly baseImage: string;
  /** From the FROM line to the stage's last instruction. */
  readonly range: Range;
  readonly isTarget: boolean;
  /** Whether some build of the target builds this stage: on a configured platform, with the defaults or a `--build-arg` that picks a stage. */
  readonly reachable: boolean;
  /**
   * Set when only some builds build the stage, or (unreachable) only a platform none of the
   * configured ones is: what picks it, e.g. `for TARGETOS=windows`, `with --build-arg BASE=ubuntu`.
   */
  readonly builtWhen?: string;
  /**
   * The workspace's build files (Compose, Bake, dev container, workflow, script) that build this
   * stage, as paths from the Dockerfile's folder; absent when none does.
   */
  readonly builtBy?: readonly string[];
}

export interface StageGraphImage {
  /** `image:<name>`. */
  readonly id: string;
  readonly name: string;
}

/** From what is used to the stage that uses it. */
export interface StageGraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: StageGraphEdgeKind;
  /** The reference's text in the Dockerfile: the FROM image, the `--from` or `from=` value. */
  readonly range: Range;
  /**
   * On a FROM that picks its stage by platform or build argument (`FROM binaries-$TARGETOS`),
   * which has one such edge per stage it can name: the values that pick this one, e.g.
   * `TARGETOS=linux`, `--build-arg EXPORT_BASE=ubuntu`, alternatives joined by ` | `.
   */
  readonly selectedBy?: string;
  /** On a selected edge: whether the current platform and the build-argument defaults pick it. */
  readonly chosen?: boolean;
}

export interface StageGraph {
  readonly stages: readonly StageGraphStage[];
  readonly images: readonly StageGraphImage[];
  readonly edges: readonly StageGraphEdge[];
  /** The target stage's id; null when the file has no stage. */
  readonly target: string | null;
  /** The platforms the graph is worked out for (`dockerfileStages.platforms`), the current one first. */
  readonly platforms?: readonly string[];
}

export interface StageGraphParams {
  readonly textDocument: { readonly uri: string };
  /** A stage name (as `docker build --target` takes it) or a stage index; the last stage when absent or unknown. */
  readonly target?: string;
}

export type StageGraphTextFormat = 'dot' | 'mermaid';

/** Top to bottom or left to right. */
export type StageGraphDirection = 'TB' | 'LR';

export interface StageGraphExportParams extends StageGraphParams {
  readonly format: StageGraphTextFormat;
  /** Top to bottom when absent. */
  readonly direction?: StageGraphDirection;
}
