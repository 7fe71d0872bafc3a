import type { TextEdit } from 'vscode-languageserver-types';
import { derivedKey, type DocumentModel } from '../../documentModel';
import { parseStageIndex, referencedStageIndex } from '../../stageModel';
import type { Stage, StageModel, StageReference } from '../../stageTypes';
import { expandWord, platformArgNames, type Binding } from '../../variables';
import type { Finding, QuickFix, Rule } from '../rule';
import {
  closeNames,
  describeStage,
  aliasStageEdits,
  freshStageName,
  isBareName,
  isLiteral,
  isNumericReference,
  isOfficialImage,
  nameForStage,
  nameStageEdits,
  stageNameForImage,
} from './support';

/** The reference as the author wrote it, for messages. */
function label(reference: StageReference): string {
  const text = reference.value.text;
  switch (reference.kind) {
    case 'from':
      return `FROM ${text}`;
    case 'copy':
      return `COPY --from=${text}`;
    case 'mount':
      return `RUN --mount=from=${text}`;
  }
}

function stageLine(stage: Stage): number {
  return stage.from.getRange().start.line + 1;
}

/** A reference on a dependency cycle: the stages of one such cycle, or only how many stages the cycles run through. */
type CycleThrough = { readonly path: readonly number[] } | { readonly componentSize: number };

/**
 * Above this many stages tied into one cycle, no path is spelled out: finding one per reference
 * would cost the square of the stage count, and a message listing hundreds of stages helps no one.
 */
const largestSpelledOutCycle = 32;

const cyclicEdgesKey = derivedKey<ReadonlyMap<StageReference, CycleThrough>>('cyclic edges');

/** References that are edges of a dependency cycle between stages (a stage reaching itself included), once per version. */
function cyclicEdges(model: DocumentModel): ReadonlyMap<StageReference, CycleThrough> {
  return model.derive(cyclicEdgesKey, () => findCyclicEdges(model.stageModel));
}

function findCyclicEdges(stageModel: StageModel): ReadonlyMap<StageReference, CycleThrough> {
  // A cycle needs an edge to the same or a later stage, and most files have none.
  const leadsForward = (reference: StageReference) => (referencedStageIndex(reference) ?? -1) >= reference.fromStageIndex;
  if (!stageModel.references.some(leadsForward)) return new Map();
  const edges = new Map<number, number[]>();
  for (const reference of stageModel.references) {
    const to = referencedStageIndex(reference);
    if (to === undefined) continue;
    const targets = edges.get(reference.fromStageIndex);
    if (targets) targets.push(to);
    else edges.set(reference.fromStageIndex, [to]);
  }
  const component = stronglyConnectedComponents(stageModel.stages.length, edges);
  const componentSizes = new Map<number, number>();
  for (const id of component) componentSizes.set(id, (componentSizes.get(id) ?? 0) + 1);
  const result = new Map<StageReference, CycleThrough>();
  for (const reference of stageModel.references) {
    const to = referencedStageIndex(reference);
    const from = reference.fromStageIndex;
    if (to === undefined || component[to] !== component[from]) continue;
    const componentSize = componentSizes.get(component[from]) ?? 0;
    if (to === from) {
      result.set(reference, { path: [from, from] });
    } else if (componentSize > largestSpelledOutCycle) {
      result.set(reference, { componentSize });
    } else {
      const path = pathWithin(to, from, edges, (index) => component[index] === component[from]);
      if (path) result.set(reference, { path: [from, ...path] });
    }
  }
  return result;
}

/**
 * Tarjan's algorithm: the component id of every stage. Iterative, with an explicit stack of
 * (stage, next edge) frames: a chain of thousands of stages would overflow the call stack.
 */
function stronglyConnectedComponents(count: number, edges: ReadonlyMap<number, number[]>): number[] {
  const index: number[] = new Array(count).fill(-1);
  const low: number[] = new Array(count).fill(0);
  const component: number[] = new Array(count).fill(-1);
  const onStack: boolean[] = new Array(count).fill(false);
  const stack: number[] = [];
  let counter = 0;
  let components = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    const frames: { node: number; nextEdge: number }[] = [{ node: root, nextEdge: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const { node } = frame;
      const targets = edges.get(node) ?? [];
      if (frame.nextEdge < targets.length) {
        const next = targets[frame.nextEdge++];
        if (index[next] === -1) {
          index[next] = low[next] = counter++;
          stack.push(next);
          onStack[next] = true;
          frames.push({ node: next, nextEdge: 0 });
        } else if (onStack[next]) {
          low[node] = Math.min(low[node], index[next]);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent.node] = Math.min(low[parent.node], low[node]);
      if (low[node] === index[node]) {
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = false;
          component[member] = components;
        } while (member !== node);
        components++;
      }
    }
  }
  return component;
}

