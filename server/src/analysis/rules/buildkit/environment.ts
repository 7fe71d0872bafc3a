import type { Instruction } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { derivedKey, type DocumentModel } from '../../documentModel';
import { propertiesOf, keywordOf } from '../../instructionFacts';
import type { Stage } from '../../stageTypes';
import { expandWord, platformArgNames, typicalPlatformValues, type Binding, type Expansion } from '../../variables';
import { mapValue } from '../../mapValue';
import { offsetAt } from '../../positions';
import { imageEnvironmentOf } from '../../imageEnvironments';

/**
 * The variables BuildKit expands an instruction's words with: the base image's environment (a
 * stage's own for `FROM <stage>`), then the stage's ARGs and ENVs in order. BuildKit adds PATH when
 * the image has none. An external image's other variables are known only for the images listed in
 * data/imageEnvironments.json; they expand to an unknown value, since most change with the release.
 */
export interface InstructionEnvironment {
  readonly stage: Stage;
  readonly instruction: Instruction;
  /** Bindings before the instruction takes effect. */
  readonly lookup: (name: string) => Binding | undefined;
  /** Every name bound, for "did you mean". */
  readonly names: () => string[];
  /** The text of a range of the document, as written. */
  readonly textOf: (range: Range) => string;
  readonly expand: (word: string) => Expansion;
}

const unknown: Binding = { kind: 'unknown' };

/** The repository of an image reference without registry, tag or digest: `library/node` and `node` alike. */
function repositoryOf(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const name = (colon === -1 ? withoutDigest : withoutDigest.slice(0, colon)).toLowerCase();
  return name.replace(/^(?:docker\.io\/)?(?:library\/)?/, '');
}

function baseImageEnvironment(stage: Stage): Map<string, Binding> {
  const environment = new Map<string, Binding>([['PATH', unknown]]);
  const image = stage.base.resolved;
  if (image === undefined) return environment;
  for (const name of Object.keys(imageEnvironmentOf(repositoryOf(image)))) environment.set(name, unknown);
  return environment;
}

/** The document's text within a range, as written. */
export function textOfRange(model: DocumentModel, range: Range): string {
  return model.text.slice(offsetAt(model, range.start), offsetAt(model, range.end));
}

function bindingOf(value: string | undefined): Binding {
  return value === undefined ? unknown : { kind: 'value', value };
}

/**
 * Calls `visit` for every instruction of every stage with the variables in effect before it, or
 * only for those with one of `keywords`: most rules read a few kinds of instruction, and the
 * walk then hands out nothing for the others. A stage built on another starts from that stage's
 * variables, build arguments included.
 */
export function walkEnvironments(model: DocumentModel, visit: (environment: InstructionEnvironment) => void, keywords?: ReadonlySet<string>): void {
  const { escapeCharacter } = model.stageModel;
  const textOf = (range: Range) => textOfRange(model, range);
  for (const { stage, variables } of stageVariablesOf(model)) {
    for (let ordinal = 0; ordinal < stage.instructions.length; ordinal++) {
      const instruction = stage.instructions[ordinal];
      if (keywords && !keywords.has(keywordOf(instruction))) continue;
      visit({ stage, instruction, textOf, ...variablesAt(variables, ordinal, escapeCharacter) });
    }
  }
}

/** The variables in effect before the instruction at `ordinal` (its place in the stage) of a stage. */
export function environmentBefore(model: DocumentModel, stage: Stage, ordinal: number): InstructionEnvironment {
  const { variables } = stageVariablesOf(model)[stage.index];
  const textOf = (range: Range) => textOfRange(model, range);
  return { stage, instruction: stage.instructions[ordinal], textOf, ...variablesAt(variables, ordinal, model.stageModel.escapeCharacter) };
}

/** A stage's variables, instruction by instruction. */
interface StageWalk {
  readonly stage: Stage;
  readonly variables: StageVariables;
}

const stageVariablesKey = derivedKey<readonly StageWalk[]>('stage variables');

/**
 * Every stage's variables, worked out once per version for all the rules that expand words. Only
 * each name's changes are kept, not a view per instruction: what a version keeps is copied by
 * every garbage collection until it is dropped, while the functions an instruction is handed
 * when it is visited die young.
 */
function stageVariablesOf(model: DocumentModel): readonly StageWalk[] {
  return model.derive(stageVariablesKey, () => computeStageVariables(model));
}

