import { derivedKey, type DocumentModel } from './documentModel';

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
  // FROM aliases (stage names) must be unique.
  DL3024: ['DuplicateStageName'],
  // Use arguments JSON notation for CMD and ENTRYPOINT arguments.
  DL3025: ['JSONArgsRecommended'],
  // `yum clean all` missing after yum command.
  DL3032: ['PackageCacheInFinalStage'],
  // `dnf clean all` missing after dnf command.
  DL3040: ['PackageCacheInFinalStage'],
  // Avoid cache directory with pip install --no-cache-dir.
  DL3042: ['PackageCacheInFinalStage'],
  // MAINTAINER is deprecated.
  DL4000: ['MaintainerDeprecated'],
  // Multiple CMD instructions found.
  DL4003: ['MultipleInstructionsDisallowed'],
  // Multiple ENTRYPOINT instructions found.
  DL4004: ['MultipleInstructionsDisallowed'],
};

/** What the file itself says to skip, read once per document version. */
export interface Suppressions {
  /** Codes silenced for the whole file (hadolint global ignore, `# check=skip=`), ours and DL codes. */
  readonly global: ReadonlySet<string>;
  /** `# check=skip=all`: every rule that is also a BuildKit check. */
  readonly skipAllBuildKitChecks: boolean;
  /** `# check=error=true`: BuildKit fails the build on its checks, so they count as errors. */
  readonly buildKitChecksAreErrors: boolean;
  /** `# check=experimental=A,B` (or `all`): the experimental BuildKit checks turned on. */
  readonly experimentalChecks: ReadonlySet<string> | 'all';
  /** N of a `# syntax=docker/dockerfile:1.N` pin; undefined for the newest frontend. */
  readonly frontendMinorVersion: number | undefined;
  /** Zero-based line of an instruction's first line -> codes silenced on that instruction. */
  readonly byInstructionLine: ReadonlyMap<number, ReadonlySet<string>>;
  /** Zero-based line of an instruction's first line -> BuildKit checks a `# check=skip=` comment above it skips (`all` for every one). */
  readonly checkSkipsByInstructionLine: ReadonlyMap<number, ReadonlySet<string>>;
  /** Zero-based line -> first line of the instruction covering it. */
  readonly instructionStartOf: (line: number) => number | undefined;
}

const ownPragma = /^dockerfile-stages\s+ignore\s*=(.*)/i;
const hadolintPragma = /^hadolint\s+ignore\s*=(.*)/i;
const hadolintGlobalPragma = /^hadolint\s+global\s+ignore\s*=(.*)/i;
const checkComment = /^check\s*=(.*)/i;

/**
 * A pragma's list of codes: `A,B`, with blanks allowed around the commas, then optionally a
 * blank and an explanation or a `# comment`.
 */
function codeList(text: string): string[] {
  const list = /^\s*([^\s,]+(?:\s*,\s*[^\s,]+)*)/.exec(text)?.[1] ?? '';
  return list
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
}

/** hadolint reads rule names made of the characters of DL and SC codes; any other name makes the whole pragma invalid. */
const HADOLINT_CODE = /^[DLSC0-9]+$/;

/** A hadolint pragma's codes, or none when one of them is not a code hadolint can read. */
function hadolintCodeList(text: string): string[] {
  const codes = codeList(text);
  return codes.every((code) => HADOLINT_CODE.test(code)) ? codes : [];
}

interface CheckOptions {
  skip: string[];
  skipAll: boolean;
  error: boolean;
  experimental: string[] | 'all';
}

/** BuildKit's `# check=` value, `skip=A,B;experimental=C;error=true`, read as its linter.ParseLintOptions does. */
function parseCheckDirective(value: string): CheckOptions {
  const options: CheckOptions = { skip: [], skipAll: false, error: false, experimental: [] };
  const list = (setting: string) => setting.split(',').map((code) => code.trim()).filter((code) => code !== '');
  for (const part of value.split(';')) {
    const equals = part.indexOf('=');
    if (equals === -1) continue;
    const key = part.slice(0, equals).trim();
    const setting = part.slice(equals + 1).trim();
    if (key === 'skip' && setting === 'all') options.skipAll = true;
    else if (key === 'skip') options.skip = list(setting);
    else if (key === 'experimental') options.experimental = setting === 'all' ? 'all' : list(setting);
    else if (key === 'error') options.error = /^(?:1|t|true)$/i.test(setting);
  }
  return options;
}

/** N of `docker/dockerfile:1.N` (any patch, `-labs`, registry prefix or digest), or undefined. */
export function pinnedFrontendMinor(syntax: string): number | undefined {
  const match = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?:1\.(\d+)(?:[.-][^@]*)?(?:@.*)?$/.exec(syntax.trim());
  return match ? Number(match[1]) : undefined;
}

function lineText(model: DocumentModel, line: number): string {
  const start = model.lineStarts[line] ?? model.text.length;
  const end = model.lineStarts[line + 1] ?? model.text.length;
  return model.text.slice(start, end).replace(/\r?\n$|\r$/, '');
}

/** A tool's name on the line the search starts on (it cannot pass a line break). */
const TOOL_ON_LINE = /[^\r\n]*?(?:hadolint|dockerfile-stages|check\s*=)/iy;

