import type { From, Instruction } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';

/** A value that may contain `${VAR}` references, and what it becomes with ARG defaults applied. */
export interface ResolvedText {
  /** As written in the file. */
  readonly text: string;
  /** With variables substituted; undefined where a variable has no known value. */
  readonly resolved: string | undefined;
  /** Names of variables that could not be resolved. */
  readonly unresolvedVariables: readonly string[];
  /** Every variable the text refers to, resolved or not. */
  readonly variables: readonly string[];
  readonly range: Range;
}

export interface ArgDeclaration {
  readonly name: string;
  /** The default value after substitution, or undefined when the ARG has no default. */
  readonly defaultValue: string | undefined;
  /** The names the default refers to (`ARG FLAVOR=${TARGETARCH}`), none without a default. */
  readonly defaultVariables: readonly string[];
  readonly range: Range;
  readonly instruction: Instruction;
}

export interface Stage {
  readonly index: number;
  /** The name after AS as written (BuildKit compares names case-insensitively). */
  readonly name: string | undefined;
  readonly nameRange: Range | undefined;
  readonly from: From;
  /** The image or stage after FROM. */
  readonly base: ResolvedText;
  /** FROM --platform, if given. */
  readonly platform: ResolvedText | undefined;
  /** Set when FROM names an earlier stage. */
  readonly baseStageIndex: number | undefined;
  /** Every instruction of the stage after its FROM, in order. */
  readonly instructions: readonly Instruction[];
  /** ARGs declared in the stage (including re-declared global ones). */
  readonly args: readonly ArgDeclaration[];
  /** The last WORKDIR in effect at the end of the stage, resolved, or undefined. */
  readonly workdir: string | undefined;
  /** From the FROM line to the last line of the stage. */
  readonly range: Range;
}

export type ReferenceKind = 'from' | 'copy' | 'mount';

export type ReferenceTarget =
  | { readonly type: 'stage'; readonly index: number }
  | { readonly type: 'image'; readonly name: string }
  /** A number that is not a valid stage index. */
  | { readonly type: 'indexOutOfRange'; readonly index: number }
  /**
   * A name or index of this stage or a later one. In FROM, BuildKit takes such a name for an
   * image; in `COPY --from` and mounts it finds the stage, then stops the build (its own stage
   * is a cycle, a later one is not built yet).
   */
  | { readonly type: 'laterStage'; readonly index: number }
  /** Contains variables with no known value. */
  | { readonly type: 'unresolved' }
  /** `--from=context` / `from=context` with no stage of that name: BuildKit's build context. */
  | { readonly type: 'context' };

export interface StageReference {
  readonly kind: ReferenceKind;
  /** The stage whose instruction holds the reference. */
  readonly fromStageIndex: number;
  readonly instruction: Instruction;
  /** The referenced text as written, with its range, and resolved. */
  readonly value: ResolvedText;
  readonly target: ReferenceTarget;
}

export interface ParserDirectiveInfo {
  readonly name: string;
  readonly value: string;
  readonly range: Range;
}

export interface StageModel {
  readonly directives: readonly ParserDirectiveInfo[];
  readonly escapeCharacter: string;
  /** ARGs before the first FROM. */
  readonly globalArgs: readonly ArgDeclaration[];
  readonly stages: readonly Stage[];
  readonly references: readonly StageReference[];
  /** The stage a plain `docker build` produces: the last one. */
  readonly targetIndex: number | undefined;
  /** Indexes of the stages the target needs, the target included, in the default build. */
  readonly reachable: ReadonlySet<number>;
  /**
   * The FROM texts of the stages `stageIndexes` lists, expanded as BuildKit expands them for one
   * build: the platform ARGs and `--build-arg` values of `inputs`, the global ARG defaults for the
   * rest (a global ARG with neither expands to nothing); by stage index. Undefined where the text
   * cannot be expanded, and for the stages not asked for: callers ask for the FROMs that hold
   * variables, a few of a file's stages.
   */
  expandBases(inputs: BuildInputs, stageIndexes: Iterable<number>): readonly (string | undefined)[];
}

/** What a build sets that the file does not: the automatic platform ARGs and `--build-arg` values. */
export interface BuildInputs {
  readonly platformArgs: ReadonlyMap<string, string>;
  readonly buildArgs: ReadonlyMap<string, string>;
}
