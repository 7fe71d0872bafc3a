import ignore from '@balena/dockerignore';
import { argumentsOf, flagValueOf, keywordOf } from '../../instructionFacts';
import { jsonArray } from '../image/support';
import type { Finding, Rule } from '../rule';
import { walkEnvironments } from './environment';
import { withoutTrailing } from '../../trailing';

/** Sources that are not files of the build context: URLs and git repositories ADD fetches itself. */
const REMOTE_SOURCE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i;

/** Patterns that exclude every entry of the context root, the only ones that make `COPY .` a finding. */
const WHOLE_CONTEXT = new Set(['*', '**', '**/*']);
const GLOB = /[*?[\]\\]/;

interface IgnorePattern {
  readonly path: string;
  readonly negated: boolean;
  /** Whether this pattern alone matches a path or one of its parents. */
  readonly matches: (path: string) => boolean;
}

interface IgnoreFile {
  readonly patterns: readonly IgnorePattern[];
  /** Whether the file as a whole, exceptions included, leaves a path out of the context. */
  readonly excludes: (path: string) => boolean;
}

function readIgnoreFile(dockerignore: string): IgnoreFile {
  const patterns = dockerignore
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line): IgnorePattern => {
      const path = withoutTrailing(line.replace(/^!/, '').replace(/^(?:\.?\/)+/, ''), '/');
      const matcher = ignore().add(path);
      return { path, negated: line.startsWith('!'), matches: (candidate) => matcher.ignores(candidate) };
    });
  const whole = ignore().add(patterns.map(({ path, negated }) => (negated ? `!${path}` : path)));
  return { patterns, excludes: (path) => whole.ignores(path) };
}

/** Whether two path words can name the same entry: equal, or either a pattern. */
function segmentsMayMeet(a: string, b: string): boolean {
  return a === b || GLOB.test(a) || GLOB.test(b);
}

/** Whether a pattern can match the source path or something inside it. */
function reachesInto(pattern: string, source: string): boolean {
  if (source === '.') return true;
  const patternWords = pattern.split('/');
  const sourceWords = source.split('/');
  for (const [index, word] of sourceWords.entries()) {
    const patternWord = patternWords[index];
    if (patternWord === '**') return true;
    if (patternWord === undefined || !segmentsMayMeet(patternWord, word)) return false;
  }
  return true;
}

/**
 * BuildKit's reading of the ignore file for one source (dockerfile2llb validateCopySourcePath): the
 * source or a parent is excluded, and no `!` exception written after the last pattern that
 * excludes it could bring back a path at or inside it (that cannot be known without the files).
 * The context root counts as excluded only under a pattern that takes every entry.
 */
function ignoredSource({ patterns, excludes }: IgnoreFile, source: string): boolean {
  let decidingIndex = -1;
  for (const [index, { path, negated, matches }] of patterns.entries()) {
    if (!negated && (source === '.' ? WHOLE_CONTEXT.has(path) : matches(source))) decidingIndex = index;
  }
  if (decidingIndex === -1 || (source !== '.' && !excludes(source))) return false;
  return !patterns.slice(decidingIndex + 1).some(({ path, negated }) => negated && reachesInto(path, source));
}

/**
 * BuildKit's experimental CopyIgnoredFile: a COPY or ADD from the build context names a path
 * the context's `.dockerignore` excludes, so the file is not there to copy.
 */
export const copyIgnoredFile: Rule = {
  code: 'CopyIgnoredFile',
  defaultSeverity: 'warning',
  summary: 'COPY or ADD names a file that the build context\'s .dockerignore excludes.',
  buildkit: true,
  check(model, context) {
    if (context?.dockerignore === undefined) return [];
    const ignoreFile = readIgnoreFile(context.dockerignore);
    const reads = model.instructionReads;
    const findings: Finding[] = [];
    walkEnvironments(model, ({ instruction, expand }) => {
      const keyword = keywordOf(instruction);
      if ((keyword !== 'COPY' && keyword !== 'ADD') || flagValueOf(instruction, reads, 'from')) return;
      const words = jsonArray(instruction, reads) ?? argumentsOf(instruction, reads).map((argument) => argument.getValue());
      if (words.some((word) => word.startsWith('<<'))) return;
      const command = keyword === 'COPY' ? 'Copy' : 'Add';
      for (const word of words.slice(0, -1)) {
        const source = expand(word).value;
        if (source === undefined || REMOTE_SOURCE.test(source)) continue;
        const path = withoutTrailing(source.replace(/^(?:\.?\/)+/, ''), '/') || '.';
        if (!ignoredSource(ignoreFile, path)) continue;
        findings.push({ code: this.code, message: `Attempting to ${command} file ${JSON.stringify(source)} that is excluded by .dockerignore`, range: instruction.getRange() });
      }
    });
    return findings;
  },
};
