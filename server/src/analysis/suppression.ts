import type { DocumentModel } from './documentModel';

/**
 * hadolint codes and the rules of ours that report the same problem, so that a file's existing
 * `# hadolint ignore=DL3006` (or a `.hadolint.yaml` `ignored:` list) silences ours too. Only
 * equivalences are listed: a DL code with no rule of ours that means the same is absent.
 * Source: https://github.com/hadolint/hadolint#rules (hadolint 2.12).
 */
export const hadolintEquivalents: Readonly<Record<string, readonly string[]>> = {
  // Last USER should not be root.
  DL3002: ['RootUserInFinalStage'],
  // Always tag the version of an image explicitly.
  DL3006: ['UnpinnedBaseImage'],
  // Using latest is prone to errors if the image will ever update.
  DL3007: ['UnpinnedBaseImage'],
  // Delete the apt-get lists after installing something.
  DL3009: ['PackageCacheInFinalStage'],
  // Use the --no-cache switch (apk add).
  DL3019: ['PackageCacheInFinalStage'],
  // COPY --from should reference a previously defined FROM alias (hadolint also flags indexes past the last stage).
  DL3022: ['UndefinedStage', 'StageUsedBeforeDefinition', 'StageIndexOutOfRange'],
  // COPY --from cannot reference its own FROM alias.
  DL3023: ['SelfReferencingStage'],
  // Use arguments JSON notation for CMD and ENTRYPOINT arguments.
  DL3025: ['JSONArgsRecommended'],
  // `yum clean all` missing after yum command.
  DL3032: ['PackageCacheInFinalStage'],
  // `dnf clean all` missing after dnf command.
  DL3040: ['PackageCacheInFinalStage'],
  // Avoid cache directory with pip install --no-cache-dir.
  DL3042: ['PackageCacheInFinalStage'],
};

/** What the file itself says to skip, read once per document version. */
export interface Suppressions {
  /** Codes silenced for the whole file (hadolint global ignore, `# check=skip=`), ours and DL codes. */
  readonly global: ReadonlySet<string>;
  /** `# check=skip=all`: every rule that is also a BuildKit check. */
  readonly skipAllBuildKitChecks: boolean;
  /** `# check=error=true`: BuildKit fails the build on its checks, so they count as errors. */
  readonly buildKitChecksAreErrors: boolean;
  /** Zero-based line of an instruction's first line -> codes silenced on that instruction. */
  readonly byInstructionLine: ReadonlyMap<number, ReadonlySet<string>>;
  /** Zero-based line -> first line of the instruction covering it. */
  readonly instructionStartOf: (line: number) => number | undefined;
}

const ownPragma = /^dockerfile-stages\s+ignore\s*=(.*)/i;
const hadolintPragma = /^hadolint\s+ignore\s*=(.*)/i;
const hadolintGlobalPragma = /^hadolint\s+global\s+ignore\s*=(.*)/i;

function codeList(text: string): string[] {
  // A trailing comment or explanation may follow the list after whitespace.
  const list = text.trim().split(/\s+/)[0] ?? '';
  return list
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
}

/** The value of BuildKit's `# check=` directive: `skip=A,B;error=true`. */
function parseCheckDirective(value: string): { skip: string[]; error: boolean } {
  let skip: string[] = [];
  let error = false;
  for (const part of value.split(';')) {
    const [key, ...rest] = part.split('=');
    const setting = rest.join('=').trim();
    if (key.trim().toLowerCase() === 'skip') skip = setting.split(',').map((code) => code.trim()).filter((code) => code !== '');
    if (key.trim().toLowerCase() === 'error') error = setting.toLowerCase() === 'true';
  }
  return { skip, error };
}

function lineText(model: DocumentModel, line: number): string {
  const start = model.lineStarts[line] ?? model.text.length;
  const end = model.lineStarts[line + 1] ?? model.text.length;
  return model.text.slice(start, end).replace(/\r?\n$|\r$/, '');
}

