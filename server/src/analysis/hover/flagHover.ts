import type { Flag, Instruction } from 'dockerfile-ast';
import type { Position, Range } from 'vscode-languageserver-types';
import { flagsOf, type InstructionReads, keywordOf } from '../instructionFacts';
import { flagDocs, referenceUrl, type FlagDoc, type MountTypeDoc } from './flagDocs';
import { contains } from './hoverIndex';
import { blocks, code, list, webLink } from './markdown';

/** Hover text and the range it explains. */
export interface HoverPiece {
  readonly markdown: string;
  readonly range: Range;
}

/** The default mount type, when `type=` is not given. */
const defaultMountType = 'bind';

/** dockerfile-ast does not export its FlagOption class. */
type FlagOption = ReturnType<Flag['getOptions']>[number];

/**
 * Documentation of the flag (or, in `RUN --mount`, the mount type or option) under `position`,
 * for the flags the language library does not document. Undefined elsewhere, so the library's
 * hover answers.
 */
export function flagHover(instruction: Instruction, reads: InstructionReads, position: Position): HoverPiece | undefined {
  const keyword = keywordOf(instruction);
  const docs = flagDocs.instructions[keyword];
  if (!docs) return undefined;
  for (const flag of flagsOf(instruction, reads)) {
    const name = flag.getName();
    const doc = Object.hasOwn(docs, name) ? docs[name] : undefined;
    if (!doc) continue;
    const isMount = keyword === 'RUN' && name === 'mount';
    const nameSpan: Range = { start: flag.getRange().start, end: flag.getNameRange().end };
    if (contains(nameSpan, position)) {
      return { markdown: isMount ? mountMarkdown(flag, doc) : flagMarkdown(keyword, name, doc, flag.getValue()), range: nameSpan };
    }
    const valueRange = flag.getValueRange();
    if (valueRange && contains(valueRange, position)) {
      if (isMount) return mountValueHover(flag, doc, position) ?? { markdown: mountMarkdown(flag, doc), range: valueRange };
      return { markdown: flagMarkdown(keyword, name, doc, flag.getValue()), range: valueRange };
    }
  }
  return undefined;
}

function heading(keyword: string, name: string, doc: FlagDoc): string {
  const since = doc.since ? ` · since Dockerfile ${doc.since}` : '';
  return `**${keyword} --${name}**${since}`;
}

function syntaxBlock(syntax: string): string {
  return `\`\`\`dockerfile\n${syntax}\n\`\`\``;
}

function referenceLink(anchor: string): string {
  return webLink('Dockerfile reference', referenceUrl(anchor));
}

function flagMarkdown(keyword: string, name: string, doc: FlagDoc, value: string | null): string {
  const values = doc.values
    ? list(Object.entries(doc.values).map(([option, meaning]) => (option === value ? `**${code(option)} (this one)**: ${meaning}` : `${code(option)}: ${meaning}`)))
    : undefined;
  const unknownValue = doc.values && value !== null && value !== '' && !Object.hasOwn(doc.values, value) && !value.includes('$')
    ? `${code(value)} is not one of the values the reference documents.`
    : undefined;
  return blocks(heading(keyword, name, doc), syntaxBlock(doc.syntax), doc.summary, values, unknownValue, ...(doc.details ?? []), referenceLink(doc.anchor));
}

function optionKey(option: FlagOption): string {
  const key = option.getName().trim().toLowerCase();
  // An own-property check: an option named `__proto__` or `constructor` is text, not a lookup into Object.
  return Object.hasOwn(flagDocs.mountOptionAliases, key) ? flagDocs.mountOptionAliases[key] : key;
}

function mountTypeOf(flag: Flag): string {
  const type = flag.getOptions().find((option) => optionKey(option) === 'type')?.getValue();
  return type ? type.toLowerCase() : defaultMountType;
}

function aliasesOf(key: string): string[] {
  return Object.entries(flagDocs.mountOptionAliases)
    .filter(([, canonical]) => canonical === key)
    .map(([alias]) => alias);
}

function optionsList(typeDoc: MountTypeDoc): string | undefined {
  return list(
    Object.entries(typeDoc.options).map(([key, meaning]) => {
      const aliases = aliasesOf(key);
      return `${code(key)}${aliases.length > 0 ? ` (or ${aliases.map(code).join(', ')})` : ''}: ${meaning}`;
    }),
  );
}

function knownTypes(): string {
  return Object.keys(flagDocs.mountTypes).map(code).join(', ');
}

function mountTypeSection(type: string): string {
  const typeDoc = Object.hasOwn(flagDocs.mountTypes, type) ? flagDocs.mountTypes[type] : undefined;
  if (!typeDoc) return `${code(type)} is not a mount type the reference documents (${knownTypes()}).`;
  return blocks(`**${type} mount**${type === defaultMountType ? ' (the default type)' : ''}: ${typeDoc.summary}`, `Options:\n${optionsList(typeDoc)}`, referenceLink(typeDoc.anchor));
}

function mountMarkdown(flag: Flag, doc: FlagDoc): string {
  return blocks(heading('RUN', 'mount', doc), syntaxBlock(doc.syntax), doc.summary, ...(doc.details ?? []), mountTypeSection(mountTypeOf(flag)));
}

function mountValueHover(flag: Flag, doc: FlagDoc, position: Position): HoverPiece | undefined {
  for (const option of flag.getOptions()) {
    const span: Range = { start: option.getNameRange().start, end: (option.getValueRange() ?? option.getNameRange()).end };
    if (!contains(span, position)) continue;
    const key = optionKey(option);
    if (key === 'type') {
      return { markdown: blocks(heading('RUN', 'mount', doc), mountTypeSection((option.getValue() ?? '').toLowerCase())), range: span };
    }
    return { markdown: mountOptionMarkdown(mountTypeOf(flag), key, option.getName()), range: span };
  }
  return undefined;
}

function mountOptionMarkdown(type: string, key: string, written: string): string {
  const typeDoc = Object.hasOwn(flagDocs.mountTypes, type) ? flagDocs.mountTypes[type] : undefined;
  const title = `**${code(written)}**${written.toLowerCase() !== key ? ` (${code(key)})` : ''}, option of a ${code(type)} mount`;
  if (!typeDoc) return blocks(title, `${code(type)} is not a mount type the reference documents (${knownTypes()}).`);
  const meaning = Object.hasOwn(typeDoc.options, key) ? typeDoc.options[key] : undefined;
  if (!meaning) {
    return blocks(title, `${code(written)} is not among the options the reference documents for a ${code(type)} mount:`, optionsList(typeDoc), referenceLink(typeDoc.anchor));
  }
  return blocks(title, meaning.charAt(0).toUpperCase() + meaning.slice(1) + '.', referenceLink(typeDoc.anchor));
}
