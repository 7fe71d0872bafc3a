import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { TextEdit } from 'vscode-languageserver-types';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { defaultRuleContext, type Finding, type Rule } from '../../server/src/analysis/rules/rule';

export function modelOf(text: string): DocumentModel {
  return new DocumentModel('file:///t/Dockerfile', 1, text);
}

/** The findings of one rule on a Dockerfile. */
export function check(rule: Rule, text: string): Finding[] {
  return rule.check(modelOf(text), defaultRuleContext);
}

/** Applies edits the way an editor does: all positions refer to the original text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const model = modelOf(text);
  const offset = (line: number, character: number) => (model.lineStarts[line] ?? text.length) + character;
  const spans = edits
    .map((edit) => ({ start: offset(edit.range.start.line, edit.range.start.character), end: offset(edit.range.end.line, edit.range.end.character), newText: edit.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i].end <= spans[i - 1].start, 'quick fix edits overlap');
  let result = text;
  for (const span of spans) result = result.slice(0, span.start) + span.newText + result.slice(span.end);
  return result;
}

/** The text after applying one of a finding's quick fixes. */
export function applyFix(text: string, finding: Finding | undefined, index = 0): string {
  const fix = finding?.fixes?.[index];
  assert.ok(fix, 'expected a quick fix');
  return applyEdits(text, fix.edits);
}

/** The text a finding's range covers. */
export function rangeText(text: string, finding: Finding): string {
  const model = modelOf(text);
  const { start, end } = finding.range;
  return text.slice(model.lineStarts[start.line] + start.character, model.lineStarts[end.line] + end.character);
}

export function lines(...parts: string[]): string {
  return parts.join('\n') + '\n';
}

/**
 * Digests each case's answer and compares them with those recorded in `goldenFile`; with the
 * environment variable `updateVariable` set to 1 it records them first, for a change meant to
 * alter the answers.
 */
export function assertGoldenDigests(goldenFile: string, updateVariable: string, answers: ReadonlyMap<string, string>): void {
  const digests: Record<string, string> = {};
  for (const [name, answer] of answers) digests[name] = createHash('sha256').update(answer).digest('hex');
  if (process.env[updateVariable] === '1') writeFileSync(goldenFile, `${JSON.stringify(digests, null, 2)}\n`);
  const recorded = JSON.parse(readFileSync(goldenFile, 'utf8')) as Record<string, string>;
  assert.deepEqual(Object.keys(digests).sort(), Object.keys(recorded).sort(), 'the cases recorded');
  const changed = Object.keys(digests).filter((name) => digests[name] !== recorded[name]);
  assert.deepEqual(changed, [], 'cases whose answer changed');
}