function pathWithin(start: number, goal: number, edges: ReadonlyMap<number, number[]>, allowed: (index: number) => boolean): number[] | undefined {
  const previous = new Map<number, number>([[start, start]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    if (node === goal) {
      const path = [node];
      for (let step = node; step !== start; ) {
        step = previous.get(step) as number;
        path.unshift(step);
      }
      return path;
    }
    for (const next of edges.get(node) ?? []) {
      if (!previous.has(next) && allowed(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return undefined;
}

function shortName(stage: Stage): string {
  return stage.name ?? String(stage.index);
}

export const selfReferencingStage: Rule = {
  code: 'SelfReferencingStage',
  defaultSeverity: 'error',
  summary: 'A stage copies or mounts from itself, directly or through a cycle of stages; BuildKit stops with a circular dependency.',
  check(model) {
    const stageModel = model.stageModel;
    const findings: Finding[] = [];
    for (const [reference, cycle] of cyclicEdges(model)) {
      if (!isLiteral(reference)) continue;
      const stage = stageModel.stages[reference.fromStageIndex];
      const message =
        'componentSize' in cycle
          ? `${label(reference)} closes a dependency cycle among ${cycle.componentSize} stages, stage ${describeStage(stage)} included: BuildKit stops with a circular dependency.`
          : cycle.path.length === 2
            ? `${label(reference)} refers to its own stage ${describeStage(stage)}: BuildKit stops with a circular dependency.`
            : `${label(reference)} closes a cycle ${cycle.path.map((index) => `'${shortName(stageModel.stages[index])}'`).join(' → ')}: BuildKit stops with a circular dependency.`;
      findings.push({ code: 'SelfReferencingStage', message, range: reference.value.range });
    }
    return findings;
  },
};

export const stageUsedBeforeDefinition: Rule = {
  code: 'StageUsedBeforeDefinition',
  defaultSeverity: 'error',
  summary: 'A FROM, COPY --from or RUN --mount names a stage defined further down the file.',
  check(model) {
    const stageModel = model.stageModel;
    const cycles = cyclicEdges(model);
    const findings: Finding[] = [];
    for (const reference of stageModel.references) {
      const { target } = reference;
      if (target.type !== 'laterStage' || target.index <= reference.fromStageIndex || cycles.has(reference) || !isLiteral(reference)) continue;
      const later = stageModel.stages[target.index];
      const where = `stage ${describeStage(later)} is defined later (line ${stageLine(later)})`;
      const message =
        reference.kind === 'from'
          ? `${label(reference)}: ${where}; FROM only sees earlier stages, so BuildKit pulls an image named '${reference.value.resolved}'.`
          : `${label(reference)}: ${where}; BuildKit stops, a stage can only ${reference.kind === 'copy' ? 'copy from' : 'mount'} stages defined above it.`;
      findings.push({ code: 'StageUsedBeforeDefinition', message, range: reference.value.range });
    }
    return findings;
  },
};

export const stageIndexOutOfRange: Rule = {
  code: 'StageIndexOutOfRange',
  defaultSeverity: 'error',
  summary: 'COPY --from=<number> names a stage index the file does not have.',
  check(model) {
    const stageModel = model.stageModel;
    const findings: Finding[] = [];
    const last = stageModel.stages.length - 1;
    for (const reference of stageModel.references) {
      // dockerfile-utils already reports a value that does not start with a letter or digit (-1, +1).
      if (reference.target.type !== 'indexOutOfRange' || !/^\d+$/.test(reference.value.resolved ?? '')) continue;
      findings.push({
        code: 'StageIndexOutOfRange',
        message: `${label(reference)}: there is no stage ${reference.target.index}; stages are numbered 0 to ${last}.`,
        range: reference.value.range,
      });
    }
    return findings;
  },
};

export const numericStageReference: Rule = {
  code: 'NumericStageReference',
  defaultSeverity: 'information',
  summary: 'COPY --from refers to a stage by its position, which silently changes when stages are added or moved.',
  check(model) {
    const stageModel = model.stageModel;
    const findings: Finding[] = [];
    for (const reference of stageModel.references) {
      if (reference.kind !== 'copy' || !isNumericReference(reference) || !isLiteral(reference)) continue;
      const index = referencedStageIndex(reference);
      if (index === undefined) continue;
      const stage = stageModel.stages[index];
      const name = nameForStage(stageModel, stage);
      const title = stage.name ? `Use the stage name '${name}'` : `Name stage ${index} '${name}' and use the name`;
      findings.push({
        code: 'NumericStageReference',
        message: `${label(reference)} refers to stage ${describeStage(stage)} by position; adding or moving a stage changes what it copies.`,
        range: reference.value.range,
        fixes: [{ title, edits: nameStageEdits(stageModel, stage, name), isPreferred: true }],
      });
    }
    return findings;
  },
};

function replaceValueFixes(reference: StageReference, names: readonly string[]): QuickFix[] {
  return names.map((name, position) => ({
    title: `Change to '${name}'`,
    edits: [{ range: reference.value.range, newText: name }],
    isPreferred: position === 0,
  }));
}

/** Why a reference that BuildKit treats as an image is most likely a stage, or undefined when it is not. */
function undefinedStageFinding(stageModel: StageModel, reference: StageReference): Finding | undefined {
  const { target } = reference;
  const value = reference.value.resolved;
  // A variable in --from or from= is VariableInFromFlag's finding: BuildKit stops before any lookup.
  if (target.type !== 'image' || value === undefined || (reference.kind !== 'from' && !isLiteral(reference))) return undefined;
  if (reference.kind === 'mount' && parseStageIndex(value) !== undefined) return mountIndexFinding(stageModel, reference, value);
  if (!isBareName(value) || isOfficialImage(value) || value.toLowerCase() === 'scratch') return undefined;
  const candidates = stageModel.stages
    .filter((stage) => (reference.kind === 'from' ? stage.index < reference.fromStageIndex : stage.index !== reference.fromStageIndex))
    .flatMap((stage) => (stage.name ? [stage.name] : []));
  // FROM finds a stage only by its lowercase name; --from compares without case.
  const suggestions = isLiteral(reference) ? closeNames(value, candidates).map((name) => (reference.kind === 'from' ? name.toLowerCase() : name)) : [];
  // A bare unknown name in FROM is usually a local or library image; only a near miss of a stage is suspicious.
  if (reference.kind === 'from' && suggestions.length === 0) return undefined;
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((name) => `'${name}'`).join(' or ')}?` : '';
  return {
    code: 'UndefinedStage',
    message: `${label(reference)}: no stage is named '${value}', so BuildKit pulls an image '${value}' instead.${hint}`,
    range: reference.value.range,
    fixes: replaceValueFixes(reference, suggestions),
  };
}

function mountIndexFinding(stageModel: StageModel, reference: StageReference, value: string): Finding {
  const index = parseStageIndex(value) as number;
  const stage = stageModel.stages[index];
  let fixes: QuickFix[] = [];
  if (stage && index !== reference.fromStageIndex) {
    const name = nameForStage(stageModel, stage);
    const edits: TextEdit[] = [...nameStageEdits(stageModel, stage, name), { range: reference.value.range, newText: name }];
    fixes = [{ title: stage.name ? `Use the stage name '${name}'` : `Name stage ${index} '${name}' and use the name`, edits, isPreferred: true }];
  }
  return {
    code: 'UndefinedStage',
    message: `${label(reference)}: RUN --mount takes a stage name, not an index; BuildKit looks for an image named '${value}'.`,
    range: reference.value.range,
    fixes,
  };
}

export const undefinedStage: Rule = {
  code: 'UndefinedStage',
  defaultSeverity: 'warning',
  summary: 'A --from, from= or FROM value looks like a stage name but no stage has that name, so BuildKit pulls an image of that name.',
  check(model) {
    const stageModel = model.stageModel;
    return stageModel.references.flatMap((reference) => undefinedStageFinding(stageModel, reference) ?? []);
  },
};

/** A copy or mount source that BuildKit pulls as an image, and that is meant as one. */
function isExternalImageSource(stageModel: StageModel, reference: StageReference): boolean {
  return (
    reference.kind !== 'from' &&
    isLiteral(reference) &&
    reference.target.type === 'image' &&
    reference.target.name.toLowerCase() !== 'scratch' &&
    undefinedStageFinding(stageModel, reference) === undefined
  );
}

function declareImageStageFix(model: DocumentModel, stageModel: StageModel, image: string): QuickFix | undefined {
  const uses = stageModel.references.filter(
    (reference) => isExternalImageSource(stageModel, reference) && reference.target.type === 'image' && reference.target.name === image,
  );
  if (uses.length === 0) return undefined;
  const name = freshStageName(stageModel, [stageNameForImage(image), `${stageNameForImage(image)}-image`], uses);
  return { title: `Declare ${image} once as stage '${name}'`, edits: aliasStageEdits(model, stageModel, image, name, uses), isPreferred: true };
}

export const externalImageReference: Rule = {
  code: 'ExternalImageReference',
  defaultSeverity: 'information',
  summary: 'COPY --from or RUN --mount=from= pulls an external image; declaring it as a named stage pins it in one place.',
  check(model) {
    const stageModel = model.stageModel;
    const findings: Finding[] = [];
    for (const reference of stageModel.references) {
      if (!isExternalImageSource(stageModel, reference) || reference.target.type !== 'image') continue;
      const image = reference.target.name;
      const fix = declareImageStageFix(model, stageModel, image);
      findings.push({
        code: 'ExternalImageReference',
        message: `${label(reference)} pulls the image ${image} at build time; declare it once as a named stage to pin and reuse it.`,
        range: reference.value.range,
        fixes: fix ? [fix] : undefined,
      });
    }
    return findings;
  },
};

/**
 * BuildKit's own workaround for a variable in `--from`: a stage `FROM <the same text> AS <name>`
 * (FROM expands global ARGs) and `--from=<name>`. Only offered when every variable in the text
 * is a global ARG or a platform ARG, the only ones a FROM line sees.
 */
function aliasStageFix(model: DocumentModel, stageModel: StageModel, reference: StageReference): QuickFix | undefined {
  const text = reference.value.text;
  const globals = new Map<string, Binding>();
  for (const name of platformArgNames) globals.set(name, { kind: 'unknown' });
  for (const arg of stageModel.globalArgs) globals.set(arg.name, arg.defaultValue === undefined ? { kind: 'unknown' } : { kind: 'value', value: arg.defaultValue });
  const expansion = expandWord(text, (name) => globals.get(name), stageModel.escapeCharacter);
  // A `$` that starts no variable (`$\0{X}`) leaves nothing to name the stage after.
  const [variable] = expansion.referenced;
  if (expansion.undeclared.length > 0 || variable === undefined) return undefined;
  const uses = stageModel.references.filter((other) => other.kind !== 'from' && other.value.text === text);
  const resolved = expansion.value;
  const namesAStage = resolved !== undefined && stageModel.stages.some((stage) => stage.name?.toLowerCase() === resolved.toLowerCase());
  const candidates = [
    ...(resolved !== undefined && !namesAStage ? [stageNameForImage(resolved)] : []),
    stageNameForImage(variable.toLowerCase().replace(/_/g, '-')),
  ];
  const name = freshStageName(stageModel, candidates, uses);
  return { title: `Declare stage '${name}' as FROM ${text} and use it`, edits: aliasStageEdits(model, stageModel, text, name, uses), isPreferred: true };
}

export const variableInFromFlag: Rule = {
  code: 'VariableInFromFlag',
  defaultSeverity: 'error',
  summary: 'COPY --from or RUN --mount=from= holds a variable, which BuildKit refuses to expand.',
  check(model) {
    const stageModel = model.stageModel;
    const findings: Finding[] = [];
    for (const reference of stageModel.references) {
      if (reference.kind === 'from' || isLiteral(reference)) continue;
      const fix = aliasStageFix(model, stageModel, reference);
      const flag = reference.kind === 'copy' ? 'COPY --from' : 'from= in RUN --mount';
      findings.push({
        code: 'VariableInFromFlag',
        message: `${label(reference)}: BuildKit does not expand variables in ${flag} and stops; declare a stage FROM ${reference.value.text} and use its name.`,
        range: reference.value.range,
        fixes: fix ? [fix] : undefined,
      });
    }
    return findings;
  },
};
