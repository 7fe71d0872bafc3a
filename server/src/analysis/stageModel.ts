import type { Arg, Dockerfile, Flag, From, Instruction } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import type {
  ArgDeclaration,
  BuildInputs,
  ParserDirectiveInfo,
  ReferenceKind,
  ReferenceTarget,
  ResolvedText,
  Stage,
  StageModel,
  StageReference,
} from './stageTypes';
import { argumentsContentOf, argumentsOf, flagsOf, flagValueOf, propertiesOf, type InstructionReads, keywordOf } from './instructionFacts';
import { parseMountOptions, subRange } from './mountOptions';
import { defaultPlatforms, platformArgValues } from './platforms';
import { bindingOf, Scope, unknownBinding, unsetBinding } from './scope';
import { expandWord, platformArgNames, type Binding } from './variables';

function resolveText(text: string, range: Range, scope: Scope, escapeChar: string): ResolvedText {
  const expansion = expandWord(text, scope.lookup, escapeChar);
  const unresolvedVariables = [...expansion.unknown, ...expansion.missing];
  return {
    text,
    resolved: unresolvedVariables.length === 0 ? expansion.value : undefined,
    unresolvedVariables,
    variables: expansion.referenced,
    range,
  };
}

/** `--from` / `from=` values that BuildKit reads as a stage index (Go's strconv.Atoi). */
export function parseStageIndex(value: string): number | undefined {
  return /^[+-]?\d+$/.test(value) ? Number.parseInt(value, 10) : undefined;
}

/** BuildKit's name for the build context when no stage claims it. */
const contextName = 'context';

interface StageDraft {
  readonly index: number;
  readonly from: From;
  readonly name: string | undefined;
  readonly nameRange: Range | undefined;
  readonly base: ResolvedText;
  readonly platform: ResolvedText | undefined;
  readonly baseStageIndex: number | undefined;
  readonly instructions: Instruction[];
  readonly args: ArgDeclaration[];
  /** The stage this one is built on. */
  readonly baseStage: StageDraft | undefined;
  /** Each WORKDIR with the scope it is expanded in, read when the stage's WORKDIR is asked for. */
  readonly workdirs: { readonly instruction: Instruction; readonly scope: Scope }[];
  scope: Scope;
  /** Copy and mount references, resolved once every stage name is known. */
  readonly pending: PendingReference[];
  /** The WORKDIR in effect at the end of the stage, once worked out (`workdirOf`). */
  endWorkdir?: { readonly path: string | undefined };
}

interface PendingReference {
  readonly kind: Exclude<ReferenceKind, 'from'>;
  readonly instruction: Instruction;
  readonly value: ResolvedText;
}

/**
 * Parser directives, ARGs, stages and the references between them, resolved the way BuildKit
 * resolves them: FROM sees only earlier stages (any other name is an image); `COPY --from` and
 * `RUN --mount=from=` look a name up among all stages, compared case-insensitively with the
 * last stage of a name winning (BuildKit then refuses a stage defined further down); a number
 * in `COPY --from` is a stage index, in a mount it is just a name. BuildKit refuses variables in
 * `--from` and `from=`; they are resolved here anyway, so the graph shows what was meant.
 */
export function buildStageModel(dockerfile: Dockerfile, reads: InstructionReads, inputs: BuildInputs = defaultBuildInputs): StageModel {
  const { escapeChar } = reads;
  const directives: ParserDirectiveInfo[] = dockerfile.getDirectives().map((directive) => ({
    name: directive.getName(),
    value: directive.getValue(),
    range: directive.getRange(),
  }));
  const { drafts, globalArgs, globalArgInstructions } = collectDrafts(dockerfile, inputs, reads);
  const { stages, references } = finishStages(drafts, reads);
  return new BuiltStageModel(directives, escapeChar, globalArgs, stages, references, { drafts, globalArgInstructions, reads });
}

/** What expanding the FROM lines again for another build needs of the pass that built the model. */
interface ExpansionInputs {
  readonly drafts: readonly StageDraft[];
  readonly globalArgInstructions: readonly Arg[];
  readonly reads: InstructionReads;
}

