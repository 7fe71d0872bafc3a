import { Run, type Instruction, type Onbuild } from 'dockerfile-ast';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { derivedKey, type DocumentModel } from '../../documentModel';
import { lookupImage, type ImageLookup } from '../../imageCatalog';
import { argumentsContentOf, argumentsOf, propertiesOf, squeezedTextOf, triggerOf, type InstructionReads, keywordOf, instructionTextOf } from '../../instructionFacts';
import { analyzeRun, mayConcern, type BuildStep, type KeptPackage, type RunAnalysis, type RunConcern, type RunContext } from '../../runCommands';
import { extraRootsOf, stagesBuiltElsewhere } from '../../builds/targets';
import { reachabilityOptionsKey, type ReachabilityOptions } from '../../reachability';
import { shippedImagesOf, type ShippedImage } from '../../shippedImages';
import type { RuleContext } from '../rule';
import { offsetAt, positionAt } from '../../positions';
import type { ShellCommand } from '../../shell';
import type { Stage } from '../../stageTypes';

/** What the image rules know about one stage. */
export interface StageFacts {
  readonly stage: Stage;
  /** Every RUN of the stage, analysed on first read. */
  readonly runs: readonly RunAnalysis[];
  /** The stage's RUN instructions, in order, not analysed. */
  readonly runInstructions: readonly Run[];
  /** The analysis of one RUN of the stage, without analysing the others. */
  analysisOf(run: Run): RunAnalysis;
  /**
   * The analyses of the RUNs (those below `afterLine` when given), in order, where that part of
   * the analysis can find anything: the others are left out, unanalysed, when their text shows
   * it cannot.
   */
  runsConcerning(concern: RunConcern, afterLine?: number, onbuildOnly?: boolean): readonly RunAnalysis[];
  /** The stage whose FROM names an external image: this one, or the first stage it builds on. */
  readonly rootStage: Stage;
  /** The external image at the root of the stage's FROM chain, when it resolves. */
  readonly baseImage: ImageLookup | undefined;
}

/** Why a single-stage Dockerfile should be split. */
export type SingleStageReason = { readonly kind: 'build'; readonly step: BuildStep } | { readonly kind: 'buildPackages'; readonly packages: readonly KeptPackage[] };

export interface ImageFacts {
  readonly stages: readonly StageFacts[];
  /** By stage: the stages it copies whole (`COPY --from=x / /`), whose files ship where it does. */
  readonly wholeCopies: ReadonlyMap<number, readonly number[]>;
  readonly targetIndex: number | undefined;
  /** Set when the file has one stage and it builds; the final-stage rules defer to SingleStageBuild then. */
  readonly singleStage: SingleStageReason | undefined;
}

const imageFactsKey = derivedKey<ImageFacts>('image facts');

/**
 * Image facts for a document version, computed once and shared by every image rule. A RUN's
 * analysis, the costly part, happens when a rule first asks for it: most rules look only at the
 * stages that ship.
 */
export function imageFacts(model: DocumentModel): ImageFacts {
  return model.derive(imageFactsKey, () => computeFacts(model));
}

/** ENV and ARG values and the SHELL at some point of a stage. */
interface Environment {
  readonly env: Readonly<Record<string, string>>;
  readonly shell: string[] | undefined;
  /** apt's docker-clean hook was removed, so apt keeps the .deb files it downloads. */
  readonly aptKeepsArchives: boolean;
}

/** A RUN that removes apt's docker-clean hook (read from its text: the walk runs before any RUN is parsed). */
function removesDockerCleanHook(run: Instruction, reads: InstructionReads): boolean {
  const text = instructionTextOf(run, reads);
  return text.includes('apt.conf.d/docker-clean') && /\brm\s/.test(text);
}

/** What an ONBUILD RUN leaves in the images built on this one: the image-size findings, not this stage's build steps. */
const ONBUILD_CONCERNS: ReadonlySet<RunConcern> = new Set(['caches', 'buildPackages', 'devDependencies']);

