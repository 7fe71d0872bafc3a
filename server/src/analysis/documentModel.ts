import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { RecentVersions } from './recentVersions';
import type { ReusableRunAnalysis } from './runCommands';
import { buildStageModel } from './stageModel';
import type { StageModel } from './stageTypes';

/**
 * Everything known about one version of one Dockerfile. The parse and every analysis derived
 * from it are computed at most once, on first use, so all features share them.
 */
export class DocumentModel {
  private parsed: Dockerfile | undefined;
  private lineStartOffsets: number[] | undefined;
  private stages: StageModel | undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    /** The RUN analyses of recent versions, when the model is one of a series (an open document's). */
    readonly recentRunAnalyses?: RecentVersions<ReusableRunAnalysis>,
  ) {}

  get dockerfile(): Dockerfile {
    this.parsed ??= parseDockerfile(this.text);
    return this.parsed;
  }

  /** Stages, ARGs and references between stages, resolved as BuildKit does. */
  get stageModel(): StageModel {
    this.stages ??= buildStageModel(this.dockerfile);
    return this.stages;
  }

  /** Offsets at which each line starts; `\r\n`, `\n` and lone `\r` all end a line, as in LSP. */
  get lineStarts(): readonly number[] {
    this.lineStartOffsets ??= computeLineStarts(this.text);
    return this.lineStartOffsets;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

/** The parser the library would call, kept before anything routes it through the model cache. */
export const parseDockerfile: (text: string) => Dockerfile = DockerfileParser.parse;

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (code === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * One model per open document, replaced when its version changes. Lookup by text lets code that
 * only has the text (the language library parses whatever string it is given) reuse the model.
 */
export class DocumentModelCache {
  private readonly models = new Map<string, DocumentModel>();
  private readonly recentRunAnalyses = new RecentVersions<ReusableRunAnalysis>();

  get(uri: string, version: number, text: string): DocumentModel {
    const cached = this.models.get(uri);
    if (cached && cached.version === version && cached.text === text) return cached;
    const model = new DocumentModel(uri, version, text, this.recentRunAnalyses);
    this.models.set(uri, model);
    return model;
  }

  peek(uri: string): DocumentModel | undefined {
    return this.models.get(uri);
  }

  findByText(text: string): DocumentModel | undefined {
    for (const model of this.models.values()) {
      if (model.text === text) return model;
    }
    return undefined;
  }

  delete(uri: string): void {
    this.models.delete(uri);
  }
}
