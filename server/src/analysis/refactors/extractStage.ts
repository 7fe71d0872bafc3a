import type { Range, TextEdit } from 'vscode-languageserver-types';
import { fromLinesNamed } from '../convert/render';
import { blockStartLine } from '../convert/source';
import { RUNTIME_METADATA, stageFacts, type InstructionFacts } from '../convert/stageFacts';
import { isRootPath } from '../convert/paths';
import type { DocumentModel } from '../documentModel';
import { freshStageName, isLiteral, isNumericReference, lineEndingOf, stageInsertionLine } from '../rules/reference/support';
import { parseStageIndex } from '../stageModel';
import { positionAt } from '../positions';
import { refactorKinds, type StageRefactor } from './types';

/** Instructions that set up the environment the extracted ones ran in, so the new stage repeats them. */
const CONTEXT = new Set(['ARG', 'ENV', 'WORKDIR', 'SHELL', 'USER']);

/**
 * Moves the selected instructions of a stage into a new stage inserted before it (on the same
 * base, after the ARG, ENV, WORKDIR, SHELL and USER they ran under) and copies back the WORKDIR
 * they worked in: the converter's "WORKDIR tree" step, applied to a selection. Numeric
 * `COPY --from` indexes past the new stage move up by one.
 */
export function extractStageRefactor(model: DocumentModel, selection: Range): StageRefactor | undefined {
  const stageModel = model.stageModel;
  const stage =
    stageModel.stages.find((candidate) => lineWithin(selection.start.line, candidate.range)) ??
    stageModel.stages.find((candidate) => lineWithin(selection.end.line, candidate.range));
  if (!stage) return undefined;
  const facts = stageFacts(model, stage);
  const selected = facts.instructions.filter((instruction) => {
    const range = instruction.instruction.getRange();
    return range.start.line <= selection.end.line && range.end.line >= selection.start.line;
  });
  if (selected.length === 0 || selected.length === facts.instructions.length) return undefined;
  if (selected.some((instruction) => RUNTIME_METADATA.has(instruction.keyword) && instruction.keyword !== 'USER')) return undefined;
  const first = selected[0];
  const last = selected[selected.length - 1];
  const folder = last.workdir;
  if (folder === undefined || isRootPath(folder) || folder.includes('$')) return undefined;
  const moved = new Set(selected.map((instruction) => instruction.instruction));
  const references = stageModel.references.filter((reference) => reference.kind === 'copy' && isNumericReference(reference) && isLiteral(reference));
  if (references.some((reference) => moved.has(reference.instruction))) return undefined;

  const name = freshStageName(stageModel, [selected.some((instruction) => instruction.fetchesDependencies) && !selected.some((instruction) => instruction.builds.length > 0) ? 'deps' : 'build', 'extracted']);
  const eol = lineEndingOf(model.text);
  const context = facts.instructions.filter((instruction) => instruction.position < first.position && CONTEXT.has(instruction.keyword));
  const stageText = [...fromLinesNamed(facts, name), ...context.flatMap((instruction) => instruction.block.lines), ...selected.flatMap(blockText)].join(eol);

  const insertLine = stageInsertionLine(model, stage);
  const startLine = blockStartLine(facts.layout, first.instruction);
  const endLine = last.instruction.getRange().end.line + 1;
  const end = endLine < model.lineCount ? { line: endLine, character: 0 } : positionAt(model, model.text.length);
  const copy = `COPY --from=${name} ${folder} ${folder}${endLine < model.lineCount ? eol : ''}`;
  const edits: TextEdit[] = [
    { range: { start: { line: insertLine, character: 0 }, end: { line: insertLine, character: 0 } }, newText: `${stageText}${eol}${eol}` },
    { range: { start: { line: startLine, character: 0 }, end }, newText: copy },
  ];
  for (const reference of references) {
    const index = parseStageIndex(reference.value.resolved as string) as number;
    if (index >= stage.index) edits.push({ range: reference.value.range, newText: String(index + 1) });
  }
  const count = selected.length === 1 ? 'an instruction' : `${selected.length} instructions`;
  return { kind: refactorKinds.extractStage, title: `Extract ${count} into a new stage '${name}'`, edits };
}

function blockText(instruction: InstructionFacts): readonly string[] {
  return [...instruction.block.leading, ...instruction.block.lines];
}

function lineWithin(line: number, range: Range): boolean {
  return line >= range.start.line && line <= range.end.line;
}
