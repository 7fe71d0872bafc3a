import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import { commandLineBuilds } from './commandLine';
import { LinePositions } from '../positions';
import type { BuildValue, WrittenBuild } from './types';

/** The parsed document, or undefined for text the parser cannot read as a whole. */
export function readDocument(text: string): Document | undefined {
  const document = parseDocument(text, { uniqueKeys: false });
  return document.errors.length > 0 ? undefined : document;
}

/** The text's positions and the map under one of its top-level keys; undefined when it has none. */
function topLevelMap(text: string, key: string): { readonly positions: LinePositions; readonly map: YAMLMap } | undefined {
  const map = readDocument(text)?.get(key, true);
  return isMap(map) ? { positions: new LinePositions(text), map } : undefined;
}

/** A map's value at `key` when it is a map. */
export function mapAt(map: unknown, key: string): YAMLMap | undefined {
  const value = isMap(map) ? map.get(key, true) : undefined;
  return isMap(value) ? value : undefined;
}

/** A string value at `key`, with the range of its text inside any quotes. */
export function stringAt(map: YAMLMap | undefined, key: string, positions: LinePositions): BuildValue | undefined {
  const node = map?.get(key, true);
  return isScalar(node) ? scalarValue(node, positions) : undefined;
}

function scalarValue(node: Scalar, positions: LinePositions): BuildValue | undefined {
  if (typeof node.value !== 'string' || !node.range) return undefined;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
  return { value: node.value, range: positions.range(node.range[0] + quoted, node.range[1] - quoted) };
}

export function nodeRange(node: Node | null | undefined, positions: LinePositions): WrittenBuild['range'] {
  const [start, end] = node?.range ?? [0, 0];
  return positions.range(start, end);
}

/**
 * Compose's builds: each service's `build`, either a context path or a map with `context`,
 * `dockerfile` (relative to the context) and `target`. A `dockerfile_inline` has no file to judge.
 */
export function composeBuilds(text: string): WrittenBuild[] {
  const top = topLevelMap(text, 'services');
  if (!top) return [];
  const { positions, map: services } = top;
  const builds: WrittenBuild[] = [];
  for (const service of services.items) {
    const name = isScalar(service.key) ? String(service.key.value) : 'service';
    const build: unknown = isMap(service.value) ? service.value.get('build', true) : undefined;
    if (isScalar(build)) {
      const context = scalarValue(build, positions);
      if (context) builds.push({ name, context: context.value, dockerfileFrom: 'context', range: context.range });
    } else if (isMap(build) && !build.has('dockerfile_inline')) {
      builds.push({
        name,
        context: stringAt(build, 'context', positions)?.value,
        dockerfile: stringAt(build, 'dockerfile', positions),
        dockerfileFrom: 'context',
        target: stringAt(build, 'target', positions),
        range: nodeRange(isScalar(service.key) ? service.key : build, positions),
      });
    }
  }
  return builds;
}

/**
 * A dev container's build: `build.dockerfile` (or the older top-level `dockerFile`), `build.context`
 * and `build.target`, all relative to the devcontainer.json. The file is JSON with comments, which
 * are blanked out (offsets kept) before the YAML parser, a JSON superset, reads it.
 */
export function devcontainerBuilds(text: string): WrittenBuild[] {
  const positions = new LinePositions(text);
  const root = readDocument(withoutJsonComments(text))?.contents;
  if (!isMap(root)) return [];
  const build = mapAt(root, 'build');
  const dockerfile = stringAt(build, 'dockerfile', positions) ?? stringAt(root, 'dockerFile', positions) ?? stringAt(root, 'dockerfile', positions);
  if (!dockerfile) return [];
  return [
    {
      name: 'devcontainer',
      context: stringAt(build, 'context', positions)?.value ?? stringAt(root, 'context', positions)?.value,
      dockerfile,
      dockerfileFrom: 'origin',
      target: stringAt(build, 'target', positions),
      range: dockerfile.range,
    },
  ];
}

/** JSON with comments as plain JSON of the same length: comments become spaces, line breaks stay. */
export function withoutJsonComments(text: string): string {
  let out = '';
  let at = 0;
  while (at < text.length) {
    const end = text[at] === '"' ? stringEnd(text, at) : text.startsWith('//', at) ? lineEnd(text, at) : text.startsWith('/*', at) ? blockCommentEnd(text, at) : at + 1;
    const span = text.slice(at, end);
    out += text[at] === '/' && end - at > 1 ? span.replace(/[^\n]/g, ' ') : span;
    at = end;
  }
  return out;
}

/** Where a string that starts at `start` ends: after its closing quote, or at the end of its line when it has none. */
function stringEnd(text: string, start: number): number {
  let at = start + 1;
  while (at < text.length && text[at] !== '"' && text[at] !== '\n') at += text[at] === '\\' && text[at + 1] !== '\n' ? 2 : 1;
  return at < text.length && text[at] === '"' ? at + 1 : Math.min(at, text.length);
}

function lineEnd(text: string, start: number): number {
  const newline = text.indexOf('\n', start);
  return newline < 0 ? text.length : newline;
}

function blockCommentEnd(text: string, start: number): number {
  const close = text.indexOf('*/', start + 2);
  return close < 0 ? text.length : close + 2;
}

/**
 * A GitHub Actions workflow's builds: `docker/build-push-action` steps (`with.file`, relative to
 * the repository, `with.context` and `with.target`), and `docker build` lines in `run:` steps,
 * read in the workflow's own text so that their ranges are where they are written.
 */
export function workflowBuilds(text: string): WrittenBuild[] {
  const top = topLevelMap(text, 'jobs');
  if (!top) return [];
  const { positions, map: jobs } = top;
  const builds: WrittenBuild[] = [];
  for (const job of jobs.items) {
    const steps = isMap(job.value) ? job.value.get('steps', true) : undefined;
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const uses = stringAt(step, 'uses', positions);
      if (uses && /^docker\/build-push-action@/i.test(uses.value)) {
        const inputs = mapAt(step, 'with');
        const name = stringAt(step, 'name', positions)?.value ?? uses.value;
        const file = stringAt(inputs, 'file', positions);
        builds.push({ name, context: stringAt(inputs, 'context', positions)?.value, dockerfile: file, dockerfileFrom: file ? 'origin' : 'context', target: stringAt(inputs, 'target', positions), range: uses.range });
      }
      const run = step.get('run', true);
      if (isScalar(run) && run.range) builds.push(...commandLineBuilds(text, positions, run.range[0], run.range[1]));
    }
  }
  return builds;
}
