import type { Position } from 'vscode-languageserver-types';
import { describeBuilders, stagesBuiltElsewhere } from '../builds/targets';
import type { BuiltTarget } from '../builds/types';
import type { DocumentModel } from '../documentModel';
import { defaultPlatforms, type Platform } from '../platforms';
import { flagHover, type HoverPiece } from './flagHover';
import { heredocHover } from './heredocHover';
import { platformArgHover } from './platformArgHover';
import { contains, hoverIndexOf } from './hoverIndex';
import { code } from './markdown';
import { referenceHover, stageHover } from './stageHover';

export type { HoverPiece } from './flagHover';

export interface HoverOptions {
  /** Ends of life are judged against this day. */
  readonly now: Date;
  /** The platforms the file is built for, the current one first; the common Linux platforms by default. */
  readonly platforms?: readonly Platform[];
  /** The stages builds elsewhere in the workspace target, which the stage hover names. */
  readonly builtElsewhere?: readonly BuiltTarget[];
}

/**
 * Our hover at `position`: a stage reference, a stage name, a base image, a flag the language
 * library does not document, a heredoc marker, or an automatic platform ARG. Undefined anywhere else (instruction keywords
 * included), where the library's hover applies.
 */
export function buildHover(model: DocumentModel, position: Position, options: HoverOptions): HoverPiece | undefined {
  const index = hoverIndexOf(model);
  const instruction = index.instructionAt(position);
  if (!instruction || contains(instruction.getInstructionRange(), position)) return undefined;

  const target = index.targetAt(position);
  const platforms = options.platforms ?? defaultPlatforms;
  if (target?.kind === 'stageName') {
    const builders = stagesBuiltElsewhere(model.stageModel, options.builtElsewhere ?? []).get(target.stage.index);
    const note = builders ? [`**Built by** ${describeBuilders(builders)}${target.stage.name ? ` (target ${code(target.stage.name)})` : ''}.`] : [];
    return { markdown: stageHover(index, target.stage, platforms, ...note), range: target.range };
  }
  if (target?.kind === 'reference') return { markdown: referenceHover(index, target.reference, options.now, platforms), range: target.range };

  // The library shows a variable's value; a flag's documentation must not hide it. It knows
  // nothing of BuildKit's automatic platform ARGs, which get a hover of their own.
  if (instruction.getVariables().some((variable) => contains(variable.getRange(), position))) return platformArgHover(model, instruction, position, platforms);
  return flagHover(instruction, model.instructionReads, position) ?? heredocHover(model, instruction, position);
}