/** A class rather than an object literal: a literal with a getter and a method is made the slow way, once per version. */
class BuiltStageModel implements StageModel {
  readonly targetIndex: number | undefined;
  private reachableStages: ReadonlySet<number> | undefined;

  constructor(
    readonly directives: readonly ParserDirectiveInfo[],
    readonly escapeCharacter: string,
    readonly globalArgs: readonly ArgDeclaration[],
    readonly stages: readonly Stage[],
    readonly references: readonly StageReference[],
    private readonly expansion: ExpansionInputs,
  ) {
    this.targetIndex = stages.length > 0 ? stages.length - 1 : undefined;
  }

  /** Worked out when first read: the rules and the graph read reachability over every build (reachability.ts) instead. */
  get reachable(): ReadonlySet<number> {
    this.reachableStages ??= this.targetIndex === undefined ? new Set<number>() : reachableFrom(this, this.targetIndex);
    return this.reachableStages;
  }

  expandBases(variant: BuildInputs, stageIndexes: Iterable<number>): (string | undefined)[] {
    const { drafts, globalArgInstructions, reads } = this.expansion;
    let scope = platformScope(variant);
    for (const instruction of globalArgInstructions) scope = declareGlobalArgs(instruction, scope, variant, 'unset', reads, []);
    const texts: (string | undefined)[] = [];
    for (const index of stageIndexes) texts[index] = expandWord(drafts[index].base.text, scope.lookup, this.escapeCharacter).value;
    return texts;
  }
}

/** One pass over the instructions: the global ARGs, and each stage with its scope and the references it holds. */
function collectDrafts(dockerfile: Dockerfile, inputs: BuildInputs, reads: InstructionReads) {
  let globalScope = platformScope(inputs);
  const globalArgInstructions: Arg[] = [];
  const globalArgs: ArgDeclaration[] = [];
  const drafts: StageDraft[] = [];
  /** Lowercased name -> the latest stage declared so far with it. */
  const namesSoFar = new Map<string, number>();

  for (const instruction of dockerfile.getInstructions()) {
    const keyword = keywordOf(instruction);
    if (keyword === 'FROM') {
      drafts.push(startStage(instruction as From, drafts, namesSoFar, globalScope, reads));
      continue;
    }
    const current = drafts[drafts.length - 1];
    if (!current) {
      if (keyword === 'ARG') {
        globalArgInstructions.push(instruction as Arg);
        globalScope = declareGlobalArgs(instruction as Arg, globalScope, inputs, 'unknown', reads, globalArgs);
      }
      continue;
    }
    current.instructions.push(instruction);
    switch (keyword) {
      case 'ARG':
        current.scope = declareArgs(instruction as Arg, current.scope, globalScope, reads, current.args);
        break;
      case 'ENV':
        current.scope = current.scope.withEnv(instruction, reads);
        break;
      case 'WORKDIR':
        current.workdirs.push({ instruction, scope: current.scope });
        break;
      case 'COPY':
        collectCopyReference(instruction, current, reads);
        break;
      case 'RUN':
        collectMountReferences(instruction, current, reads);
        break;
    }
  }
  return { drafts, globalArgs, globalArgInstructions };
}

/** The stages, and every reference between them resolved now that all stage names are known. */
function finishStages(drafts: readonly StageDraft[], reads: InstructionReads): { stages: Stage[]; references: StageReference[] } {
  const references: StageReference[] = [];
  /** Lowercased name -> indexes of the stages with it, in order. */
  const indexesByName = new Map<string, number[]>();
  for (const draft of drafts) {
    if (!draft.name) continue;
    const name = draft.name.toLowerCase();
    const indexes = indexesByName.get(name);
    if (indexes) indexes.push(draft.index);
    else indexesByName.set(name, [draft.index]);
  }

  const stages: Stage[] = drafts.map((draft) => {
    references.push(fromReference(draft, indexesByName));
    for (const pending of draft.pending) {
      references.push({
        kind: pending.kind,
        fromStageIndex: draft.index,
        instruction: pending.instruction,
        value: pending.value,
        target: resolveTarget(pending, draft.index, drafts.length, indexesByName),
      });
    }
    return new StageRecord(draft, reads);
  });
  references.sort(compareReferencePositions);
  return { stages, references };
}

