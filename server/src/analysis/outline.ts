import type { Instruction } from 'dockerfile-ast';
import { SymbolKind, SymbolTag, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver-types';
import type { Selections } from './buildSelections';
import type { DocumentModel } from './documentModel';
import { argumentsContentOf, type InstructionReads, keywordOf } from './instructionFacts';
import { defaultPlatforms, type Platform } from './platforms';
import { choiceTargets, reachabilityOf, type StageChoice } from './reachability';
import type { Stage } from './stageTypes';

/** Longest instruction detail shown in the outline; the rest is cut with an ellipsis. */
const maxDetailLength = 60;

/**
 * The outline as a tree: parser directives and the instructions before the first FROM at the
 * top, then one symbol per stage (its name, its base image as detail) holding the stage's
 * instructions, so the Outline view and breadcrumbs show where in which stage the cursor is. A
 * stage whose FROM picks a stage by platform or build argument first holds the stages it can
 * name, each with what picks it, for the platforms the file is built for.
 */
export function stageSymbols(model: DocumentModel, platforms: readonly Platform[] = defaultPlatforms): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = model.dockerfile.getDirectives().map((directive) => ({
    name: directive.getName(),
    detail: directive.getValue(),
    kind: SymbolKind.Property,
    range: directive.getRange(),
    selectionRange: directive.getNameRange(),
  }));
  const { stages } = model.stageModel;
  const firstFrom = stages[0]?.from.getRange().start;
  for (const instruction of model.dockerfile.getInstructions()) {
    const start = instruction.getRange().start;
    if (firstFrom && (start.line > firstFrom.line || (start.line === firstFrom.line && start.character >= firstFrom.character))) break;
    symbols.push(instructionSymbol(instruction, model.instructionReads));
  }
  // Most files pick no stage by a variable: reachability is only asked for when one does.
  const choices = stages.some((stage) => stage.base.variables.length > 0) ? reachabilityOf(model, { platforms }).choices : undefined;
  const labels = new Map<Selections, string>();
  for (const stage of stages) symbols.push(stageSymbol(stage, choices?.get(stage.index), model, labels));
  return symbols;
}

function stageLabel(stage: Stage): string {
  return stage.name ?? `stage ${stage.index}`;
}

function stageSymbol(stage: Stage, choice: StageChoice | undefined, model: DocumentModel, labels: Map<Selections, string>): DocumentSymbol {
  const targets = choice ? choiceTargets(choice, labels).sort((a, b) => a.stageIndex - b.stageIndex) : [];
  const variants = targets.map((target) => variantSymbol(stage, model.stageModel.stages[target.stageIndex], target.selectedBy, target.chosen));
  return {
    name: stageLabel(stage),
    detail: stage.base.resolved ?? stage.base.text,
    kind: SymbolKind.Module,
    range: stage.range,
    selectionRange: stage.nameRange ?? stage.from.getInstructionRange(),
    children: [...variants, ...stage.instructions.map((instruction) => instructionSymbol(instruction, model.instructionReads))],
  };
}

/** A stage a picking FROM can name: its name, what picks it, and whether the current build does. */
function variantSymbol(stage: Stage, named: Stage, selectedBy: string, chosen: boolean): DocumentSymbol {
  const picks = selectedBy === '' ? 'by default' : selectedBy;
  return {
    name: stageLabel(named),
    detail: chosen ? `${picks} · current build` : picks,
    kind: SymbolKind.EnumMember,
    range: stage.from.getRange(),
    selectionRange: stage.base.range,
  };
}

function instructionSymbol(instruction: Instruction, reads: InstructionReads): DocumentSymbol {
  const symbol: DocumentSymbol = {
    name: instruction.getInstruction(),
    detail: argumentsSummary(instruction, reads),
    kind: SymbolKind.Function,
    range: instruction.getRange(),
    selectionRange: instruction.getInstructionRange(),
  };
  if (keywordOf(instruction) === 'MAINTAINER') symbol.tags = [SymbolTag.Deprecated];
  return symbol;
}

/** The arguments on one line (continuations joined, runs of whitespace collapsed), shortened for the outline. */
function argumentsSummary(instruction: Instruction, reads: InstructionReads): string {
  const summary = (argumentsContentOf(instruction, reads) ?? '').replace(/\s+/g, ' ').trim();
  return summary.length > maxDetailLength ? `${summary.slice(0, maxDetailLength - 1).trimEnd()}…` : summary;
}

/** One folding range per stage that spans several lines: from its FROM to its last instruction. */
export function stageFoldingRanges(model: DocumentModel): FoldingRange[] {
  return model.stageModel.stages
    .filter((stage) => stage.range.end.line > stage.range.start.line)
    .map((stage) => ({ startLine: stage.range.start.line, endLine: stage.range.end.line }));
}
