import type { Instruction } from 'dockerfile-ast';
import type { Position, Range } from 'vscode-languageserver-types';
import { derivedKey, type DocumentModel } from '../documentModel';
import { referencedStageIndex } from '../stageModel';
import type { Stage, StageReference } from '../stageTypes';

/** Something a hover explains from the stage model: a reference to a stage or image, or a stage's name. */
export type StageHoverTarget =
  | { readonly kind: 'reference'; readonly range: Range; readonly reference: StageReference }
  | { readonly kind: 'stageName'; readonly range: Range; readonly stage: Stage };

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function contains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

/** Index of the last item whose start is at or before `position`, or -1. */
function lastStartingAtOrBefore<T>(items: readonly T[], startOf: (item: T) => Position, position: Position): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (comparePositions(startOf(items[middle]), position) <= 0) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/**
 * What hovers look up, computed once per document version: the stage targets and the instructions
 * sorted by position (so a hover is a binary search, not a scan of a 3,500-line file), and for
 * each stage the references that lead to it.
 */
export class HoverIndex {
  private readonly targets: StageHoverTarget[];
  private readonly instructions: readonly Instruction[];
  private readonly instructionRanges: readonly Range[];
  private readonly referrersByStage = new Map<number, StageReference[]>();

  constructor(readonly model: DocumentModel) {
    const stageModel = model.stageModel;
    const targets: StageHoverTarget[] = stageModel.references.map((reference) => ({ kind: 'reference', range: reference.value.range, reference }));
    for (const stage of stageModel.stages) {
      if (stage.nameRange) targets.push({ kind: 'stageName', range: stage.nameRange, stage });
    }
    this.targets = targets.sort((a, b) => comparePositions(a.range.start, b.range.start));

    for (const reference of stageModel.references) {
      const index = referencedStageIndex(reference);
      if (index === undefined) continue;
      const list = this.referrersByStage.get(index) ?? [];
      list.push(reference);
      this.referrersByStage.set(index, list);
    }

    this.instructions = model.dockerfile.getInstructions();
    this.instructionRanges = this.instructions.map((instruction) => instruction.getRange());
  }

  /** The stage reference or stage name under `position`. */
  targetAt(position: Position): StageHoverTarget | undefined {
    const index = lastStartingAtOrBefore(this.targets, (target) => target.range.start, position);
    const target = this.targets[index];
    return target && contains(target.range, position) ? target : undefined;
  }

  /** The instruction whose text (continuation lines and heredoc bodies included) holds `position`. */
  instructionAt(position: Position): Instruction | undefined {
    const index = lastStartingAtOrBefore(this.instructionRanges, (range) => range.start, position);
    return index >= 0 && contains(this.instructionRanges[index], position) ? this.instructions[index] : undefined;
  }

  /** The references (FROM, COPY --from, RUN --mount from=) that lead to a stage, in file order. */
  referrersOf(stageIndex: number): readonly StageReference[] {
    return this.referrersByStage.get(stageIndex) ?? [];
  }
}

const hoverIndexKey = derivedKey<HoverIndex>('hover index');

/** The index of a model, built on first use; a new version is a new model, so it is never stale. */
export function hoverIndexOf(model: DocumentModel): HoverIndex {
  return model.derive(hoverIndexKey, () => new HoverIndex(model));
}