/** Each stage starts from the environment its base stage ends with; read on demand. */
class StageEnvironments {
  private readonly ends = new Map<number, Environment>();

  constructor(
    private readonly stages: readonly Stage[],
    private readonly reads: InstructionReads,
  ) {}

  startOf(stage: Stage): Environment | undefined {
    return stage.baseStageIndex === undefined ? undefined : this.endOf(this.stages[stage.baseStageIndex]);
  }

  /** Walks the FROM chain with a loop, not recursion: a chain may be thousands of stages long. */
  private endOf(stage: Stage): Environment {
    const unwalked: Stage[] = [];
    let known: Environment | undefined;
    for (let current: Stage | undefined = stage; current; current = current.baseStageIndex === undefined ? undefined : this.stages[current.baseStageIndex]) {
      known = this.ends.get(current.index);
      if (known) break;
      unwalked.push(current);
    }
    for (const next of unwalked.reverse()) {
      known = walkStage(next, this.reads, known);
      this.ends.set(next.index, known);
    }
    return known as Environment;
  }
}

class StageAnalysis implements StageFacts {
  /** The ENV, ARG and SHELL each RUN of the stage runs with. */
  private contexts: ReadonlyMap<Run, RunContext> | undefined;
  private analyses: Map<Run, RunAnalysis> | undefined;
  private allRuns: readonly RunAnalysis[] | undefined;
  /** Whether the stage has an ONBUILD, read once for every rule that asks only for those. */
  private holdsOnbuild: boolean | undefined;

  constructor(
    private readonly model: DocumentModel,
    private readonly environments: StageEnvironments,
    readonly stage: Stage,
    readonly rootStage: Stage,
    readonly baseImage: ImageLookup | undefined,
  ) {}

  get runs(): readonly RunAnalysis[] {
    this.allRuns ??= this.runInstructions.map((run) => this.analysisOf(run));
    return this.allRuns;
  }

  /** The stage's own RUNs (not its ONBUILD triggers). */
  get runInstructions(): readonly Run[] {
    return [...this.runContexts()].filter(([, context]) => context.onbuild !== true).map(([run]) => run);
  }

  /** RUNs that may concern a part of the analysis; ONBUILD RUNs too for what they leave in the images built on this one. */
  runsConcerning(concern: RunConcern, afterLine = -1, onbuildOnly = false): readonly RunAnalysis[] {
    // The RUNs' texts are read before their environments: most stages have no RUN that may
    // concern the rule asking, and then the stage's ENV, ARG and SHELL need no walk.
    const reads = this.model.instructionReads;
    const triggersConcern = ONBUILD_CONCERNS.has(concern);
    // Asked of every stage that does not ship, for its ONBUILD RUNs: most have none.
    if (onbuildOnly && !(triggersConcern && this.hasOnbuild())) return [];
    const analyses: RunAnalysis[] = [];
    for (const instruction of this.stage.instructions) {
      const keyword = keywordOf(instruction);
      let run: Run | undefined;
      if (keyword === 'RUN' && !onbuildOnly) run = instruction as Run;
      else if (keyword === 'ONBUILD' && triggersConcern) run = onbuildRunOf(instruction as Onbuild, reads);
      if (run && run.getRange().start.line > afterLine && mayConcern(squeezedTextOf(run, reads), concern)) analyses.push(this.analysisOf(run));
    }
    return analyses;
  }

  private hasOnbuild(): boolean {
    this.holdsOnbuild ??= this.stage.instructions.some((instruction) => keywordOf(instruction) === 'ONBUILD');
    return this.holdsOnbuild;
  }

  analysisOf(run: Run): RunAnalysis {
    // Most stages are never analysed: the map is made on first use.
    this.analyses ??= new Map();
    let analysis = this.analyses.get(run);
    if (!analysis) {
      const context = this.runContexts().get(run);
      if (!context) throw new Error(`line ${run.getRange().start.line + 1} is not a RUN of stage ${this.stage.index}`);
      analysis = analyzeRun(this.model, run, context);
      this.analyses.set(run, analysis);
    }
    return analysis;
  }

