import type { Instruction, Variable } from 'dockerfile-ast';
import type { Position } from 'vscode-languageserver-types';
import type { DocumentModel } from '../documentModel';
import { formatPlatform, platformArgValues, type Platform } from '../platforms';
import type { Stage } from '../stageTypes';
import { platformArgNames } from '../variables';
import { contains } from './hoverIndex';
import type { HoverPiece } from './flagHover';

/**
 * A hover on BuildKit's automatic platform ARGs (`$TARGETARCH`...), which the language library
 * knows nothing of. BuildKit sets them in the global scope, so a FROM line sees them; inside a
 * stage only after an `ARG TARGETARCH` without a value in the stage or a stage it is built on.
 * The hover says which of the two holds at the cursor and the value on each configured platform.
 */
export function platformArgHover(model: DocumentModel, instruction: Instruction, position: Position, platforms: readonly Platform[]): HoverPiece | undefined {
  const variable = instruction.getVariables().find((candidate: Variable) => contains(candidate.getRange(), position));
  const name = variable?.getName();
  if (!variable || !name || !platformArgNames.includes(name)) return undefined;
  const stage = model.stageModel.stages.find((candidate) => candidate.instructions.includes(instruction));
  // FROM lines and global ARGs are expanded in the global scope, where BuildKit always sets them.
  const declaration = stage ? declarationBefore(model.stageModel.stages, stage, name, position) : 'global';
  // A default written in the stage is the user's value: the library's hover shows it.
  if (declaration !== undefined && declaration !== 'global' && declaration.defaultValue !== undefined) return undefined;
  const heading = `**${name}**: one of BuildKit's automatic platform build arguments.`;
  if (declaration === undefined) {
    return {
      markdown: `${heading}\n\nNot set here: inside a stage BuildKit sets it only after \`ARG ${name}\` (without a value) in the stage, so here it expands to nothing. Add \`ARG ${name}\` to the stage before this line.`,
      range: variable.getNameRange(),
    };
  }
  const where = declaration === 'global' ? 'Set in the global scope, without an `ARG` line' : `Declared by \`ARG ${name}\` on line ${declaration.line + 1}`;
  return { markdown: `${heading}\n\n${where}; its value in each configured build:\n\n${valuesByPlatform(name, platforms)}`, range: variable.getNameRange() };
}

/** The latest ARG of `name` before `position` in the stage or the stages it is built on. */
function declarationBefore(stages: readonly Stage[], stage: Stage, name: string, position: Position): { line: number; defaultValue: string | undefined } | undefined {
  const seen = new Set<number>();
  for (let current: Stage | undefined = stage; current && !seen.has(current.index); current = current.baseStageIndex === undefined ? undefined : stages[current.baseStageIndex]) {
    seen.add(current.index);
    const declared = current.args.filter((arg) => arg.name === name && (current !== stage || arg.range.start.line < position.line)).at(-1);
    if (declared) return { line: declared.range.start.line, defaultValue: declared.defaultValue };
  }
  return undefined;
}

/** `amd64` on linux/amd64, and so on, platforms giving one value listed together. */
function valuesByPlatform(name: string, platforms: readonly Platform[]): string {
  const byValue = new Map<string, string[]>();
  for (const platform of platforms) {
    const value = platformArgValues(platforms[0], platform).get(name) ?? '';
    byValue.set(value, [...(byValue.get(value) ?? []), formatPlatform(platform)]);
  }
  return [...byValue].map(([value, names]) => `- ${value === '' ? 'empty' : `\`${value}\``} on ${names.join(', ')}`).join('\n');
}
