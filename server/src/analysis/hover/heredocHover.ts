import type { Heredoc, Instruction } from 'dockerfile-ast';
import type { Position, Range } from 'vscode-languageserver-types';
import type { DocumentModel } from '../documentModel';
import { fillIn, flagDocs, referenceUrl } from './flagDocs';
import type { HoverPiece } from './flagHover';
import { contains } from './hoverIndex';
import { blocks, code, lineLink, list, webLink } from './markdown';
import { keywordOf } from '../instructionFacts';

/** The instructions BuildKit reads heredocs in. */
const heredocKeywords = new Set(['RUN', 'COPY', 'ADD']);

function textOf(model: DocumentModel, range: Range): string {
  const offset = (position: Position) => (model.lineStarts[position.line] ?? model.text.length) + position.character;
  return model.text.slice(offset(range.start), offset(range.end));
}

function heredocsOf(model: DocumentModel, instruction: Instruction): readonly Heredoc[] {
  if (!heredocKeywords.has(keywordOf(instruction)) || !textOf(model, instruction.getRange()).includes('<<')) return [];
  // dockerfile-ast reads heredocs for every instruction but only declares the accessor on RUN and COPY.
  return (instruction as unknown as { getHeredocs(): Heredoc[] }).getHeredocs();
}

/** What a heredoc does, on its opening `<<NAME` or its closing delimiter line. */
export function heredocHover(model: DocumentModel, instruction: Instruction, position: Position): HoverPiece | undefined {
  for (const heredoc of heredocsOf(model, instruction)) {
    const start = heredoc.getStartRange();
    const delimiter = heredoc.getDelimiterRange();
    const onStart = contains(start, position);
    if (!onStart && !(delimiter && contains(delimiter, position))) continue;
    return { markdown: heredocMarkdown(model, instruction, heredoc), range: onStart ? start : (delimiter as Range) };
  }
  return undefined;
}

function heredocMarkdown(model: DocumentModel, instruction: Instruction, heredoc: Heredoc): string {
  const docs = flagDocs.heredoc;
  const keyword = keywordOf(instruction);
  const name = heredoc.getName();
  const opener = textOf(model, heredoc.getStartRange());
  const stripsTabs = opener.startsWith('<<-');
  const quoted = /["']/.test(opener);
  const values = { name };

  let purpose: string;
  if (keyword === 'RUN') purpose = fillIn(runsAsScript(instruction, heredoc) ? docs.RUN.script : docs.RUN.stdin, values);
  else purpose = fillIn(keyword === 'COPY' ? docs.COPY : docs.ADD, values);

  const rules: string[] = [];
  if (stripsTabs) rules.push(fillIn(docs.stripTabs, values));
  if (quoted) rules.push(docs.quoted);
  else rules.push(fillIn(keyword === 'RUN' ? docs.expandedByShell : docs.expandedByBuilder, values));

  const delimiter = heredoc.getDelimiterRange();
  const extent = delimiter
    ? `Opened on ${lineLink(model.uri, heredoc.getStartRange().start.line)}, closed by ${code(name)} on ${lineLink(model.uri, delimiter.start.line)}.`
    : `No line closes it with ${code(name)}.`;

  return blocks(
    `**Here-document** ${code(opener)} in ${keyword} · since Dockerfile ${docs.since}`,
    purpose,
    list(rules),
    extent,
    webLink('Dockerfile reference', referenceUrl(docs.anchor)),
  );
}

/** `RUN <<EOF` alone is a script for the shell; `RUN <<EOF python3` feeds the body to a command. */
function runsAsScript(instruction: Instruction, heredoc: Heredoc): boolean {
  const line = heredoc.getStartRange().start.line;
  return instruction
    .getArguments()
    .filter((argument) => argument.getRange().start.line === line)
    .every((argument) => argument.getValue().startsWith('<<'));
}