  private runContexts(): ReadonlyMap<Run, RunContext> {
    if (!this.contexts) {
      const contexts = new Map<Run, RunContext>();
      walkStage(this.stage, this.model.instructionReads, this.environments.startOf(this.stage), (run, context) => contexts.set(run, context));
      this.contexts = contexts;
    }
    return this.contexts;
  }
}

const imageLookupsKey = derivedKey<Map<string, ImageLookup>>('image lookups');

/** What the catalog knows of an image, looked up once per version: stages and shipped images often share one. */
function imageLookupOf(model: DocumentModel, image: string): ImageLookup {
  return model.deriveFor(imageLookupsKey, image, () => lookupImage(image));
}

function computeFacts(model: DocumentModel): ImageFacts {
  const { stages, targetIndex, references } = model.stageModel;
  const reads = model.instructionReads;
  const environments = new StageEnvironments(stages, reads);
  // A FROM names only earlier stages, so a stage's root is known once its base's is.
  const roots: Stage[] = [];
  const facts: StageFacts[] = stages.map((stage) => {
    const rootStage = stage.baseStageIndex === undefined ? stage : roots[stage.baseStageIndex];
    roots.push(rootStage);
    const image = rootStage.base.resolved;
    return new StageAnalysis(model, environments, stage, rootStage, image === undefined ? undefined : imageLookupOf(model, image));
  });

  const wholeCopies = new Map<number, number[]>();
  for (const reference of references) {
    if (reference.kind !== 'copy' || reference.target.type !== 'stage' || !copiesWholeFilesystem(reference.instruction, reads)) continue;
    const copies = wholeCopies.get(reference.fromStageIndex);
    if (copies) copies.push(reference.target.index);
    else wholeCopies.set(reference.fromStageIndex, [reference.target.index]);
  }

  return { stages: facts, wholeCopies, targetIndex, singleStage: singleStageReason(facts) };
}

/**
 * Goes through a stage's instructions in order, keeping its ENV and ARG values and SHELL, and
 * hands each RUN the environment it runs with. An ONBUILD RUN is handed on as a RUN of the image
 * that builds on this one (marked `onbuild`). Returns the environment at the end.
 */
function walkStage(
  stage: Stage,
  reads: InstructionReads,
  inherited: Environment | undefined,
  onRun?: (run: Run, context: RunContext) => void,
): Environment {
  const env: Record<string, string> = { ...(inherited?.env ?? {}) };
  let shell = inherited?.shell;
  let aptKeepsArchives = inherited?.aptKeepsArchives ?? false;
  for (const instruction of stage.instructions) {
    const keyword = keywordOf(instruction);
    if (keyword === 'ENV' || keyword === 'ARG') {
      for (const property of propertiesOf(instruction, reads)) {
        const value = property.getValue();
        if (value !== null) env[property.getName()] = value;
      }
    } else if (keyword === 'SHELL') {
      shell = jsonArray(instruction, reads) ?? shell;
    } else if (keyword === 'RUN') {
      onRun?.(instruction as Run, { env: { ...env }, shell, aptKeepsArchives });
      aptKeepsArchives ||= removesDockerCleanHook(instruction, reads);
    } else if (keyword === 'ONBUILD') {
      const trigger = onbuildRunOf(instruction as Onbuild, reads);
      if (trigger) onRun?.(trigger, { env: { ...env }, shell, onbuild: true });
    }
  }
  return { env, shell, aptKeepsArchives };
}

/** The RUN an ONBUILD holds, the same object on every read (the RUN analyses are kept by it). */
function onbuildRunOf(onbuild: Onbuild, reads: InstructionReads): Run | undefined {
  const trigger = triggerOf(onbuild, reads);
  return trigger instanceof Run ? trigger : undefined;
}

/**
 * A word that is only slashes, maybe with one `.` or `*` (`/`, `/.`, `/*`), stands between
 * blanks, quotes, brackets, commas or escapes in the text. The characters dockerfile-ast leaves
 * out of a value (quotes, an escape and the character after it, continued line breaks) are among
 * those, so without such a word no argument of the COPY names the root, and its arguments (read
 * slowly from several lines) need not be read.
 */