/** The fields of a stage, read as a class's own: they are copied onto each stage in its constructor. */
const StageFields = class {} as new () => Omit<Stage, 'workdir'>;

/**
 * A stage, its fields copied from the draft. A class, so that the WORKDIR, worked out when first
 * read (only some features show it), is a getter on a prototype every stage shares: a getter in
 * each stage's object literal is a new closure and accessor per stage, a large share of the stage
 * model's memory on a file of tens of thousands of stages, which the garbage collector then
 * copies on every pass.
 */
class StageRecord extends StageFields implements Stage {
  constructor(
    private readonly draft: StageDraft,
    private readonly reads: InstructionReads,
  ) {
    super();
    const lastInstruction = draft.instructions[draft.instructions.length - 1] ?? draft.from;
    const { index, name, nameRange, from, base, platform, baseStageIndex, instructions, args } = draft;
    Object.assign(this, { index, name, nameRange, from, base, platform, baseStageIndex, instructions, args, range: { start: from.getRange().start, end: lastInstruction.getRange().end } });
  }

  get workdir(): string | undefined {
    return workdirOf(this.draft, this.reads);
  }
}

/** A plain `docker build` on a common machine: the first default platform, no `--build-arg`. */
const defaultBuildInputs: BuildInputs = {
  platformArgs: platformArgValues(defaultPlatforms[0], defaultPlatforms[0]),
  buildArgs: new Map(),
};

/** The global scope BuildKit starts from: its automatic platform ARGs, declared without an ARG line. */
function platformScope(inputs: BuildInputs): Scope {
  let scope = Scope.empty;
  for (const name of platformArgNames) {
    const value = inputs.platformArgs.get(name);
    scope = scope.withArg(name, value === undefined ? unknownBinding : { kind: 'value', value });
  }
  return scope;
}

/**
 * Declares global ARGs as BuildKit's meta ARGs: a `--build-arg` value wins over the default; one
 * without a default or a value leaves a name declared before (an automatic platform ARG too) as
 * it was, and makes any other name `withoutDefault` (unknown when the value is to come from the
 * build, unset when the build gives none).
 */
function declareGlobalArgs(
  instruction: Arg,
  scope: Scope,
  inputs: BuildInputs,
  withoutDefault: 'unknown' | 'unset',
  reads: InstructionReads,
  declarations: ArgDeclaration[],
): Scope {
  let current = scope;
  for (const property of propertiesOf(instruction, reads)) {
    const name = property.getName();
    const raw = property.getUnescapedValue();
    const given = inputs.buildArgs.get(name);
    const expansion = raw === null ? undefined : expandWord(raw, current.lookup, reads.escapeChar);
    const defaultValue = expansion?.value;
    let binding: Binding;
    if (given !== undefined) binding = { kind: 'value', value: given };
    else if (raw !== null) binding = bindingOf(defaultValue);
    // Declared again without a default, a name keeps its value, an automatic platform ARG's included.
    else binding = current.lookup(name) ?? (withoutDefault === 'unknown' ? unknownBinding : unsetBinding);
    current = current.withArg(name, binding);
    declarations.push({ name, defaultValue, defaultVariables: expansion?.referenced ?? [], range: property.getRange(), instruction });
  }
  return current;
}

