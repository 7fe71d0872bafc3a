import { argumentsOf } from '../../instructionFacts';
import type { Finding, QuickFix, Rule } from '../rule';
import { freshStageName, inCaseOf, isLiteral, renameStageEdits, reservedStageNames } from './support';

/** BuildKit's stage name syntax, checked after lowercasing; dockerfile-utils reports names outside it. */
const validStageName = /^[a-z][a-z0-9-_.]*$/;

export const reservedStageName: Rule = {
  code: 'ReservedStageName',
  defaultSeverity: 'warning',
  summary: 'A stage is named scratch or context, names BuildKit reserves for the empty image and the build context.',
  buildkit: true,
  check(model) {
    const stageModel = model.stageModel;
    const findings: Finding[] = [];
    for (const stage of stageModel.stages) {
      const reserved = stage.name?.toLowerCase();
      if (!stage.name || !stage.nameRange || !reserved || !reservedStageNames.includes(reserved)) continue;
      const meaning = reserved === 'scratch' ? 'the empty image' : 'the build context';
      const newName = freshStageName(stageModel, [`${reserved}-stage`]);
      const edits = renameStageEdits(stageModel, stage, newName);
      findings.push({
        code: 'ReservedStageName',
        message: `Stage name '${stage.name}' is reserved for ${meaning}: references to '${reserved}' would mean this stage instead.`,
        range: stage.nameRange,
        fixes: edits ? [{ title: `Rename stage '${stage.name}' to '${newName}'`, edits, isPreferred: true }] : undefined,
      });
    }
    return findings;
  },
};

export const stageNameCasing: Rule = {
  code: 'StageNameCasing',
  defaultSeverity: 'warning',
  summary: 'A stage name, or a FROM line naming a stage, is not written in lowercase.',
  buildkit: true,
  check(model) {
    const stageModel = model.stageModel;
    const findings: Finding[] = [];
    for (const stage of stageModel.stages) {
      const name = stage.name;
      if (!name || !stage.nameRange || name === name.toLowerCase() || !validStageName.test(name.toLowerCase())) continue;
      const edits = renameStageEdits(stageModel, stage, name.toLowerCase());
      findings.push({
        code: 'StageNameCasing',
        message: `Stage name '${name}' should be lowercase.`,
        range: stage.nameRange,
        fixes: edits ? [{ title: `Rename stage '${name}' to '${name.toLowerCase()}'`, edits, isPreferred: true }] : undefined,
      });
    }
    // BuildKit lowercases stage names but looks up FROM's text as written, so `FROM Build`
    // misses the stage and goes looking for an image.
    for (const reference of stageModel.references) {
      const written = reference.value.resolved;
      if (reference.kind !== 'from' || reference.target.type !== 'stage' || written === undefined || written === written.toLowerCase()) continue;
      const fix: QuickFix | undefined = isLiteral(reference)
        ? { title: `Write '${written.toLowerCase()}'`, edits: [{ range: reference.value.range, newText: written.toLowerCase() }], isPreferred: true }
        : undefined;
      findings.push({
        code: 'StageNameCasing',
        message: `FROM ${written}: BuildKit finds stage '${written.toLowerCase()}' only when FROM names it in lowercase.`,
        range: reference.value.range,
        fixes: fix ? [fix] : undefined,
      });
    }
    return findings;
  },
};

export const fromAsCasing: Rule = {
  code: 'FromAsCasing',
  defaultSeverity: 'warning',
  summary: "The AS keyword's casing does not match the FROM keyword's.",
  buildkit: true,
  check(model) {
    const findings: Finding[] = [];
    const { stages } = model.stageModel;
    for (const stage of stages) {
      const from = stage.from.getInstruction();
      const args = argumentsOf(stage.from, model.instructionReads);
      if (args.length !== 3) continue;
      const isLower = from === from.toLowerCase();
      // A FROM in mixed case is BuildKit's ConsistentInstructionCasing problem, not this one.
      if (!isLower && from !== from.toUpperCase()) continue;
      const as = args[1];
      const written = as.getValue();
      const wanted = inCaseOf(from, written);
      if (written === wanted || written.toUpperCase() !== 'AS') continue;
      findings.push({
        code: 'FromAsCasing',
        message: `'${written}' and '${from}' keywords' casing do not match.`,
        range: as.getRange(),
        fixes: [{ title: `Write '${wanted}'`, edits: [{ range: as.getRange(), newText: wanted }], isPreferred: true }],
      });
    }
    return findings;
  },
};
