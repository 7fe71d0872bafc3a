/**
 * A second reading of RUN scripts, by a real shell parser (mvdan/sh, the parser of shfmt, as
 * mvdan-sh), for the dev-only cross-check of our own reader (`server/src/analysis/shell.ts`).
 * It finds what the shell would run from the parser's syntax tree, independently of our reader:
 * the simple commands of every list, pipeline and compound command, the scripts of `sh -c` and
 * of heredocs fed to a shell, and the words of each command with the shell's quoting removed.
 */
import sh from 'mvdan-sh';

export interface ReferenceCommand {
  /** The command's words, quotes removed, variables and substitutions as written (`$HOME`, `${A:-b}`, `$(uname -m)`). */
  readonly words: readonly string[];
  /** Its prefix assignments (`A=1 make`), values as its words are. */
  readonly assigns: Readonly<Record<string, string>>;
}

/** Thrown when mvdan/sh rejects a script the Dockerfile's RUN holds. */
export class ReferenceParseError extends Error {}

const POSIX_SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);
/** Commands that run the command in their arguments; the words before a nested shell are one of these. */
export const WRAPPERS = new Set(['env', 'sudo', 'doas', 'exec', 'command', 'nohup', 'time', 'nice']);
const MAX_NESTING = 4;

const basename = (word: string) => word.slice(word.lastIndexOf('/') + 1);

/** The commands a POSIX shell would run for `script`, with nested shell scripts read too. */
export function referenceCommands(script: string, depth = 0): ReferenceCommand[] {
  const commands: ReferenceCommand[] = [];
  for (const statement of simpleStatements(script)) {
    commands.push(...resolveStatement(statement, depth));
  }
  return commands;
}

/** The commands of an exec-form RUN: its strings are one command, read as the shell would read `sh -c`. */
export function referenceExecCommands(argv: readonly string[]): ReferenceCommand[] {
  return resolveStatement({ words: argv, assigns: {}, heredocs: [] }, 0);
}

interface SimpleStatement extends ReferenceCommand {
  /** The bodies of the heredocs the statement reads. */
  readonly heredocs: readonly string[];
}

function resolveStatement(statement: SimpleStatement, depth: number): ReferenceCommand[] {
  const { words, heredocs } = statement;
  const shellAt = words.findIndex((word) => POSIX_SHELLS.has(basename(word)));
  const runsShell = shellAt === 0 || (shellAt > 0 && WRAPPERS.has(basename(words[0])));
  if (words.length === 0 || runsShell) {
    const script = runsShell ? scriptArgument(words.slice(shellAt + 1)) : undefined;
    if (script !== undefined && depth < MAX_NESTING) return referenceCommands(script, depth + 1);
    if (script === undefined && heredocs.length > 0) {
      return heredocs.filter((body) => !hasForeignShebang(body)).flatMap((body) => referenceCommands(body, depth + 1));
    }
    if (words.length === 0) return [];
  }
  return [{ words, assigns: statement.assigns }];
}

/** The script of `-c SCRIPT` among a shell's arguments (options may be clustered: `-ec`). */
function scriptArgument(args: readonly string[]): string | undefined {
  const optionC = args.findIndex((arg) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(arg));
  if (optionC < 0) return undefined;
  return args.slice(optionC + 1).find((arg) => !/^[-+]/.test(arg));
}

function hasForeignShebang(body: string): boolean {
  const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(body);
  if (!shebang) return false;
  const program = basename(shebang[1]);
  return !POSIX_SHELLS.has(program === 'env' && shebang[2] ? basename(shebang[2]) : program);
}