/** Whether a line names a tool, as every pragma does; read in place, without copying the line. */
function mayHoldPragma(model: DocumentModel, line: number): boolean {
  TOOL_ON_LINE.lastIndex = model.lineStarts[line] ?? model.text.length;
  return TOOL_ON_LINE.test(model.text);
}

const suppressionsKey = derivedKey<Suppressions>('suppressions');

interface FileDirectives {
  readonly global: Set<string>;
  readonly check: CheckOptions;
  readonly frontendMinorVersion: number | undefined;
  /** Zero-based line -> the directive's text after `#`. */
  readonly lines: Map<number, string>;
}

/**
 * The parser directives at the top of the file. dockerfile-ast reads any `# word ... =value` line
 * there as a directive, pragmas included; BuildKit's directives are `# key=value` with a one-word key.
 */
function readDirectives(model: DocumentModel): FileDirectives {
  const global = new Set<string>();
  const check: CheckOptions = { skip: [], skipAll: false, error: false, experimental: [] };
  let frontendMinorVersion: number | undefined;
  const lines = new Map<number, string>();
  for (const directive of model.dockerfile.getDirectives()) {
    const line = directive.getRange().start.line;
    const raw = lineText(model, line).replace(/^\s*#/, '').trim();
    lines.set(line, raw);
    if (directive.getName().toLowerCase() === 'syntax') frontendMinorVersion = pinnedFrontendMinor(directive.getValue());
    const match = checkComment.exec(raw);
    if (!match) continue;
    const options = parseCheckDirective(match[1].trimStart());
    for (const code of options.skip) global.add(code);
    check.skipAll ||= options.skipAll;
    check.error ||= options.error;
    check.experimental = options.experimental === 'all' || check.experimental === 'all' ? 'all' : [...check.experimental, ...options.experimental];
  }
  return { global, check, frontendMinorVersion, lines };
}

/** A binary search over the instructions' line spans: the first line of the instruction covering a line. */
function instructionLocator(model: DocumentModel): (line: number) => number | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const instruction of model.dockerfile.getInstructions()) {
    const range = instruction.getRange();
    starts.push(range.start.line);
    ends.push(range.end.line);
  }
  return (line: number): number | undefined => {
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
}

/** Adds codes to the set a map keeps for a line. */
function addCodes(map: Map<number, Set<string>>, line: number, codes: readonly string[]): void {
  const set = map.get(line) ?? new Set<string>();
  for (const code of codes) set.add(code);
  map.set(line, set);
}

/**
 * Pragmas apply to the instruction right below the comment block that holds them (blank lines
 * end a block), whatever other comments share the block. A pragma written between the
 * continuation lines of an instruction is part of that instruction's text and applies to
 * nothing, as in hadolint. A `# check=skip=` comment in such a block (not a parser directive)
 * skips BuildKit checks on that instruction only, as BuildKit's current frontend does.
 */
export function readSuppressions(model: DocumentModel): Suppressions {
  return model.derive(suppressionsKey, () => findSuppressions(model));
}

function findSuppressions(model: DocumentModel): Suppressions {
  const directives = readDirectives(model);
  const global = directives.global;
  const instructionStartOf = instructionLocator(model);
  const commentLines = new Map<number, string>(directives.lines);
  for (const comment of model.dockerfile.getComments()) {
    const line = comment.getRange().start.line;
    if (instructionStartOf(line) !== undefined) continue;
    // Every comment line joins a block; only one that names a tool can hold a pragma, and
    // reading a comment's content through dockerfile-ast is not free.
    commentLines.set(line, mayHoldPragma(model, line) ? comment.getContent() : '');
  }

  const byInstructionLine = new Map<number, Set<string>>();
  const checkSkipsByInstructionLine = new Map<number, Set<string>>();
  for (const [line, content] of commentLines) {
    const globalMatch = hadolintGlobalPragma.exec(content);
    if (globalMatch) {
      for (const code of hadolintCodeList(globalMatch[1])) global.add(code);
      continue;
    }
    const own = ownPragma.exec(content);
    const hadolint = own ? undefined : hadolintPragma.exec(content);
    const check = own || hadolint || directives.lines.has(line) ? undefined : checkComment.exec(content);
    if (!own && !hadolint && !check) continue;
    let below = line + 1;
    while (commentLines.has(below)) below++;
    if (instructionStartOf(below) !== below) continue;
    if (own) addCodes(byInstructionLine, below, codeList(own[1]));
    if (hadolint) addCodes(byInstructionLine, below, hadolintCodeList(hadolint[1]));
    if (check) {
      const options = parseCheckDirective(check[1].trimStart());
      addCodes(checkSkipsByInstructionLine, below, options.skipAll ? ['all'] : options.skip);
    }
  }

  const suppressions: Suppressions = {
    global,
    skipAllBuildKitChecks: directives.check.skipAll,
    buildKitChecksAreErrors: directives.check.error,
    experimentalChecks: directives.check.experimental === 'all' ? 'all' : new Set(directives.check.experimental),
    frontendMinorVersion: directives.frontendMinorVersion,
    byInstructionLine,
    checkSkipsByInstructionLine,
    instructionStartOf,
  };
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
