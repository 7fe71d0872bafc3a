/**
 * Word expansion as BuildKit's Dockerfile frontend does it for FROM, `--from` and flag values
 * (`shell.Lex.ProcessWord`): `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`,
 * `${VAR+word}`, `${VAR:?msg}`, `${VAR?msg}`, single and double quotes removed, the escape
 * character taken literally before the next character. What BuildKit would only know at build
 * time (a `--build-arg`, the build platform) is an `unknown` binding, and any result that
 * depends on one is undefined.
 */

import { defaultPlatforms, platformArgValues } from './platforms';

/** What a name is bound to where the word is expanded. */
export type Binding =
  | { readonly kind: 'value'; readonly value: string }
  /** Declared, but the value comes from the build (`--build-arg`, the platform). */
  | { readonly kind: 'unknown' }
  /** Declared without a value: expands to nothing. */
  | { readonly kind: 'unset' };

/** Returns undefined for a name that is not declared at all. */
export type VariableLookup = (name: string) => Binding | undefined;

export interface Expansion {
  /** The expanded word, or undefined when it depends on an `unknown` binding. */
  readonly value: string | undefined;
  /** Names with an `unknown` binding that the result depends on. */
  readonly unknown: readonly string[];
  /** Names that are not declared but expand to nothing with no default word to stand in. */
  readonly missing: readonly string[];
  /** Every name referenced that is not declared, defaults or not (BuildKit's "unmatched"). */
  readonly undeclared: readonly string[];
  /** Every name referenced, in order of first use. */
  readonly referenced: readonly string[];
}

/** Where a variable name (`[A-Za-z_][A-Za-z0-9_]*`) starting at `index` ends; `index` when none starts there. */
function nameEndAt(text: string, index: number): number {
  let end = index;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
    if (!letter && (end === index || code < 48 || code > 57)) break;
    end++;
  }
  return end;
}

/** The modifier (`:-`, `-`, `:+`, `+`, `:?`, `?`) at `index`, or undefined. */
function modifierAt(text: string, index: number): string | undefined {
  const colon = text[index] === ':' ? 1 : 0;
  const operator = text[index + colon];
  return operator === '-' || operator === '+' || operator === '?' ? text.slice(index, index + colon + 1) : undefined;
}

/** A value known for certain: `unknown` results stay undefined through concatenation. */
type Piece = string | undefined;

/**
 * Adds a name to a list once, keeping the order of first use (the lists are a few names long),
 * and returns the list: made on the first name, as most words leave most lists empty.
 */
function addOnce(list: string[] | undefined, name: string): string[] {
  if (!list) return [name];
  if (!list.includes(name)) list.push(name);
  return list;
}

/**
 * `${a:-${a:-...}}` nested deeper than this is not expanded: the expander reads nesting by
 * recursion, and a few thousand levels (a few dozen KB) would overflow the stack and take every
 * finding of the file with it. BuildKit's own limit is the size of the file; no real word nests
 * more than a few levels.
 */
const maxNestingDepth = 64;

class WordExpander {
  private index = 0;
  private depth = 0;
  /** Set once a word nests deeper than maxNestingDepth: its value is then unknowable. */
  tooDeep = false;
  unknown: string[] | undefined;
  missing: string[] | undefined;
  undeclared: string[] | undefined;
  referenced: string[] | undefined;

  constructor(
    private readonly text: string,
    private readonly lookup: VariableLookup,
    private readonly escapeChar: string,
  ) {}

  /** Reads until one of `stops` (not consumed) or the end, outside any quotes. */
  expandUntil(stops: string): Piece {
    let result: Piece = '';
    while (this.index < this.text.length) {
      const ch = this.text[this.index];
      if (stops.includes(ch)) break;
      let piece: Piece;
      if (ch === this.escapeChar) {
        this.index++;
        piece = this.index < this.text.length ? this.text[this.index++] : '';
      } else if (ch === "'") {
        piece = this.singleQuoted();
      } else if (ch === '"') {
        piece = this.doubleQuoted();
      } else if (ch === '$') {
        piece = this.dollar();
      } else {
        piece = this.literalRun(stops);
      }
      result = join(result, piece);
    }
    return result;
  }

  /**
   * The characters from here up to the next one with a meaning (a stop, a quote, `$`, the escape
   * character), taken as one piece: a word is mostly such runs, and adding them a character at a
   * time made a new string per character.
   */
  private literalRun(stops: string): string {
    const start = this.index;
    this.index++;
    while (this.index < this.text.length) {
      const ch = this.text[this.index];
      if (ch === '$' || ch === "'" || ch === '"' || ch === this.escapeChar || stops.includes(ch)) break;
      this.index++;
    }
    return this.text.slice(start, this.index);
  }

  private singleQuoted(): string {
    const close = this.text.indexOf("'", this.index + 1);
    const end = close === -1 ? this.text.length : close;
    const literal = this.text.slice(this.index + 1, end);
    this.index = close === -1 ? end : end + 1;
    return literal;
  }