function startStage(from: From, drafts: readonly StageDraft[], namesSoFar: Map<string, number>, globalScope: Scope, reads: InstructionReads): StageDraft {
  const index = drafts.length;
  const args = argumentsOf(from, reads);
  const imageText = args[0]?.getValue() ?? '';
  const imageRange = args[0]?.getRange() ?? from.getInstructionRange();
  const nameArgument = args.length > 2 && /^as$/i.test(args[1].getValue()) ? args[2] : undefined;
  const base = resolveText(imageText, imageRange, globalScope, reads.escapeChar);
  const platformFlag = flagValueOf(from, reads, 'platform');
  const platform =
    platformFlag && platformFlag.value !== null ? resolveText(platformFlag.value, platformFlag.valueRange ?? platformFlag.range, globalScope, reads.escapeChar) : undefined;
  const baseStageIndex = base.resolved === undefined ? undefined : namesSoFar.get(base.resolved.toLowerCase());
  const baseStage = baseStageIndex === undefined ? undefined : drafts[baseStageIndex];
  const name = nameArgument?.getValue();
  if (name) namesSoFar.set(name.toLowerCase(), index);
  return {
    index,
    from,
    name,
    nameRange: nameArgument?.getRange(),
    base,
    platform,
    baseStageIndex,
    instructions: [],
    args: [],
    baseStage,
    workdirs: [],
    // A stage built on another starts from its environment, build arguments and WORKDIR.
    scope: baseStage ? baseStage.scope : Scope.empty,
    pending: [],
  };
}

/** Declares an ARG's properties, adds them to `declarations`, and returns the scope after them. */
function declareArgs(instruction: Arg, scope: Scope, globalScope: Scope, reads: InstructionReads, declarations: ArgDeclaration[]): Scope {
  let current = scope;
  for (const property of propertiesOf(instruction, reads)) {
    const name = property.getName();
    const raw = property.getUnescapedValue();
    const expansion = raw === null ? undefined : expandWord(raw, current.lookup, reads.escapeChar);
    const defaultValue = expansion?.value;
    // Without a default, a stage ARG takes the global ARG's value; either may come from --build-arg.
    const binding = expansion ? bindingOf(defaultValue) : (globalScope.lookup(name) ?? unknownBinding);
    current = current.withArg(name, binding);
    declarations.push({ name, defaultValue, defaultVariables: expansion?.referenced ?? [], range: property.getRange(), instruction });
  }
  return current;
}

/** The WORKDIR in effect at the end of a stage, starting from the one of the stage it builds on. */
function workdirOf(draft: StageDraft, reads: InstructionReads): string | undefined {
  // Up the FROM chain to a stage already worked out, then down again: no recursion on long chains.
  const chain: StageDraft[] = [];
  for (let stage: StageDraft | undefined = draft; stage && !stage.endWorkdir; stage = stage.baseStage) chain.push(stage);
  for (let index = chain.length - 1; index >= 0; index--) {
    const stage = chain[index];
    let workdir = stage.baseStage?.endWorkdir?.path;
    for (const { instruction, scope } of stage.workdirs) workdir = nextWorkdir(workdir, instruction, scope, reads);
    stage.endWorkdir = { path: workdir };
  }
  return draft.endWorkdir?.path;
}

function nextWorkdir(current: string | undefined, instruction: Instruction, scope: Scope, reads: InstructionReads): string | undefined {
  const raw = argumentsContentOf(instruction, reads);
  if (raw === null) return current;
  const path = expandWord(raw.trim(), scope.lookup, reads.escapeChar).value;
  if (path === undefined) return undefined;
  if (path.startsWith('/')) return normalizePath(path);
  return current === undefined ? undefined : normalizePath(`${current}/${path}`);
}

function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function flagNamed(instruction: Instruction, name: string, reads: InstructionReads): Flag[] {
  return flagsOf(instruction, reads).filter((flag) => flag.getName().toLowerCase() === name);
}

function collectCopyReference(instruction: Instruction, draft: StageDraft, reads: InstructionReads): void {
  // BuildKit reads the last --from when it is repeated; dockerfile-utils reports the repetition.
  const flag = flagNamed(instruction, 'from', reads).pop();
  const value = flag?.getValue();
  const range = flag?.getValueRange();
  if (!flag || !value || !range) return;
  draft.pending.push({ kind: 'copy', instruction, value: resolveText(value, range, draft.scope, reads.escapeChar) });
}