/** A tool's name on the line the search starts on (it cannot pass a line break). */
const TOOL_ON_LINE = /[^\r\n]*?(?:hadolint|dockerfile-stages)/iy;

/** Whether a line names a tool, as every pragma does; read in place, without copying the line. */
function mayHoldPragma(model: DocumentModel, line: number): boolean {
  TOOL_ON_LINE.lastIndex = model.lineStarts[line] ?? model.text.length;
  return TOOL_ON_LINE.test(model.text);
}

const cache = new WeakMap<DocumentModel, Suppressions>();

/**
 * Pragmas apply to the instruction right below the comment block that holds them (blank lines
 * end a block), whatever other comments share the block. A pragma written between the
 * continuation lines of an instruction is part of that instruction's text and applies to
 * nothing, as in hadolint.
 */
export function readSuppressions(model: DocumentModel): Suppressions {
  const cached = cache.get(model);
  if (cached) return cached;
  const dockerfile = model.dockerfile;
  const global = new Set<string>();
  let skipAllBuildKitChecks = false;
  let buildKitChecksAreErrors = false;
  // dockerfile-ast reads any `# word ... =value` line at the top as a directive, pragmas
  // included; BuildKit's directives are `# key=value` with a one-word key.
  const directiveLines = new Map<number, string>();
  for (const directive of dockerfile.getDirectives()) {
    const line = directive.getRange().start.line;
    const raw = lineText(model, line).replace(/^\s*#/, '').trim();
    directiveLines.set(line, raw);
    const check = /^check\s*=(.*)/i.exec(raw);
    if (!check) continue;
    const { skip, error } = parseCheckDirective(check[1].trimStart());
    for (const code of skip) {
      if (code.toLowerCase() === 'all') skipAllBuildKitChecks = true;
      else global.add(code);
    }
    buildKitChecksAreErrors ||= error;
  }

  const instructions = dockerfile.getInstructions();
  const starts: number[] = [];
  const ends: number[] = [];
  for (const instruction of instructions) {
    const range = instruction.getRange();
    starts.push(range.start.line);
    ends.push(range.end.line);
  }
  const instructionStartOf = (line: number): number | undefined => {
    let low = 0;
    let high = starts.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (starts[middle] > line) high = middle - 1;
      else if (ends[middle] < line) low = middle + 1;
      else return starts[middle];
    }
    return undefined;
  };
  const commentLines = new Map<number, string>(directiveLines);
  for (const comment of dockerfile.getComments()) {
    const line = comment.getRange().start.line;
    if (instructionStartOf(line) !== undefined) continue;
    // Every comment line joins a block; only one that names a tool can hold a pragma, and
    // reading a comment's content through dockerfile-ast is not free.
    commentLines.set(line, mayHoldPragma(model, line) ? comment.getContent() : '');
  }

  const byInstructionLine = new Map<number, Set<string>>();
  for (const [line, content] of commentLines) {
    const globalMatch = hadolintGlobalPragma.exec(content);
    if (globalMatch) {
      for (const code of codeList(globalMatch[1])) global.add(code);
      continue;
    }
    const match = ownPragma.exec(content) ?? hadolintPragma.exec(content);
    if (!match) continue;
    let below = line + 1;
    while (commentLines.has(below)) below++;
    if (instructionStartOf(below) !== below) continue;
    const codes = byInstructionLine.get(below) ?? new Set<string>();
    for (const code of codeList(match[1])) codes.add(code);
    byInstructionLine.set(below, codes);
  }

  const suppressions: Suppressions = { global, skipAllBuildKitChecks, buildKitChecksAreErrors, byInstructionLine, instructionStartOf };
  cache.set(model, suppressions);
  return suppressions;
}

/** Whether a list of codes (ours or hadolint's) names a rule. */
export function namesRule(codes: Iterable<string>, ruleCode: string): boolean {
  const wanted = ruleCode.toLowerCase();
  for (const code of codes) {
    if (code.toLowerCase() === wanted) return true;
    if (hadolintEquivalents[code.toUpperCase()]?.includes(ruleCode)) return true;
  }
  return false;
}
