import type { Run } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { lineEndOffset, LinePositions, offsetAt, positionAt } from './positions';
import type { DocumentModel } from './documentModel';
import { firstArgumentStart } from './instructionFacts';
import { splitCommands, wordLists } from './shellWords';

/** One simple command a RUN executes, after wrappers (`sudo`, `env`, `sh -c`) are looked through. */
export interface ShellCommand {
  /** The command and its arguments, unquoted; variables stay as text (`$HOME`). */
  readonly argv: readonly string[];
  /** Variables set for this command: prefix assignments, `env X=1`, and earlier `export`s in the same RUN. */
  readonly env: Readonly<Record<string, string>>;
  /** Where the command is written; a command inside a `sh -c` string or a JSON string gets the range of that whole string. */
  readonly range: Range;
  /** True when `range` covers more than this command's own words (a `sh -c` string, exec-form JSON), so edits cannot target it. */
  readonly nested: boolean;
}

export interface RunScript {
  readonly form: 'shell' | 'exec';
  readonly commands: readonly ShellCommand[];
  /**
   * False when part of the RUN is not POSIX shell (a `python3 <<EOF` heredoc, a PowerShell SHELL), so
   * the commands may be only part of what runs.
   */
  readonly complete: boolean;
}

/** Shells whose `-c` strings and heredoc scripts are parsed as POSIX shell. */
const POSIX_SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);
/** Words that open or continue a compound command and precede a simple command on the same line. */
const LEADING_RESERVED_WORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);
/** Compound command headers whose words are not a command to run. */
const NON_COMMAND_HEADERS = new Set(['for', 'case', 'select', 'function', 'fi', 'done', 'esac', '}', ';;']);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
const MAX_NESTING = 4;

/** The last path component of argv[0]: `/usr/bin/apt-get` is `apt-get`. */
export function commandName(command: ShellCommand): string {
  return basename(command.argv[0] ?? '');
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** Parses a shell script (a `sh -c` string or a heredoc body); ranges are positions within `script`. */
export function parseShellScript(script: string): ShellCommand[] {
  const positions = new LinePositions(script);
  const unit: ScriptUnit = { text: script, rangeOf: (start, end) => positions.range(start, end) };
  return new ScriptParser([]).parse(unit, {}, 0);
}

/**
 * The commands of a RUN instruction in shell, heredoc or exec (JSON) form. `shell` is the SHELL in
 * effect for the instruction, when one was set; a non-POSIX shell leaves the commands unknown.
 */
export function parseRun(model: DocumentModel, run: Run, shell?: readonly string[]): RunScript {
  // The rest comes from the text: the library recomputes arguments on every call.
  const escapeChar = model.dockerfile.getEscapeCharacter();
  const firstArgument = firstArgumentStart(run, model.instructionReads);
  if (firstArgument === undefined) return { form: 'shell', commands: [], complete: true };
  const start = offsetAt(model, firstArgument);
  const runEnd = offsetAt(model, run.getRange().end);
  const exec = execFormArguments(run, model.text.slice(start, runEnd).trim());
  if (exec) return parseExecForm(exec);
  if (shell && shell.length > 0 && !POSIX_SHELLS.has(basename(shell[0]))) {
    return { form: 'shell', commands: [], complete: false };
  }

  const heredocs = model.text.slice(start, runEnd).includes('<<') ? run.getHeredocs() : [];
  const end = heredocs.length > 0 ? lineEndOffset(model, heredocs[0].getStartRange().start.line) : runEnd;
  const logical = joinContinuationLines(model.text, start, end, escapeChar);
  const bodies: HeredocBody[] = heredocs.map((heredoc) => {
    const content = heredoc.getContentRange();
    const bodyStart = content ? offsetAt(model, content.start) : 0;
    const bodyEnd = content ? offsetAt(model, content.end) : 0;
    return {
      name: heredoc.getName(),
      unit: {
        text: model.text.slice(bodyStart, bodyEnd),
        rangeOf: (s, e) => documentRange(model, bodyStart + s, bodyStart + e),
      },
    };
  });
  const parser = new ScriptParser(bodies);
  const unit: ScriptUnit = {
    text: logical.text,
    rangeOf: (s, e) =>
      documentRange(model, logical.offsets[s] ?? end, e > s ? logical.offsets[e - 1] + 1 : (logical.offsets[s] ?? end)),
  };
  const commands = parser.parse(unit, {}, 0);
  return { form: 'shell', commands, complete: parser.complete };
}

interface ExecArgument {
  readonly value: string;
  readonly range: Range;
}

/** BuildKit treats the arguments as exec form only when they are a JSON array of strings. */
function execFormArguments(run: Run, raw: string): ExecArgument[] | undefined {
  if (!raw.startsWith('[') || !raw.endsWith(']')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === 'string')) return undefined;
  const strings = run.getJSONStrings();
  if (strings.length !== parsed.length) return undefined;
  // The library's string values keep escapes and drop spaces; JSON.parse gives what BuildKit runs.
  return parsed.map((value, index) => ({ value, range: strings[index].getRange() }));
}

