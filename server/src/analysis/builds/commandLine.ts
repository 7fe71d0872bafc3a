import type { LinePositions } from '../positions';
import type { BuildValue, WrittenBuild } from './types';

/** `docker build`, `docker buildx build` and `docker image build`, where a command starts or goes on. */
const buildCommand = /(?<![\w-])docker[ \t]+(?:buildx[ \t]+build|image[ \t]+build|build)(?![\w-])/g;

/** Flags of `docker build` that take no value; any other flag written without `=` takes the next word. */
const switches = new Set(['--check', '--load', '--no-cache', '--pull', '--push', '-q', '--quiet', '--rm', '--force-rm', '--squash', '--compress', '--disable-content-trust']);

/** A word of a command with the offsets of its value, quotes left out. */
interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The builds that `docker build` command lines in `text` run (a shell script, a Makefile recipe,
 * a workflow's `run:` step), between `from` and `to`. Only the words that matter are read:
 * `-f`/`--file`, `--target` and the context; the command is never run, so a word holding a
 * variable is kept as written and left unjudged.
 */
export function commandLineBuilds(text: string, positions: LinePositions, from = 0, to = text.length): WrittenBuild[] {
  const builds: WrittenBuild[] = [];
  const region = text.slice(0, to);
  buildCommand.lastIndex = from;
  for (let match = buildCommand.exec(region); match; match = buildCommand.exec(region)) {
    const words = commandWords(region, buildCommand.lastIndex);
    builds.push(readBuildWords(words, positions, positions.range(match.index, buildCommand.lastIndex)));
  }
  return builds;
}

function readBuildWords(words: readonly Word[], positions: LinePositions, range: WrittenBuild['range']): WrittenBuild {
  let dockerfile: BuildValue | undefined;
  let target: BuildValue | undefined;
  let context: string | undefined;
  const value = (word: Word, skip = 0): BuildValue => {
    // `--file="docker/Dockerfile"`: the value inside the quotes.
    const quoted = /^(["']).*\1$/s.test(word.text.slice(skip)) && word.text.length - skip >= 2 ? 1 : 0;
    const text = word.text.slice(skip + quoted, word.text.length - quoted);
    return { value: text, range: positions.range(word.start + skip + quoted, word.end - quoted) };
  };
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    const flag = /^(--file|-f|--target)(?:(=)|$)/.exec(word.text);
    if (flag) {
      const written = flag[2] ? value(word, flag[0].length) : words[index + 1] && value(words[++index]);
      if (flag[1] === '--target') target = written;
      else dockerfile = written;
    } else if (word.text.startsWith('-f') && word.text.length > 2) {
      dockerfile = value(word, 2);
    } else if (word.text.startsWith('-') && word.text !== '-') {
      if (!word.text.includes('=') && !switches.has(word.text)) index++;
    } else {
      context ??= word.text;
    }
  }
  return { name: 'docker build', context, dockerfile, dockerfileFrom: 'origin', target, range };
}

/** The words of the command starting at `start`, up to the end of its line (continued lines included) or an operator. */
function commandWords(text: string, start: number): Word[] {
  const words: Word[] = [];
  let index = start;
  while (index < text.length) {
    const char = text[index];
    if (char === ' ' || char === '\t' || char === '\r') {
      index++;
    } else if (char === '\\' && (text[index + 1] === '\n' || text.startsWith('\r\n', index + 1))) {
      index = text.indexOf('\n', index) + 1;
    } else if ('\n;&|)#<>'.includes(char)) {
      break;
    } else {
      const word = readWord(text, index);
      words.push(word);
      index = word.next;
    }
  }
  return words;
}

/** One word; a word quoted whole has its value inside the quotes. */
function readWord(text: string, start: number): Word & { readonly next: number } {
  const quote = text[start];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, start + 1);
    const end = close === -1 || text.slice(start, close).includes('\n') ? lineEnd(text, start) : close;
    return { text: text.slice(start + 1, end), start: start + 1, end, next: Math.min(end + 1, text.length) };
  }
  let end = start;
  while (end < text.length && !' \t\r\n;&|)<>'.includes(text[end])) {
    // `$(IMAGE)` (make, command substitution) and `${TAG}` are one piece of the word.
    const close = text[end] === '$' ? { '(': ')', '{': '}' }[text[end + 1]] : undefined;
    const closing = close === undefined ? -1 : text.indexOf(close, end + 2);
    end = closing === -1 ? end + 1 : closing + 1;
  }
  return { text: text.slice(start, end), start, end, next: end };
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}
