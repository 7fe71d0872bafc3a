import type { Instruction } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import type { DocumentModel } from '../../documentModel';
import { propertiesOf } from '../../instructionFacts';
import type { Stage } from '../../stageTypes';
import { expandWord, platformArgNames, typicalPlatformValues, type Binding, type Expansion } from '../../variables';
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
 * Calls `visit` for every instruction of every stage with the variables in effect before it.
 * A stage built on another starts from that stage's variables, build arguments included.
 */
export function walkEnvironments(model: DocumentModel, visit: (environment: InstructionEnvironment) => void): void {
  const { stages, escapeCharacter, globalArgs } = model.stageModel;
  const globalDefaults = new Map<string, string | undefined>();
  for (const arg of globalArgs) globalDefaults.set(arg.name, arg.defaultValue);
  const textOf = (range: Range) => textOfRange(model, range);
  const finalEnvironments: Map<string, Binding>[] = [];
  for (const stage of stages) {
    const inherited = stage.baseStageIndex === undefined ? undefined : finalEnvironments[stage.baseStageIndex];
    const bindings = inherited ? new Map(inherited) : baseImageEnvironment(stage);
    const lookup = (name: string) => bindings.get(name);
    const expand = (word: string) => expandWord(word, lookup, escapeCharacter);
    for (const instruction of stage.instructions) {
      visit({ stage, instruction, lookup, names: () => [...bindings.keys()], textOf, expand });
      const keyword = instruction.getKeyword();
      if (keyword !== 'ARG' && keyword !== 'ENV') continue;
      // ENV's values are all expanded with the variables from before the instruction.
      const updates: [string, Binding][] = [];
      for (const property of propertiesOf(instruction)) {
        const name = property.getName();
        const valueRange = property.getValueRange();
        if (keyword === 'ARG' && valueRange === null) {
          // An automatic platform ARG takes the platform's value, as in the stage model's current build.
          const platformValue = platformArgNames.includes(name) ? typicalPlatformValues[name] : undefined;
          updates.push([name, globalDefaults.has(name) ? bindingOf(globalDefaults.get(name)) : platformValue !== undefined ? bindingOf(platformValue) : { kind: 'unset' }]);
        } else {
          updates.push([name, bindingOf(valueRange ? expand(textOf(valueRange)).value : '')]);
        }
      }
      for (const [name, binding] of updates) bindings.set(name, binding);
    }
    finalEnvironments.push(bindings);
  }
}

