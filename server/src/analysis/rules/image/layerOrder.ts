import { Copy, type Instruction } from 'dockerfile-ast';
import type { Finding, Rule } from '../rule';
import { code, imageFacts, lineOf } from './support';

/** `COPY . .`, `COPY ./ /app`, `ADD . /src`: the whole build context, from no stage or image. */
function copiesWholeContext(instruction: Instruction): boolean {
  const keyword = instruction.getKeyword();
  if (keyword !== 'COPY' && keyword !== 'ADD') return false;
  if (instruction instanceof Copy && instruction.getFromFlag()) return false;
  const args = instruction.getArguments().map((arg) => arg.getValue()).filter((value) => !value.startsWith('--'));
  return args.length >= 2 && args.slice(0, -1).some((source) => source === '.' || source === './' || source === '*');
}

export const cacheBustingCopyOrder: Rule = {
  code: 'CacheBustingCopyOrder',
  defaultSeverity: 'information',
  summary: '`COPY . .` before the step that installs dependencies from a manifest, so any source change reinstalls them.',
  check(model) {
    const findings: Finding[] = [];
    for (const facts of imageFacts(model).stages) {
      const copy = facts.stage.instructions.find(copiesWholeContext);
      if (!copy) continue;
      const copyLine = copy.getRange().start.line;
      const step = facts.runs
        .filter((run) => run.instruction.getRange().start.line > copyLine)
        .flatMap((run) => run.dependencySteps)[0];
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
