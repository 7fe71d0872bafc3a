import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { InstructionReads } from './instructionFacts';
import { mapValue } from './mapValue';
import { lineStartsOf } from './positions';
import { RecentVersions } from './recentVersions';
import { buildStageModel } from './stageModel';
import type { StageModel } from './stageTypes';

/**
 * Names one kind of value derived from a document version (`DocumentModel.derive`). Each module
 * declares the keys of the values it derives, so no two modules can collide on one.
 */
export type DerivedKey<T> = symbol & { readonly derivedValue?: T };

export function derivedKey<T>(description: string): DerivedKey<T> {
  return Symbol(description) as DerivedKey<T>;
}

const parseKey = derivedKey<Dockerfile>('parse');
const stageModelKey = derivedKey<StageModel>('stage model');
const lineStartsKey = derivedKey<readonly number[]>('line starts');
const instructionReadsKey = derivedKey<InstructionReads>('instruction reads');

/**
 * Everything known about one version of one Dockerfile. The parse and every analysis derived
 * from it are computed at most once, on first use, through `derive`, so all features share them
 * and they go with the version.
 */
export class DocumentModel {
  private readonly derived = new Map<symbol, unknown>();

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    /** Values of recent versions' instructions, when the model is one of a series (an open document's). */
    readonly recent?: RecentVersions,
  ) {}

  /** The value `key` names for this version: computed on the first request, then remembered. */
  derive<T>(key: DerivedKey<T>, compute: () => NoInfer<T>): T {
    return mapValue(this.derived, key, compute) as T;
  }

  /**
   * The value `key` names for this version and `by` (the options it was worked out for, a
   * stage): computed on the first request for that pair, then remembered. `by` is compared as
   * a Map compares keys, so options are passed as a string made from them.
   */
  deriveFor<K, T>(key: DerivedKey<Map<K, T>>, by: K, compute: () => NoInfer<T>): T {
    return mapValue(this.derive(key, () => new Map()), by, compute);
  }

  get dockerfile(): Dockerfile {
    return this.derive(parseKey, () => parseDockerfile(this.text));
  }

  /** Stages, ARGs and references between stages, resolved as BuildKit does. */
  get stageModel(): StageModel {
    return this.derive(stageModelKey, () => buildStageModel(this.dockerfile, this.instructionReads));
  }

  /** Arguments, flags and other reads of this version's instructions, each worked out once (instructionFacts.ts). */
  get instructionReads(): InstructionReads {
    return this.derive(instructionReadsKey, () => new InstructionReads(this.dockerfile.getEscapeCharacter()));
  }

  /** Offsets at which each line starts; `\r\n`, `\n` and lone `\r` all end a line, as in LSP. */
  get lineStarts(): readonly number[] {
    return this.derive(lineStartsKey, () => lineStartsOf(this.text));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

/** The parser the library would call, kept before anything routes it through the model cache. */
export const parseDockerfile: (text: string) => Dockerfile = DockerfileParser.parse;

/**
 * One model per open document, replaced when its version changes. Lookup by text lets code that
 * only has the text (the language library parses whatever string it is given) reuse the model.
 */
export class DocumentModelCache {
  private readonly models = new Map<string, DocumentModel>();
  /** The values the versions of every open document share with the next versions (recentVersions.ts). */
  readonly recent = new RecentVersions();

  get(uri: string, version: number, text: string): DocumentModel {
    const cached = this.models.get(uri);
    if (cached && cached.version === version && cached.text === text) return cached;
    const model = new DocumentModel(uri, version, text, this.recent);
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
