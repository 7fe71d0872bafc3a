import { Copy, type Instruction } from 'dockerfile-ast';
import { argumentsOf, type InstructionReads, keywordOf, instructionTextOf } from '../../instructionFacts';
import type { DependencyStep } from '../../runCommands';
import type { Finding, Rule } from '../rule';
import { code, imageFacts, lineOf, type StageFacts } from './support';

/**
 * An argument that is `.`, `./` or `*` stands between blanks, line breaks or escapes in the text:
 * without one, a COPY copies no whole context, and its arguments (which dockerfile-ast reads
 * slowly from several lines, a heredoc's included) need not be read.
 */
const WHOLE_CONTEXT_WORD = /(?:^|[\s\\`])(?:\.\/?|\*)(?:[\s\\`]|$)/;

/** `COPY . .`, `COPY ./ /app`, `ADD . /src`: the whole build context, from no stage or image. */
function copiesWholeContext(instruction: Instruction, reads: InstructionReads): boolean {
  const keyword = keywordOf(instruction);
  if (keyword !== 'COPY' && keyword !== 'ADD') return false;
  if (!WHOLE_CONTEXT_WORD.test(instructionTextOf(instruction, reads))) return false;
  if (instruction instanceof Copy && instruction.getFromFlag()) return false;
  const args = argumentsOf(instruction, reads)
    .map((arg) => arg.getValue())
    .filter((value) => !value.startsWith('--'));
  return args.length >= 2 && args.slice(0, -1).some((source) => source === '.' || source === './' || source === '*');
}

/** The stage's first dependency step in a RUN below `line`. */
function firstDependencyStepAfter(facts: StageFacts, line: number): DependencyStep | undefined {
  for (const run of facts.runsConcerning('dependencySteps', line)) {
    const [step] = run.dependencySteps;
    if (step) return step;
  }
  return undefined;
}

export const cacheBustingCopyOrder: Rule = {
  code: 'CacheBustingCopyOrder',
  defaultSeverity: 'information',
  summary: '`COPY . .` before the step that installs dependencies from a manifest, so any source change reinstalls them.',
  check(model) {
    const findings: Finding[] = [];
    const reads = model.instructionReads;
    for (const facts of imageFacts(model).stages) {
      const copy = facts.stage.instructions.find((instruction) => copiesWholeContext(instruction, reads));
      if (!copy) continue;
      const step = firstDependencyStepAfter(facts, copy.getRange().start.line);
      if (!step) continue;
      const manifests = step.manifests.length > 0 ? step.manifests.join(', ') : 'the dependency manifest';
      findings.push({
        code: this.code,
        message: `This copies the whole context before ${code(step.tool)} (line ${lineOf(step.command.range)}), so any source change reinstalls every dependency. Copy ${manifests} first, install, then copy the rest.`,
        range: copy.getRange(),
      });
    }
    return findings;
  },
};