/** Every statement that runs a simple command, or only reads heredocs, in the order they appear. */
function simpleStatements(script: string): SimpleStatement[] {
  let file: sh.File;
  try {
    file = sh.syntax.NewParser().Parse(script, 'RUN');
  } catch (error) {
    // mvdan-sh throws Go errors: objects with an Error() method.
    const goError = error as { Error?: () => string };
    throw new ReferenceParseError(typeof goError.Error === 'function' ? goError.Error() : String(error));
  }
  const statements: SimpleStatement[] = [];
  sh.syntax.Walk(file, (node) => {
    if (node === null) return true;
    const type = sh.syntax.NodeType(node);
    // What a substitution runs is part of a word to our reader, never a command of the script.
    if (type === 'CmdSubst' || type === 'ProcSubst') return false;
    if (type !== 'Stmt') return true;
    const statement = node as sh.Stmt;
    const heredocs = statement.Redirs.flatMap((redirect) => (redirect?.Hdoc ? [heredocBody(script, redirect.Hdoc)] : []));
    const command = statement.Cmd as sh.Node | null;
    const commandType = command === null ? undefined : sh.syntax.NodeType(command);
    if (command === null) {
      if (heredocs.length > 0) statements.push({ words: [], assigns: {}, heredocs });
    } else if (commandType === 'CallExpr') {
      const call = command as sh.CallExpr;
      const assigns: Record<string, string> = {};
      for (const assign of call.Assigns) {
        if (assign?.Name) assigns[assign.Name.Value] = assign.Value ? wordText(script, assign.Value) : '';
      }
      statements.push({ words: call.Args.flatMap((word) => (word ? [wordText(script, word)] : [])), assigns, heredocs });
    } else if (commandType === 'DeclClause') {
      // export, declare, local, readonly: a command to our reader, with its assignments as words.
      const declaration = command as sh.DeclClause;
      const args = declaration.Args.flatMap((assign) => (assign ? [assignText(script, assign)] : []));
      statements.push({ words: [declaration.Variant?.Value ?? '', ...args], assigns: {}, heredocs });
    }
    return true;
  });
  return statements;
}

function assignText(script: string, assign: sh.Assign): string {
  const value = assign.Value ? wordText(script, assign.Value) : '';
  if (assign.Naked) return assign.Name?.Value ?? value;
  return `${assign.Name?.Value ?? ''}=${value}`;
}

/** A heredoc's body, without the line of its closing delimiter that the parser's node ends with. */
function heredocBody(script: string, body: sh.Word): string {
  const text = sourceOf(script, body);
  return text.slice(0, Math.max(text.lastIndexOf('\n'), 0));
}

function sourceOf(script: string, node: sh.Node): string {
  return script.slice(node.Pos().Offset(), node.End().Offset());
}

/** A word as the shell sees it before expansion: quotes and escapes removed, expansions kept as text. */
function wordText(script: string, word: sh.Word): string {
  return word.Parts.map((part) => partText(script, part, false)).join('');
}

function partText(script: string, part: sh.WordPart, quoted: boolean): string {
  switch (sh.syntax.NodeType(part)) {
    case 'Lit':
      return unescape((part as sh.Lit).Value, quoted);
    case 'SglQuoted':
      return (part as sh.SglQuoted).Value;
    case 'DblQuoted':
      return (part as sh.DblQuoted).Parts.map((inner) => partText(script, inner, true)).join('');
    case 'ParamExp':
      return parameterText(script, part as sh.ParamExp);
    default:
      return sourceOf(script, part);
  }
}

/** `$A` and `${A}` read as `$A`; an expansion with an operator as written. */
function parameterText(script: string, expansion: sh.ParamExp): string {
  const plain = !expansion.Excl && !expansion.Length && !expansion.Width && !expansion.Slice && !expansion.Repl && !expansion.Exp;
  const name = expansion.Param?.Value ?? '';
  return plain && /^\w+$/.test(name) ? `$${name}` : sourceOf(script, expansion);
}

/** Removes the backslashes the shell removes: before any character outside quotes, before `$`, `` ` ``, `"`, `\` inside double quotes. */
function unescape(literal: string, quoted: boolean): string {
  return literal.replace(/\\(\r?\n|.)/gs, (escaped: string, char: string) => {
    if (char === '\n' || char === '\r\n') return '';
    return !quoted || '$`"\\'.includes(char) ? char : escaped;
  });
}
