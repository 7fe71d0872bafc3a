import type { Arg, From } from 'dockerfile-ast';
import { argumentsOf, propertiesOf, type InstructionReads } from '../../instructionFacts';
import type { StageModel } from '../../stageTypes';
import { expandWord, platformArgNames, typicalPlatformValues, type Binding } from '../../variables';
import type { Finding, Rule } from '../rule';
import { editDistance } from './support';

const unknownBinding: Binding = { kind: 'unknown' };

/**
 * Grammar of an image reference as BuildKit parses a base image (distribution/reference's
 * ParseNormalizedNamed): optional registry host, lowercase path components, tag, digest.
 */
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const referencePattern = new RegExp(
  `^((?:${domain}/)?${pathComponent}(?:/${pathComponent})*)(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

export function isValidBaseImageReference(text: string): boolean {
  if (/^[a-f0-9]{64}$/.test(text)) return false;
  const match = referencePattern.exec(text);
  return match !== null && match[1].length <= 255;
}

/** dockerfile-utils' own list, typo included: it reports an undeclared `$BUILDVARIANT` alone in FROM. */
const libraryPredefined = ['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIAN'];

/**
 * dockerfile-utils reports "base name should not be blank" when the image is nothing but one
 * undeclared variable without a default; that finding is not repeated here.
 */
function libraryReportsBlankBase(from: From, reads: InstructionReads): boolean {
  const [first] = from.getVariables();
  const argument = argumentsOf(from, reads)[0];
  if (!first || !argument || first.isDefined() || libraryPredefined.includes(first.getName())) return false;
  const range = first.getRange();
  const argumentRange = argument.getRange();
  const sameRange =
    range.start.line === argumentRange.start.line &&
    range.start.character === argumentRange.start.character &&
    range.end.line === argumentRange.end.line &&
    range.end.character === argumentRange.end.character;
  const parameter = first.getSubstitutionParameter();
  return sameRange && !(first.getModifier() === '-' && parameter !== null && parameter !== '');
}

/** BuildKit's "did you mean": the closest declared name within an edit distance of 2. */
export function buildKitSuggestion(name: string, declared: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of declared) {
    const score = editDistance(name, candidate);
    if (score > 0 && score < bestDistance) {
      best = candidate;
      bestDistance = score;
    }
  }
  return best;
}

export const undefinedArgInFrom: Rule = {
  code: 'UndefinedArgInFrom',
  defaultSeverity: 'warning',
  summary: 'A FROM line uses a variable that no ARG before the first FROM declares.',
  buildkit: true,
  check(model) {
    const stageModel = model.stageModel;
    const declared = [...stageModel.globalArgs.map((arg) => arg.name), ...platformArgNames];
    const findings: Finding[] = [];
    const declaredSet = new Set(declared);
    const isDeclared = (name: string) => (declaredSet.has(name) ? unknownBinding : undefined);
    for (const stage of stageModel.stages) {
      // Reading the FROM line's variables through dockerfile-ast is slow; look only where one is missing.
      const texts = [stage.base.text, stage.platform?.text ?? ''];
      if (texts.every((text) => expandWord(text, isDeclared, stageModel.escapeCharacter).undeclared.length === 0)) continue;
      if (libraryReportsBlankBase(stage.from, model.instructionReads)) continue;
      const reported = new Set<string>();
      for (const variable of stage.from.getVariables()) {
        const name = variable.getName();
        if (declared.includes(name) || reported.has(name)) continue;
        reported.add(name);
        const suggested = buildKitSuggestion(name, declared);
        findings.push({
          code: 'UndefinedArgInFrom',
          message: `FROM argument '${name}' is not declared${suggested ? ` (did you mean ${suggested}?)` : ''}; declare it with ARG before the first FROM.`,
          range: variable.getRange(),
          fixes: suggested ? [{ title: `Change to '${suggested}'`, edits: [{ range: variable.getNameRange(), newText: suggested }], isPreferred: true }] : undefined,
        });
      }
    }
    return findings;
  },
};

const unsetBinding: Binding = { kind: 'unset' };

/** Global ARGs as a build without --build-arg sees them, the platform as a common amd64 machine. */
function defaultGlobals(stageModel: StageModel, reads: InstructionReads): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  for (const name of platformArgNames) bindings.set(name, { kind: 'value', value: typicalPlatformValues[name] });
  const lookup = (name: string) => bindings.get(name);
  const seen = new Set<Arg>();
  for (const declaration of stageModel.globalArgs) {
    const instruction = declaration.instruction as Arg;
    if (seen.has(instruction)) continue;
    seen.add(instruction);
    for (const property of propertiesOf(instruction, reads)) {
      const raw = property.getUnescapedValue();
      const value = raw === null ? undefined : expandWord(raw, lookup, reads.escapeChar).value;
      bindings.set(property.getName(), value === undefined ? { kind: 'unset' } : { kind: 'value', value });
    }
  }
  return bindings;
}

export const invalidDefaultArgInFrom: Rule = {
  code: 'InvalidDefaultArgInFrom',
  defaultSeverity: 'warning',
  summary: 'With the ARG defaults (no --build-arg), a FROM line gives an empty or invalid image name.',
  buildkit: true,
  check(model) {
    const stageModel = model.stageModel;
    const bindings = defaultGlobals(stageModel, model.instructionReads);
    const findings: Finding[] = [];
    for (const stage of stageModel.stages) {
      const text = stage.base.text;
      if (!text.includes('$')) continue;
      // As in BuildKit, an undeclared variable expands to nothing: its FROM gets UndefinedArgInFrom
      // too, and this finding when the name is then invalid.
      const expansion = expandWord(text, (name) => bindings.get(name) ?? unsetBinding, stageModel.escapeCharacter);
      if (expansion.value === undefined) continue;
      if (isValidBaseImageReference(expansion.value)) continue;
      const result = expansion.value === '' ? 'an empty image name' : `'${expansion.value}', not a valid image reference`;
      findings.push({
        code: 'InvalidDefaultArgInFrom',
        message: `Default value for ARG ${text} results in ${result}; give the ARG a default that makes a complete image name.`,
        range: stage.base.range,
      });
    }
    return findings;
  },
};