function collectMountReferences(instruction: Instruction, draft: StageDraft, reads: InstructionReads): void {
  for (const flag of flagNamed(instruction, 'mount', reads)) {
    const raw = flag.getValue();
    const range = flag.getValueRange();
    // Only a mount with a `from` key refers to anything (keys are compared without case).
    if (!raw || !range || !/from/i.test(raw)) continue;
    const options = parseMountOptions(raw);
    const type = options.find((option) => option.key === 'type')?.value.toLowerCase();
    // A tmpfs mount has no source; BuildKit ignores from= on it.
    if (type === 'tmpfs') continue;
    const from = options.find((option) => option.key === 'from');
    if (!from || from.value === '') continue;
    const valueRange = subRange(range, raw.length, from.valueStart, from.valueEnd);
    draft.pending.push({ kind: 'mount', instruction, value: resolveText(from.value, valueRange, draft.scope, reads.escapeChar) });
  }
}

function fromReference(draft: StageDraft, indexesByName: ReadonlyMap<string, readonly number[]>): StageReference {
  let target: ReferenceTarget;
  const resolved = draft.base.resolved;
  if (resolved === undefined) {
    target = { type: 'unresolved' };
  } else if (draft.baseStageIndex !== undefined) {
    target = { type: 'stage', index: draft.baseStageIndex };
  } else {
    // A later stage's name in FROM is an image to BuildKit; the stage's own name is the usual
    // `FROM node AS node` and means the image.
    const later = indexesByName.get(resolved.toLowerCase())?.find((index) => index > draft.index);
    target = later === undefined ? { type: 'image', name: resolved } : { type: 'laterStage', index: later };
  }
  return { kind: 'from', fromStageIndex: draft.index, instruction: draft.from, value: draft.base, target };
}

function resolveTarget(
  pending: PendingReference,
  stageIndex: number,
  stageCount: number,
  indexesByName: ReadonlyMap<string, readonly number[]>,
): ReferenceTarget {
  const resolved = pending.value.resolved;
  if (resolved === undefined) return { type: 'unresolved' };
  const index = pending.kind === 'copy' ? parseStageIndex(resolved) : undefined;
  if (index !== undefined) {
    if (index < 0 || index >= stageCount) return { type: 'indexOutOfRange', index };
    return index < stageIndex ? { type: 'stage', index } : { type: 'laterStage', index };
  }
  // The last stage of a name wins.
  const named = indexesByName.get(resolved.toLowerCase())?.at(-1);
  if (named !== undefined) return named < stageIndex ? { type: 'stage', index: named } : { type: 'laterStage', index: named };
  if (resolved === contextName) return { type: 'context' };
  return { type: 'image', name: resolved };
}

function compareReferencePositions(a: StageReference, b: StageReference): number {
  return a.value.range.start.line - b.value.range.start.line || a.value.range.start.character - b.value.range.start.character;
}

/** The stage a reference leads to in the build, where BuildKit follows it to a stage. */
export function referencedStageIndex(reference: StageReference): number | undefined {
  const { target } = reference;
  if (target.type === 'stage') return target.index;
  // A forward COPY or mount reference stays an edge: BuildKit refuses it, but it is the
  // dependency the author wrote. A later name in FROM is an image.
  if (target.type === 'laterStage' && reference.kind !== 'from') return target.index;
  return undefined;
}

/** Indexes of the stages a build of `targetIndex` needs, the target included. */
export function reachableFrom(model: Pick<StageModel, 'stages' | 'references'>, targetIndex: number): Set<number> {
  const dependencies = new Map<number, number[]>();
  for (const reference of model.references) {
    const to = referencedStageIndex(reference);
    if (to === undefined) continue;
    const list = dependencies.get(reference.fromStageIndex) ?? [];
    list.push(to);
    dependencies.set(reference.fromStageIndex, list);
  }
  const reached = new Set<number>();
  const pending = [targetIndex];
  while (pending.length > 0) {
    const index = pending.pop() as number;
    if (reached.has(index) || index < 0 || index >= model.stages.length) continue;
    reached.add(index);
    pending.push(...(dependencies.get(index) ?? []));
  }
  return reached;
}

/** The stage BuildKit means by `name` in `--from` or `--target`: case-insensitive, last one wins. */
export function findStageByName(model: Pick<StageModel, 'stages'>, name: string): Stage | undefined {
  const wanted = name.toLowerCase();
  for (let i = model.stages.length - 1; i >= 0; i--) {
    if (model.stages[i].name?.toLowerCase() === wanted) return model.stages[i];
  }
  return undefined;
}
