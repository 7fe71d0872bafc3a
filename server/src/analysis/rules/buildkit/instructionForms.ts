import { Cmd, Entrypoint, Env, Healthcheck, Label, type Instruction } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { argumentsContentOf, propertiesOf, keywordOf } from '../../instructionFacts';
import type { Finding, QuickFix, Rule } from '../rule';
import { textOfRange } from './environment';

/**
 * BuildKit's checks on how instructions are written, with BuildKit's messages and lines
 * (moby/buildkit frontend/dockerfile/linter/ruleset.go, instructions/parse.go, dockerfile2llb/convert.go).
 */

function isSelfConsistent(word: string): boolean {
  return word === word.toLowerCase() || word === word.toUpperCase();
}

/**
 * BuildKit's meaning, not dockerfile-utils' "upper case": keywords follow the casing of the
 * majority of the file's self-consistent keywords (upper case on a tie); a mixed-case keyword
 * always differs from it.
 */
export const consistentInstructionCasing: Rule = {
  code: 'ConsistentInstructionCasing',
  defaultSeverity: 'warning',
  summary: "An instruction keyword's casing differs from the casing most of the file's keywords use.",
  buildkit: true,
  check(model) {
    const instructions = model.dockerfile.getInstructions();
    let lower = 0;
    let upper = 0;
    for (const instruction of instructions) {
      const keyword = instruction.getInstruction();
      if (!isSelfConsistent(keyword)) continue;
      if (keyword === keyword.toLowerCase()) lower++;
      else upper++;
    }
    const majorityLower = lower > upper;
    const findings: Finding[] = [];
    for (const instruction of instructions) {
      const keyword = instruction.getInstruction();
      const wanted = majorityLower ? keyword.toLowerCase() : keyword.toUpperCase();
      if (keyword === wanted) continue;
      const range = instruction.getInstructionRange();
      findings.push({
        code: this.code,
        message: `Command '${keyword}' should match the case of the command majority (${majorityLower ? 'lowercase' : 'uppercase'})`,
        range,
        fixes: [{ title: `Write '${wanted}'`, edits: [{ range, newText: wanted }], isPreferred: true }],
      });
    }
    return findings;
  },
};

export const maintainerDeprecated: Rule = {
  code: 'MaintainerDeprecated',
  defaultSeverity: 'warning',
  summary: 'MAINTAINER is deprecated; the author belongs in a LABEL.',
  buildkit: true,
  check(model) {
    const findings: Finding[] = [];
    const escapeChar = model.stageModel.escapeCharacter;
    for (const instruction of model.dockerfile.getInstructions()) {
      if (keywordOf(instruction) !== 'MAINTAINER') continue;
      const author = argumentsContentOf(instruction, model.instructionReads) ?? '';
      const range = instruction.getRange();
      const label = `LABEL org.opencontainers.image.authors=${JSON.stringify(author)}`;
      const fixes: QuickFix[] = author.includes(escapeChar) || author.includes('\n') ? [] : [{ title: `Replace with ${label}`, edits: [{ range, newText: label }], isPreferred: true }];
      findings.push({ code: this.code, message: 'Maintainer instruction is deprecated in favor of using label', range, fixes });
    }
    return findings;
  },
};

/** A character `trim` takes away: the engine's own white space and line breaks. */
const WHITE_SPACE = /\s/;

/** Zero-based lines of a continued instruction that are empty; BuildKit reports the instruction's last line. */
function emptyContinuationLines(model: { readonly text: string; readonly lineStarts: readonly number[] }, instruction: Instruction, escapeChar: string): number[] {
  const { text, lineStarts } = model;
  const { start, end } = instruction.getRange();
  const empty: number[] = [];
  let continued = false;
  for (let line = start.line; line <= end.line; line++) {
    // Read in place rather than trimming a copy of every line: most instructions span several.
    let first = lineStarts[line];
    let last = (lineStarts[line + 1] ?? text.length) - 1;
    while (first <= last && WHITE_SPACE.test(text[first])) first++;
    while (last >= first && WHITE_SPACE.test(text[last])) last--;
    if (line > start.line && first > last) {
      if (continued) empty.push(line);
      continue;
    }
    // Comment lines between continued lines are dropped and keep the instruction going.
    if (line > start.line && text[first] === '#') continue;
    continued = first <= last && text[last] === escapeChar;
    // After a line that does not continue, the rest is a heredoc's body.
    if (!continued) break;
  }
  return empty;
}