function parseExecForm(args: ExecArgument[]): RunScript {
  if (args.length === 0) return { form: 'exec', commands: [], complete: true };
  const range = { start: args[0].range.start, end: args[args.length - 1].range.end };
  const parser = new ScriptParser([], true);
  const commands = parser.resolveCommand(args.map((arg) => arg.value), {}, range, 0, []);
  return { form: 'exec', commands, complete: parser.complete };
}

interface ScriptUnit {
  readonly text: string;
  /** Maps offsets in `text` to a range in the document. */
  rangeOf(start: number, end: number): Range;
}

interface HeredocBody {
  readonly name: string;
  readonly unit: ScriptUnit;
}

class ScriptParser {
  complete = true;
  private readonly unusedBodies: HeredocBody[];

  /** `nested`: the script is a string inside another command, so its commands share that string's range. */
  constructor(
    bodies: readonly HeredocBody[],
    private readonly nested = false,
  ) {
    this.unusedBodies = [...bodies];
  }

  parse(unit: ScriptUnit, inheritedEnv: Record<string, string>, depth: number): ShellCommand[] {
    const exported: Record<string, string> = { ...inheritedEnv };
    const commands: ShellCommand[] = [];
    for (const segment of splitCommands(unit.text)) {
      const range = unit.rangeOf(segment.start, segment.end);
      for (const list of wordLists(unit.text.slice(segment.start, segment.end))) {
        const resolved = this.resolveCommand(list.words, exported, range, depth, list.heredocs);
        for (const command of resolved) {
          if (command.argv[0] === 'export') {
            for (const word of command.argv.slice(1)) {
              const assignment = ASSIGNMENT.exec(word);
              if (assignment) exported[assignment[1]] = assignment[2];
            }
          }
        }
        commands.push(...resolved);
      }
    }
    return commands;
  }

  /** Turns one simple command's words into the commands that really run. */
  resolveCommand(
    words: readonly string[],
    inheritedEnv: Record<string, string>,
    range: Range,
    depth: number,
    heredocs: readonly string[],
  ): ShellCommand[] {
    let rest = [...words];
    while (rest.length > 0 && LEADING_RESERVED_WORDS.has(rest[0])) rest.shift();
    if (rest.length > 0 && NON_COMMAND_HEADERS.has(rest[0])) return [];

    const env: Record<string, string> = { ...inheritedEnv };
    rest = takeAssignments(rest, env);
    rest = unwrap(rest, env);

    const name = basename(rest[0] ?? '');
    if (rest.length === 0 || (POSIX_SHELLS.has(name) && !hasScriptArgument(rest))) {
      if (heredocs.length > 0) return this.parseHeredocScripts(heredocs, env, depth);
      return rest.length === 0 ? [] : [{ argv: rest, env, range, nested: this.nested }];
    }
    if (POSIX_SHELLS.has(name)) {
      const script = commandString(rest);
      if (script !== undefined && depth < MAX_NESTING) return this.parseNested(script, env, range, depth + 1);
    }
    if (heredocs.length > 0) {
      // The heredoc feeds a program that is not a shell (cat, python3, tee): its body is data to us.
      this.consumeBodies(heredocs);
      if (!isDataSink(name)) this.complete = false;
    }
    return [{ argv: rest, env, range, nested: this.nested }];
  }

  private parseNested(script: string, env: Record<string, string>, range: Range, depth: number): ShellCommand[] {
    return this.parseChild({ text: script, rangeOf: () => range }, env, depth, true);
  }

  private parseHeredocScripts(delimiters: readonly string[], env: Record<string, string>, depth: number): ShellCommand[] {
    const commands: ShellCommand[] = [];
    for (const body of this.consumeBodies(delimiters)) {
      const interpreter = shebangInterpreter(body.unit.text);
      if (interpreter !== undefined && !POSIX_SHELLS.has(interpreter)) {
        this.complete = false;
        continue;
      }
      commands.push(...this.parseChild(body.unit, env, depth + 1, this.nested));
    }
    return commands;
  }

  private parseChild(unit: ScriptUnit, env: Record<string, string>, depth: number, nested: boolean): ShellCommand[] {
    const child = new ScriptParser([], nested);
    const commands = child.parse(unit, env, depth);
    if (!child.complete) this.complete = false;
    return commands;
  }

  private consumeBodies(delimiters: readonly string[]): HeredocBody[] {
    const taken: HeredocBody[] = [];
    for (const delimiter of delimiters) {
      const index = this.unusedBodies.findIndex((body) => body.name === delimiter);
      if (index >= 0) taken.push(...this.unusedBodies.splice(index, 1));
    }
    return taken;
  }
}

/** Programs that only copy a heredoc somewhere, so nothing in it runs. */
function isDataSink(name: string): boolean {
  return name === 'cat' || name === 'tee' || name === 'dd';
}

function takeAssignments(words: string[], env: Record<string, string>): string[] {
  let index = 0;
  for (; index < words.length; index++) {
    const assignment = ASSIGNMENT.exec(words[index]);
    if (!assignment) break;
    env[assignment[1]] = assignment[2];
  }
  return words.slice(index);
}