const FILESYSTEM_ROOT_WORD = /(?:^|[\s"'`\\[,]|[\\`][^])\/+(?:[.*]\/*)?(?:[\s"'`\\\],]|$)/;

/** False when no argument of the COPY can name the filesystem root. */
export function mayCopyFilesystemRoot(instruction: Instruction, reads: InstructionReads): boolean {
  return FILESYSTEM_ROOT_WORD.test(instructionTextOf(instruction, reads));
}

function copiesWholeFilesystem(instruction: Instruction, reads: InstructionReads): boolean {
  if (!mayCopyFilesystemRoot(instruction, reads)) return false;
  const args = argumentsOf(instruction, reads).map((arg) => arg.getValue());
  return args.slice(0, -1).some((source) => /^\/(\.|\*)?$/.test(source.replace(/^"|"$/g, '')));
}

function singleStageReason(facts: readonly StageFacts[]): SingleStageReason | undefined {
  if (facts.length !== 1) return undefined;
  const [only] = facts;
  if (only.stage.base.resolved === 'scratch') return undefined;
  for (const run of only.runsConcerning('builds')) {
    if (run.builds.length > 0) return { kind: 'build', step: run.builds[0] };
  }
  // An ONBUILD RUN builds nothing here: it runs in the images built on this one.
  const packages = only.runsConcerning('buildPackages').filter((run) => !run.onbuild).flatMap((run) => run.keptBuildPackages);
  return packages.length > 0 ? { kind: 'buildPackages', packages } : undefined;
}

/** A JSON-array instruction's strings (SHELL), or undefined when it is not one. */
export function jsonArray(instruction: Instruction, reads: InstructionReads): string[] | undefined {
  // The content starts with the first argument, which the rules read anyway: most are no array,
  // and reading the content of one with flags or continuation lines takes dockerfile-ast's scan.
  if (!argumentsOf(instruction, reads)[0]?.getValue().startsWith('[')) return undefined;
  const raw = argumentsContentOf(instruction, reads)?.trim();
  if (!raw?.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A version's shipping stages, by the builds they were worked out for. */
const shippingStagesKey = derivedKey<Map<string, StageFacts[]>>('shipping stages');

/** What decides the images that ship: the configured platforms and the targets workspace builds name. */
export type ShippedBuilds = Pick<RuleContext, 'platforms' | 'builtElsewhere'>;

/**
 * The stages the image rules look at for what ships: the stages every shipped image runs on
 * (`FROM binaries-$TARGETOS` ships `binaries-linux` on Linux) and the stages they copy whole.
 */
export function shippingStages(facts: ImageFacts, model: DocumentModel, builds: ShippedBuilds): StageFacts[] {
  const { options, key } = shippedOptions(model, builds);
  return model.deriveFor(shippingStagesKey, key, () => {
    const shipping = new Set<number>();
    const pending = shippedImagesOf(model, options).flatMap((image) => image.chain);
    while (pending.length > 0) {
      const index = pending.pop() as number;
      if (shipping.has(index)) continue;
      shipping.add(index);
      pending.push(...(facts.wholeCopies.get(index) ?? []));
    }
    return facts.stages.filter((stage) => shipping.has(stage.stage.index));
  });
}

/** The reachability options of the shipped images for the builds, and their key. */
function shippedOptions(model: DocumentModel, builds: ShippedBuilds): { options: ReachabilityOptions; key: string } {
  const extraRoots = extraRootsOf(model.stageModel, stagesBuiltElsewhere(model.stageModel, builds.builtElsewhere ?? []));
  const options = { platforms: builds.platforms, extraRoots };
  return { options, key: reachabilityOptionsKey(model, options) };
}

/** One shipped image as the image rules judge it. */
export interface ShippedFacts {
  readonly image: ShippedImage;
  /** The stage built. */
  readonly target: StageFacts;
  /** The stages it runs on, the one whose FROM names the image first. */
  readonly chain: readonly StageFacts[];
  /** The stage whose FROM names the image. */
  readonly rootStage: Stage;
  /** The image as this build names it, and what the catalog knows of it, when the FROM expands. */
  readonly baseImageName: string | undefined;
  readonly baseImage: ImageLookup | undefined;
}

/** A version's shipped facts, by the builds they were worked out for. */
const shippedFactsKey = derivedKey<Map<string, readonly ShippedFacts[]>>('shipped facts');

/**
 * The shipped images of the document for the configured platforms and the targets the workspace
 * builds, with their stage facts, worked out once for every rule that judges them.
 */
export function shippedFacts(facts: ImageFacts, model: DocumentModel, builds: ShippedBuilds): readonly ShippedFacts[] {
  const { options, key } = shippedOptions(model, builds);
  return model.deriveFor(shippedFactsKey, key, () =>
    shippedImagesOf(model, options).map((image) => {
      const chain = image.chain.map((index) => facts.stages[index]).reverse();
      const name = image.baseImage;
      return { image, target: facts.stages[image.rootIndex], chain, rootStage: chain[0].stage, baseImageName: name, baseImage: name === undefined ? undefined : imageLookupOf(model, name) };
    }),
  );
}

/**
 * The RUNs whose leftovers ship, for a concern of the image rules: those of the stages that ship,
 * and the ONBUILD RUNs of every stage, which run in whatever image is built FROM it (as hadolint
 * checks them).
 */
export function shippingRuns(facts: ImageFacts, model: DocumentModel, builds: ShippedBuilds, concern: RunConcern): { readonly stage: StageFacts; readonly run: RunAnalysis }[] {
  const shipping = new Set(shippingStages(facts, model, builds));
  return facts.stages.flatMap((stage) => stage.runsConcerning(concern, -1, !shipping.has(stage)).map((run) => ({ stage, run })));
}

/** 1-based line for messages. */
export function lineOf(range: Range): number {
  return range.start.line + 1;
}

/**
 * An edit inserting `text` right after the first whole word `word` in the command's own text, so
 * `apk add x` becomes `apk add --no-cache x`. Undefined when the command shares its range with
 * others (inside `sh -c` or JSON) or the word cannot be found.
 */
export function insertAfterWord(model: DocumentModel, command: ShellCommand, word: string, text: string): TextEdit | undefined {
  if (command.nested) return undefined;
  const start = offsetAt(model, command.range.start);
  const source = model.text.slice(start, offsetAt(model, command.range.end));
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(^|\\s)${escaped}(?=\\s|$)`).exec(source);
  if (!match) return undefined;
  const position = positionAt(model, start + match.index + match[0].length);
  return { range: { start: position, end: position }, newText: text };
}

/**
 * An edit appending `&& <command>` to a shell-form RUN, after its last command, when nothing but
 * blanks, continuations and comments follow it (appending after a `fi` or a trailing `&` would
 * change the script's meaning).
 */
export function appendToRun(model: DocumentModel, run: RunAnalysis, command: string): TextEdit | undefined {
  if (run.script.form !== 'shell') return undefined;
  const last = run.script.commands[run.script.commands.length - 1];
  if (!last || last.nested) return undefined;
  const end = offsetAt(model, last.range.end);
  const rest = model.text.slice(end, offsetAt(model, run.instruction.getRange().end));
  // After a heredoc's body the delimiter line follows, so appending there would land in the body.
  if (/<<-?\s*['"]?\w/.test(model.text.slice(offsetAt(model, run.instruction.getRange().start), end))) return undefined;
  const escape = model.stageModel.escapeCharacter;
  const leftover = rest
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*#.*$/, '').trim())
    .map((line) => (line.endsWith(escape) ? line.slice(0, -1).trim() : line))
    .join('');
  if (leftover !== '') return undefined;
  const position = positionAt(model, end);
  return { range: { start: position, end: position }, newText: ` && ${command}` };
}

/** Quotes a code span for messages. */
export function code(text: string): string {
  return `\`${text}\``;
}
