import { derivedKey, type DocumentModel } from './documentModel';
import { keywordOf } from './instructionFacts';

/**
 * dockerfile-ast resolves a variable reference by walking the instructions of its stage and every
 * FROM of the file, and dockerfile-utils' validation (as the language service's hover,
 * definition, highlight, links and rename) resolves every reference of the file, so each costs in
 * proportion to the variable work; this much keeps one such call under the server's answer time
 * (bench/hostile.bench.ts measures it). Above it, the server and the CLI
 * leave those library calls out (infra/limits.ts, cli/findings.ts).
 */
export const maxLibraryVariableWork = 2_000_000;

export interface VariableWork {
  readonly references: number;
  /**
   * Σ over stages of references × instructions in the stage, plus references × stages, plus
   * Σ over instructions of the square of their references over `sameInstructionShare`.
   */
  readonly work: number;
}

const variableWorkKey = derivedKey<VariableWork>('variable work');

/**
 * The library also spends, per instruction, time in the square of the references it holds, so a
 * single RUN of many `$a` is slow to highlight and validate though it is one instruction. A unit
 * of that square costs far less than a unit of the walk above (both measured in one run of the
 * hostile benchmark), so it counts at this share of one.
 */
const sameInstructionShare = 64;

/** What resolving every variable reference costs the library, counted once per version. */
export function variableWork(model: DocumentModel): VariableWork {
  return model.derive(variableWorkKey, () => (model.text.includes('$') ? countVariableWork(model) : { references: 0, work: 0 }));
}

function countVariableWork(model: DocumentModel): VariableWork {
  let references = 0;
  let stages = 0;
  let work = 0;
  let stageReferences = 0;
  let stageInstructions = 0;
  let sameInstruction = 0;
  for (const instruction of model.dockerfile.getInstructions()) {
    if (keywordOf(instruction) === 'FROM') {
      work += stageReferences * stageInstructions;
      stageReferences = 0;
      stageInstructions = 0;
      stages++;
    }
    const { start, end } = instruction.getRange();
    const to = model.lineStarts[end.line] + end.character;
    let instructionReferences = 0;
    for (let index = model.text.indexOf('$', model.lineStarts[start.line] + start.character); index !== -1 && index < to; index = model.text.indexOf('$', index + 1)) {
      instructionReferences++;
    }
    stageReferences += instructionReferences;
    references += instructionReferences;
    sameInstruction += instructionReferences * instructionReferences;
    stageInstructions++;
  }
  work += stageReferences * stageInstructions + references * stages + sameInstruction / sameInstructionShare;
  return { references, work };
}

/** Whether the library's variable-resolving calls answer this version within the cap. */
export function libraryResolvesVariablesQuickly(model: DocumentModel): boolean {
  return variableWork(model).work <= maxLibraryVariableWork;
}

/** What the user is told when the cap leaves the library's variable-resolving calls out. */
export function variableLimitReason(model: DocumentModel, left: string): string {
  return `This file has ${variableWork(model).references} variable references, too many for the language library to resolve quickly: ${left} off for this file, as each would take seconds.`;
}