/** Looks through commands that run another command: env, sudo, exec, command, nohup, nice, time. */
function unwrap(words: string[], env: Record<string, string>): string[] {
  let rest = words;
  for (let guard = 0; guard < 8 && rest.length > 0; guard++) {
    const name = basename(rest[0]);
    let next: string[] | undefined;
    if (name === 'env') {
      next = skipOptions(rest.slice(1), new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']));
      next = takeAssignments(next, env);
    } else if (name === 'sudo' || name === 'doas') {
      next = skipOptions(rest.slice(1), new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T']));
    } else if (name === 'exec') {
      next = skipOptions(rest.slice(1), new Set(['-a']));
    } else if (name === 'command' && rest[1] !== '-v' && rest[1] !== '-V') {
      next = skipOptions(rest.slice(1), new Set());
    } else if (name === 'nohup' || name === 'time') {
      next = skipOptions(rest.slice(1), new Set());
    } else if (name === 'nice') {
      next = skipOptions(rest.slice(1), new Set(['-n']));
    }
    if (!next) break;
    rest = next;
  }
  return rest;
}

/** Drops leading options; `withValue` lists the options that take the next word as their value. */
function skipOptions(words: string[], withValue: ReadonlySet<string>): string[] {
  let index = 0;
  while (index < words.length && words[index].startsWith('-')) {
    const option = words[index];
    index++;
    if (option === '--') break;
    if (withValue.has(option)) index++;
  }
  return words.slice(index);
}

/** `-c` or a cluster of short options holding it (`-ec`, `-xce`). */
function isCommandOption(word: string): boolean {
  return /^-[a-zA-Z]*$/.test(word) && word.includes('c');
}

/** True when a shell is given `-c` or a script file, so standard input is not its script. */
function hasScriptArgument(words: readonly string[]): boolean {
  for (let index = 1; index < words.length; index++) {
    const word = words[index];
    if (word === '-o' || word === '+o') {
      index++;
      continue;
    }
    if (isCommandOption(word)) return true;
    if (word === '-s') return false;
    if (!word.startsWith('-') && !word.startsWith('+')) return true;
  }
  return false;
}

/** The string a `sh -c STRING` runs, when the shell has a `-c` option. */
function commandString(words: readonly string[]): string | undefined {
  let sawC = false;
  for (let index = 1; index < words.length; index++) {
    const word = words[index];
    if (word === '-o' || word === '+o') {
      index++;
      continue;
    }
    if (isCommandOption(word)) {
      sawC = true;
      continue;
    }
    if (word.startsWith('-') || word.startsWith('+')) continue;
    return sawC ? word : undefined;
  }
  return undefined;
}

function shebangInterpreter(script: string): string | undefined {
  const firstLine = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(script);
  if (!firstLine) return undefined;
  const program = basename(firstLine[1]);
  return program === 'env' && firstLine[2] ? basename(firstLine[2]) : program;
}

/**
 * The instruction text with Dockerfile line continuations removed, and the document offset of each
 * character kept. Comment and blank lines inside a continued instruction are dropped, as Docker does.
 */
function joinContinuationLines(
  text: string,
  start: number,
  end: number,
  escapeChar: string,
): { text: string; offsets: number[] } {
  let out = '';
  const offsets: number[] = [];
  let index = start;
  while (index < end) {
    const char = text[index];
    if (char === escapeChar) {
      const afterEscape = continuationEnd(text, index + 1, end);
      if (afterEscape !== undefined) {
        index = skipCommentAndBlankLines(text, afterEscape, end);
        continue;
      }
      out += char;
      offsets.push(index);
      if (index + 1 < end) {
        out += text[index + 1];
        offsets.push(index + 1);
      }
      index += 2;
      continue;
    }
    out += char;
    offsets.push(index);
    index++;
  }
  return { text: out, offsets };
}

/** If only spaces and a line break follow, the offset after the line break. */
function continuationEnd(text: string, from: number, end: number): number | undefined {
  let index = from;
  while (index < end && (text[index] === ' ' || text[index] === '\t')) index++;
  if (text[index] === '\r' && text[index + 1] === '\n') return index + 2;
  if (text[index] === '\n' || text[index] === '\r') return index + 1;
  return index >= end ? end : undefined;
}

function skipCommentAndBlankLines(text: string, from: number, end: number): number {
  let index = from;
  while (index < end) {
    let probe = index;
    while (probe < end && (text[probe] === ' ' || text[probe] === '\t')) probe++;
    const isBlank = probe >= end || text[probe] === '\n' || text[probe] === '\r';
    if (!isBlank && text[probe] !== '#') return index;
    const lineEnd = text.indexOf('\n', probe);
    if (lineEnd < 0 || lineEnd >= end) return end;
    index = lineEnd + 1;
  }
  return index;
}

function documentRange(model: DocumentModel, start: number, end: number): Range {
  return { start: positionAt(model, start), end: positionAt(model, end) };
}

/** The conversion (analysis/convert/, changed elsewhere at the moment) still asks the shell reader for positions. */
export { positionAt } from './positions';