export const noEmptyContinuation: Rule = {
  code: 'NoEmptyContinuation',
  defaultSeverity: 'warning',
  summary: 'An empty line inside a continued instruction; BuildKit will make it an error.',
  buildkit: true,
  check(model) {
    const findings: Finding[] = [];
    const escapeChar = model.stageModel.escapeCharacter;
    // Split once, and only for a file that has an empty continuation line.
    let lines: string[] | undefined;
    for (const instruction of model.dockerfile.getInstructions()) {
      const range = instruction.getRange();
      if (range.start.line === range.end.line) continue;
      const empty = emptyContinuationLines(model, instruction, escapeChar);
      if (empty.length === 0) continue;
      lines ??= model.text.split(/\r\n|\r|\n/);
      const textLines = lines;
      const edits = empty.map((line) => ({ range: emptyLineRange(textLines, line), newText: '' }));
      findings.push({
        code: this.code,
        message: 'Empty continuation line',
        range: { start: { line: range.end.line, character: 0 }, end: range.end },
        fixes: [{ title: empty.length === 1 ? 'Remove the empty line' : 'Remove the empty lines', edits, isPreferred: true }],
      });
    }
    return findings;
  },
};

/**
 * `key=value` for a legacy `key value`, the value as written: a value with blanks is quoted, and
 * none is offered where it already holds quotes or escapes that quoting would change.
 */
function keyValueText(name: string, raw: string): string | undefined {
  if (!/\s/.test(raw)) return raw === '' ? undefined : `${name}=${raw}`;
  return /["'\\`$]/.test(raw) ? undefined : `${name}="${raw}"`;
}

export const legacyKeyValueFormat: Rule = {
  code: 'LegacyKeyValueFormat',
  defaultSeverity: 'warning',
  summary: 'ENV or LABEL in the legacy `key value` form instead of `key=value`.',
  buildkit: true,
  check(model) {
    const findings: Finding[] = [];
    for (const instruction of model.dockerfile.getInstructions()) {
      // dockerfile-ast makes an Env for every ENV and a Label for every LABEL: the class tells without reading the keyword.
      if (!(instruction instanceof Env) && !(instruction instanceof Label)) continue;
      const legacy = propertiesOf(instruction, model.instructionReads).find((property) => property.getAssignmentOperator() === null && property.getValue() !== null);
      if (!legacy) continue;
      const keyword = keywordOf(instruction);
      const valueRange = legacy.getValueRange();
      const replacement = valueRange ? keyValueText(legacy.getName(), textOfRange(model, valueRange)) : undefined;
      const fixes: QuickFix[] =
        replacement && valueRange && valueRange.start.line === valueRange.end.line
          ? [{ title: `Write ${keyword} ${replacement}`, edits: [{ range: { start: legacy.getNameRange().start, end: valueRange.end }, newText: replacement }], isPreferred: true }]
          : [];
      findings.push({
        code: this.code,
        message: `"${keyword} key=value" should be used instead of legacy "${keyword} key value" format`,
        range: instruction.getRange(),
        fixes,
      });
    }
    return findings;
  },
};

/** CMD, ENTRYPOINT and HEALTHCHECK, by the class dockerfile-ast makes for each. */
function isSingleUse(instruction: Instruction): boolean {
  return instruction instanceof Cmd || instruction instanceof Entrypoint || instruction instanceof Healthcheck;
}

/** Every CMD, ENTRYPOINT or HEALTHCHECK of a stage but the last of its kind, which alone takes effect. */
export const multipleInstructionsDisallowed: Rule = {
  code: 'MultipleInstructionsDisallowed',
  defaultSeverity: 'warning',
  summary: 'A stage has more than one CMD, ENTRYPOINT or HEALTHCHECK; only the last one is used.',
  buildkit: true,
  check(model) {
    const findings: Finding[] = [];
    for (const stage of model.stageModel.stages) {
      const seen = new Map<string, Instruction>();
      for (const instruction of stage.instructions) {
        if (!isSingleUse(instruction)) continue;
        const keyword = keywordOf(instruction);
        const earlier = seen.get(keyword);
        if (earlier) {
          findings.push({
            code: this.code,
            message: `Multiple ${keyword} instructions should not be used in the same stage because only the last one will be used`,
            range: earlier.getRange(),
            unnecessary: true,
          });
        }
        seen.set(keyword, instruction);
      }
    }
    return findings;
  },
};

/** BuildKit lowercases stage names, so `Build` and `build` are the same name; it reports each redefinition. */
export const duplicateStageName: Rule = {
  code: 'DuplicateStageName',
  defaultSeverity: 'error',
  summary: 'Two stages have the same name; references reach only one of them.',
  buildkit: true,
  check(model) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const stage of model.stageModel.stages) {
      if (!stage.name) continue;
      const name = stage.name.toLowerCase();
      const range: Range = stage.nameRange ?? stage.from.getRange();
      if (seen.has(name)) findings.push({ code: this.code, message: `Duplicate stage name ${JSON.stringify(name)}, stage names should be unique`, range });
      seen.add(name);
    }
    return findings;
  },
};

/** The range that removes an empty line with its line break: the one after it, or the one before it on the document's last line. */
function emptyLineRange(lines: readonly string[], line: number): Range {
  if (line + 1 < lines.length) return { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
  return { start: { line: line - 1, character: lines[line - 1].length }, end: { line, character: lines[line].length } };
}
