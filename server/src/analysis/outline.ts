import type { Instruction } from 'dockerfile-ast';
import { SymbolKind, SymbolTag, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver-types';
import type { DocumentModel } from './documentModel';
import type { Stage } from './stageTypes';

/** Longest instruction detail shown in the outline; the rest is cut with an ellipsis. */
const maxDetailLength = 60;

/**
 * The outline as a tree: parser directives and the instructions before the first FROM at the
 * top, then one symbol per stage (its name, its base image as detail) holding the stage's
 * instructions, so the Outline view and breadcrumbs show where in which stage the cursor is.
 */
export function stageSymbols(model: DocumentModel): DocumentSymbol[] {
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
    symbols.push(instructionSymbol(instruction));
  }
  for (const stage of stages) symbols.push(stageSymbol(stage));
  return symbols;
}

function stageSymbol(stage: Stage): DocumentSymbol {
  return {
    name: stage.name ?? `stage ${stage.index}`,
    detail: stage.base.resolved ?? stage.base.text,
    kind: SymbolKind.Module,
    range: stage.range,
    selectionRange: stage.nameRange ?? stage.from.getInstructionRange(),
    children: stage.instructions.map(instructionSymbol),
  };
}

function instructionSymbol(instruction: Instruction): DocumentSymbol {
  const symbol: DocumentSymbol = {
    name: instruction.getInstruction(),
    detail: argumentsSummary(instruction),
    kind: SymbolKind.Function,
    range: instruction.getRange(),
    selectionRange: instruction.getInstructionRange(),
  };
  if (instruction.getKeyword() === 'MAINTAINER') symbol.tags = [SymbolTag.Deprecated];
  return symbol;
}

/** The arguments on one line (continuations joined, runs of whitespace collapsed), shortened for the outline. */
function argumentsSummary(instruction: Instruction): string {
  const summary = (instruction.getArgumentsContent() ?? '').replace(/\s+/g, ' ').trim();
  return summary.length > maxDetailLength ? `${summary.slice(0, maxDetailLength - 1).trimEnd()}…` : summary;
}

/** One folding range per stage that spans several lines: from its FROM to its last instruction. */
export function stageFoldingRanges(model: DocumentModel): FoldingRange[] {
  return model.stageModel.stages
    .filter((stage) => stage.range.end.line > stage.range.start.line)
    .map((stage) => ({ startLine: stage.range.start.line, endLine: stage.range.end.line }));
}
