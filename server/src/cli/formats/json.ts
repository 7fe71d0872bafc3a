import { allFindings, type LintReport } from '../report';

/** One array of findings with exactly the contract's fields (docs/cli.md), in the order found. */
export function formatJson(report: LintReport): string {
  const findings = allFindings(report).map(({ file, line, column, endLine, endColumn, severity, code, message, source }) => ({
    file,
    line,
    column,
    endLine,
    endColumn,
    severity,
    code,
    message,
    source,
  }));
  return `${JSON.stringify(findings, null, 2)}\n`;
}
