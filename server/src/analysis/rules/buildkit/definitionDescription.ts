import type { Instruction } from 'dockerfile-ast';
import type { DocumentModel } from '../../documentModel';
import { propertiesOf, type InstructionReads, keywordOf } from '../../instructionFacts';
import type { Finding, QuickFix, Rule } from '../rule';

/**
 * BuildKit's experimental InvalidDefinitionDescription: a comment right above an ARG or a named
 * stage is that definition's description (what `docker buildx build --call=outline` shows), and
 * must start with the name it describes. Empty `#` lines are not part of it; a blank line ends it.
 */

/** Zero-based line -> the comment's text after `#`, for comment lines outside instructions. */
function commentLines(model: DocumentModel): Map<number, string> {
  const comments = new Map<number, string>();
  for (const comment of model.dockerfile.getComments()) comments.set(comment.getRange().start.line, comment.getContent().trim());
  return comments;
}

/** The description comment right above an instruction: the closest non-empty comment line of the block. */
function descriptionAbove(comments: ReadonlyMap<number, string>, instruction: Instruction): { readonly line: number; readonly text: string } | undefined {
  for (let line = instruction.getRange().start.line - 1; comments.has(line); line--) {
    const text = comments.get(line) ?? '';
    if (text !== '') return { line, text };
  }
  return undefined;
}

function namesDefined(instruction: Instruction, stageNames: ReadonlyMap<Instruction, string>, reads: InstructionReads): string[] {
  if (keywordOf(instruction) === 'ARG') return propertiesOf(instruction, reads).map((property) => property.getName());
  const name = stageNames.get(instruction);
  return name === undefined ? [] : [name];
}

export const invalidDefinitionDescription: Rule = {
  code: 'InvalidDefinitionDescription',
  defaultSeverity: 'warning',
  summary: 'A comment right above an ARG or a named stage does not start with the name it would describe.',
  buildkit: true,
  check(model) {
    const comments = commentLines(model);
    const stageNames = new Map<Instruction, string>();
    for (const stage of model.stageModel.stages) if (stage.name) stageNames.set(stage.from, stage.name.toLowerCase());
    const findings: Finding[] = [];
    for (const instruction of model.dockerfile.getInstructions()) {
      const keyword = keywordOf(instruction);
      if (keyword !== 'ARG' && keyword !== 'FROM') continue;
      const names = namesDefined(instruction, stageNames, model.instructionReads);
      const description = names.length > 0 ? descriptionAbove(comments, instruction) : undefined;
      if (!description || names.includes(description.text.split(' ')[0])) continue;
      const example = names.length > 1 ? '<arg_key>' : names[0];
      const start = instruction.getRange().start;
      const fixes: QuickFix[] = [
        { title: 'Separate the comment from the instruction', edits: [{ range: { start: { line: start.line, character: 0 }, end: { line: start.line, character: 0 } }, newText: '\n' }] },
      ];
      if (names.length === 1) {
        const hash = model.text.indexOf('#', model.lineStarts[description.line]) - model.lineStarts[description.line];
        const at = { line: description.line, character: hash + 1 };
        fixes.unshift({ title: `Start the description with ${names[0]}`, edits: [{ range: { start: at, end: at }, newText: ` ${names[0]}` }], isPreferred: true });
      }
      findings.push({ code: this.code, message: `Comment for ${keyword} should follow the format: \`# ${example} <description>\``, range: instruction.getRange(), fixes });
    }
    return findings;
  },
};