/** A binding a stage's ARG or ENV makes, in effect from the instruction at `from` (its place in the stage) on. */
interface Change {
  readonly from: number;
  readonly binding: Binding;
}

/**
 * A stage's variables instruction by instruction: the ones it starts with, and each name's changes
 * in order. Kept as changes rather than a copy of every name per instruction, so a stage of
 * thousands of ENV lines stays linear.
 */
class StageVariables {
  constructor(
    private readonly start: ReadonlyMap<string, Binding>,
    private readonly changes: Map<string, Change[]>,
  ) {}

  set(name: string, change: Change): void {
    const history = this.changes.get(name);
    if (history) history.push(change);
    else this.changes.set(name, [change]);
  }

  /** The binding of `name` before the instruction at `ordinal`: its last change by then, else the start's. */
  bindingAt(name: string, ordinal: number): Binding | undefined {
    const history = this.changes.get(name);
    if (!history || history[0].from > ordinal) return this.start.get(name);
    let low = 0;
    let high = history.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (history[middle].from <= ordinal) low = middle;
      else high = middle - 1;
    }
    return history[low].binding;
  }

  /** The names bound before the instruction at `ordinal`, in the order they were first bound. */
  namesAt(ordinal: number): string[] {
    const names = [...this.start.keys()];
    for (const [name, history] of this.changes) {
      if (history[0].from <= ordinal && !this.start.has(name)) names.push(name);
    }
    return names;
  }

  /** The variables after the stage's last instruction, which a stage built on this one starts with. */
  end(): Map<string, Binding> {
    const end = new Map(this.start);
    for (const [name, history] of this.changes) end.set(name, history[history.length - 1].binding);
    return end;
  }
}

function computeStageVariables(model: DocumentModel): StageWalk[] {
  const { stages, escapeCharacter, globalArgs } = model.stageModel;
  const globalDefaults = new Map<string, string | undefined>();
  for (const arg of globalArgs) globalDefaults.set(arg.name, arg.defaultValue);
  const walks: StageWalk[] = [];
  // A stage's variables at its end are copied out only for a stage built on it, and once.
  const endEnvironments = new Map<number, ReadonlyMap<string, Binding>>();
  const endOf = (index: number) => mapValue(endEnvironments, index, () => walks[index].variables.end());
  // Stages on the same image start from the same variables, never changed: one map for them all.
  const imageEnvironments = new Map<string | undefined, ReadonlyMap<string, Binding>>();
  for (const stage of stages) {
    const variables = new StageVariables(stage.baseStageIndex === undefined ? mapValue(imageEnvironments, stage.base.resolved, () => baseImageEnvironment(stage)) : endOf(stage.baseStageIndex), new Map());
    for (let ordinal = 0; ordinal < stage.instructions.length; ordinal++) {
      const instruction = stage.instructions[ordinal];
      const keyword = keywordOf(instruction);
      if (keyword !== 'ARG' && keyword !== 'ENV') continue;
      // ENV's values are all expanded with the variables from before the instruction: a change
      // takes effect from the next instruction on, so the instruction itself never sees it.
      const { expand } = variablesAt(variables, ordinal, escapeCharacter);
      for (const property of propertiesOf(instruction, model.instructionReads)) {
        const name = property.getName();
        const valueRange = property.getValueRange();
        let binding: Binding;
        if (keyword === 'ARG' && valueRange === null) {
          // An automatic platform ARG takes the platform's value, as in the stage model's current build.
          const platformValue = platformArgNames.includes(name) ? typicalPlatformValues[name] : undefined;
          binding = globalDefaults.has(name) ? bindingOf(globalDefaults.get(name)) : platformValue !== undefined ? bindingOf(platformValue) : { kind: 'unset' };
        } else {
          binding = bindingOf(valueRange ? expand(textOfRange(model, valueRange)).value : '');
        }
        variables.set(name, { from: ordinal + 1, binding });
      }
    }
    walks.push({ stage, variables });
  }
  return walks;
}

/** The variables of a stage as the instruction at `ordinal` sees them. */
function variablesAt(variables: StageVariables, ordinal: number, escapeCharacter: string): Pick<InstructionEnvironment, 'lookup' | 'names' | 'expand'> {
  const lookup = (name: string) => variables.bindingAt(name, ordinal);
  return { lookup, names: () => variables.namesAt(ordinal), expand: (word: string) => expandWord(word, lookup, escapeCharacter) };
}
