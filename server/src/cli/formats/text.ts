import type { RuleSeverity } from '../../analysis/rules/rule';
import { visibleText } from '../../protocol/visibleText';
import { allFindings, type LintReport } from '../report';

const ansi = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', green: '\u001b[32m', yellow: '\u001b[33m', blue: '\u001b[34m', gray: '\u001b[90m' };

const severityColours: Readonly<Record<RuleSeverity, string>> = { error: ansi.red, warning: ansi.yellow, information: ansi.blue, hint: ansi.gray };

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * What people expect of a linter: one `path:line:col: severity Code message` line per finding,
 * which editors and CI logs turn into links, then a summary line. Colour only when asked for, and
 * only ours: control characters from a file or its name are shown, never sent to the terminal.
 */
export function formatText(report: LintReport, colour: boolean): string {
  const paint = (code: string, text: string): string => (colour ? `${code}${text}${ansi.reset}` : text);
  const findings = allFindings(report);
  const lines = findings.map(
    (finding) =>
      `${visibleText(finding.file)}:${finding.line}:${finding.column}: ${paint(severityColours[finding.severity], finding.severity)} ${paint(ansi.dim, finding.code)} ${visibleText(finding.message.replace(/\r?\n|\r/g, ' '))}`,
  );

  const fileCount = report.inputs.length;
  const unread = report.failures.length > 0 ? ` (${plural(report.failures.length, 'path')} could not be read)` : '';
  if (findings.length === 0 && fileCount === 0) {
    lines.push(paint(ansi.red, `Nothing was linted: ${plural(report.failures.length, 'path')} could not be read.`));
  } else if (findings.length === 0) {
    lines.push(paint(report.failures.length > 0 ? ansi.red : ansi.green, `No problems in ${plural(fileCount, 'file')}${unread}.`));
  } else {
    const counts = (['error', 'warning', 'information', 'hint'] as const)
      .map((severity) => ({ severity, count: findings.filter((finding) => finding.severity === severity).length }))
      .filter(({ count }) => count > 0)
      .map(({ severity, count }) => (severity === 'information' ? `${count} information` : plural(count, severity)));
    const withFindings = report.inputs.filter((input) => input.findings.length > 0).length;
    const summary = `${plural(findings.length, 'problem')} (${counts.join(', ')}) in ${withFindings} of ${plural(fileCount, 'file')}${unread}.`;
    const hasErrors = findings.some((finding) => finding.severity === 'error');
    lines.push('', paint(ansi.bold + (hasErrors ? ansi.red : ansi.yellow), summary));
  }
  return `${lines.join('\n')}\n`;
}
