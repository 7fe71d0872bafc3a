import flagData from '../data/flags.json';

/** One flag's documentation in data/flags.json (docs/hover.md describes the file). */
export interface FlagDoc {
  readonly syntax: string;
  /** The Dockerfile syntax version that introduced it. */
  readonly since?: string;
  /** Section of the Dockerfile reference. */
  readonly anchor: string;
  readonly summary: string;
  readonly details?: readonly string[];
  /** Meanings of the values the flag takes, where it takes a fixed set. */
  readonly values?: Readonly<Record<string, string>>;
}

export interface MountTypeDoc {
  readonly anchor: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, string>>;
}

export interface HeredocDocs {
  readonly anchor: string;
  readonly since: string;
  readonly RUN: { readonly script: string; readonly stdin: string };
  readonly COPY: string;
  readonly ADD: string;
  readonly stripTabs: string;
  readonly quoted: string;
  readonly expandedByShell: string;
  readonly expandedByBuilder: string;
}

export interface FlagDocs {
  readonly source: string;
  readonly sourceFile: string;
  readonly asOf: string;
  /** Instruction keyword -> flag name (without `--`) -> documentation. */
  readonly instructions: Readonly<Record<string, Readonly<Record<string, FlagDoc>>>>;
  readonly mountTypes: Readonly<Record<string, MountTypeDoc>>;
  /** Other spellings BuildKit accepts for a mount option (`dst` is `target`). */
  readonly mountOptionAliases: Readonly<Record<string, string>>;
  readonly mountOptionSource: string;
  readonly heredoc: HeredocDocs;
}

export const flagDocs = flagData as FlagDocs;

/** A link to a section of the Dockerfile reference. */
export function referenceUrl(anchor: string): string {
  return `${flagDocs.source}#${anchor}`;
}

/** `{name}` placeholders in a documentation string. */
export function fillIn(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