  private doubleQuoted(): Piece {
    this.index++;
    let result: Piece = '';
    while (this.index < this.text.length && this.text[this.index] !== '"') {
      const ch = this.text[this.index];
      const next = this.text[this.index + 1];
      if (ch === this.escapeChar && next !== undefined && (next === '"' || next === '$' || next === this.escapeChar)) {
        result = join(result, next);
        this.index += 2;
      } else if (ch === '$') {
        result = join(result, this.dollar());
      } else {
        result = join(result, this.literalRun('"'));
      }
    }
    this.index++;
    return result;
  }

  private dollar(): Piece {
    const next = this.text[this.index + 1];
    if (next === '{') return this.braced();
    const end = nameEndAt(this.text, this.index + 1);
    if (end === this.index + 1) {
      this.index++;
      return '$';
    }
    const name = this.text.slice(this.index + 1, end);
    this.index = end;
    return this.plain(name);
  }

  private braced(): Piece {
    const start = this.index;
    const end = nameEndAt(this.text, this.index + 2);
    if (end === this.index + 2) return this.literalRest(start);
    const name = this.text.slice(this.index + 2, end);
    this.index = end;
    if (this.text[this.index] === '}') {
      this.index++;
      return this.plain(name);
    }
    const modifier = modifierAt(this.text, this.index);
    if (!modifier) {
      // Pattern operators (#, %, /) need the value itself; treat the result as unknowable.
      const close = this.text.indexOf('}', this.index);
      if (close === -1) return this.literalRest(start);
      this.index = close + 1;
      this.note(name);
      this.unknown = addOnce(this.unknown, name);
      return undefined;
    }
    this.index += modifier.length;
    if (this.depth >= maxNestingDepth) {
      // Too deep to read: what the word gives is taken as unknowable, as a build-time value is.
      this.tooDeep = true;
      this.index = this.text.length;
      this.note(name);
      return undefined;
    }
    this.depth++;
    const word = this.expandUntil('}');
    this.depth--;
    if (this.text[this.index] !== '}') return this.literalRest(start);
    this.index++;
    return this.modified(name, modifier, word);
  }

  /** An unterminated `${`: BuildKit fails on it; keep the text as written rather than guess. */
  private literalRest(start: number): string {
    this.index = this.text.length;
    return this.text.slice(start);
  }

  private note(name: string): Binding | undefined {
    this.referenced = addOnce(this.referenced, name);
    const binding = this.lookup(name);
    if (!binding) this.undeclared = addOnce(this.undeclared, name);
    return binding;
  }

  private plain(name: string): Piece {
    const binding = this.note(name);
    if (!binding) {
      this.missing = addOnce(this.missing, name);
      return '';
    }
    if (binding.kind === 'unknown') {
      this.unknown = addOnce(this.unknown, name);
      return undefined;
    }
    return binding.kind === 'value' ? binding.value : '';
  }

  private modified(name: string, modifier: string, word: Piece): Piece {
    const binding = this.note(name);
    if (binding?.kind === 'unknown') {
      this.unknown = addOnce(this.unknown, name);
      return undefined;
    }
    const isSet = binding?.kind === 'value';
    const value = binding?.kind === 'value' ? binding.value : '';
    // With a colon, an empty value counts as unset.
    const present = modifier.startsWith(':') ? isSet && value !== '' : isSet;
    switch (modifier.replace(':', '')) {
      case '-':
        return present ? value : word;
      case '+':
        if (!binding) this.missing = addOnce(this.missing, name);
        return present ? word : '';
      default:
        // `?`: BuildKit stops the build when the variable is missing; the value is what it has.
        if (!present) this.missing = addOnce(this.missing, name);
        return value;
    }
  }
}

function join(left: Piece, right: Piece): Piece {
  return left === undefined || right === undefined ? undefined : left + right;
}

const nothing: readonly string[] = Object.freeze([]);

export function expandWord(text: string, lookup: VariableLookup, escapeChar = '\\'): Expansion {
  // Most words (stage names, versions, paths) have nothing to expand and stay as written.
  if (!hasExpansionCharacter(text, escapeChar)) return { value: text, unknown: nothing, missing: nothing, undeclared: nothing, referenced: nothing };
  const expander = new WordExpander(text, lookup, escapeChar);
  const value = expander.expandUntil('');
  return {
    value: expander.tooDeep ? undefined : value,
    unknown: expander.unknown ?? nothing,
    missing: expander.missing ?? nothing,
    undeclared: expander.undeclared ?? nothing,
    referenced: expander.referenced ?? nothing,
  };
}

/** Four searches in the engine's own code, rather than a step of ours per character. */
function hasExpansionCharacter(text: string, escapeChar: string): boolean {
  return text.includes('$') || text.includes("'") || text.includes('"') || text.includes(escapeChar);
}

/** The names BuildKit defines for FROM lines and for stages that declare them with `ARG NAME`. */
export const platformArgNames: readonly string[] = [
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
];

/**
 * Representative values for the platform names, for checks that must evaluate a FROM line the
 * way a plain `docker build` on a common machine would.
 */
export const typicalPlatformValues: Readonly<Record<string, string>> = Object.fromEntries(platformArgValues(defaultPlatforms[0], defaultPlatforms[0]));
