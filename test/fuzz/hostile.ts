/**
 * Hostile Dockerfiles built to make one step of the analysis slow or deep (issue 21): each class
 * is a shape that once froze the server for seconds or overflowed its stack, generated at any
 * size so the tests and the benchmark can run it up to the 1 MB cap. Each generator is
 * deterministic and gives at most `bytes` characters.
 */

export interface HostileClass {
  readonly name: string;
  /** A file of this class of about `bytes` characters (never more). */
  readonly generate: (bytes: number) => string;
}

/** `head`, then as many `unit`s as fit with `tail` in `bytes`, then `tail`. */
function fill(head: string, unit: string, tail: string, bytes: number): string {
  const count = Math.max(1, Math.floor((bytes - head.length - tail.length) / unit.length));
  return head + unit.repeat(count) + tail;
}

/** `open` nested `depth` times around `inner`, each closed by `close`, fitting `bytes`. */
function nest(head: string, open: string, inner: string, close: string, tail: string, bytes: number): string {
  const depth = Math.max(1, Math.floor((bytes - head.length - inner.length - tail.length) / (open.length + close.length)));
  return head + open.repeat(depth) + inner + close.repeat(depth) + tail;
}

/** `head`, then `unit(0)`, `unit(1)`, ... as many as fit with `tail` in `bytes`, then `tail`. */
function numbered(head: string, unit: (index: number) => string, tail: string, bytes: number): string {
  const units: string[] = [];
  let length = head.length + tail.length;
  for (let index = 0; ; index++) {
    const next = unit(index);
    if (units.length > 0 && length + next.length > bytes) break;
    units.push(next);
    length += next.length;
  }
  return head + units.join('') + tail;
}

/** A FROM whose text lies only between variables, each its own (`FROM ${A}-N-${B}`): it names the one earlier stage holding `-N-`. */
export const betweenVariablesHead = 'ARG A\nARG B\nFROM alpine:3.20 AS s-0-x\n';
export const betweenVariablesFrom = (index: number): string => `FROM \${A}-${index}-\${B} AS s-${index + 1}-x\n`;

export const hostileClasses: readonly HostileClass[] = [
  { name: 'shell words: a RUN of variable words', generate: (bytes) => fill('FROM golang:1.22\nRUN go build', ' $a', '\n', bytes) },
  { name: 'shell words: a RUN of quoted words', generate: (bytes) => fill('FROM golang:1.22\nRUN go build', ' "a"', '\n', bytes) },
  { name: 'trailing run: dashes in an image name', generate: (bytes) => fill('FROM x', '-', 'y\n', bytes) },
  { name: 'trailing run: dots and underscores in a stage name', generate: (bytes) => fill('FROM alpine:3.20 AS a', '._', 'b\n', bytes) },
  { name: 'trailing run: slashes in a mount target', generate: (bytes) => fill('FROM alpine:3.20\nRUN --mount=type=cache,target=/', '/', 'x apk add gcc\n', bytes) },
  { name: 'trailing run: slashes in an rm -rf path', generate: (bytes) => fill('FROM alpine:3.20\nRUN apk add gcc && rm -rf /', '/', 'x\n', bytes) },
  { name: 'trailing run: backslashes in a COPY path', generate: (bytes) => fill('FROM alpine:3.20\nCOPY a /', '\\/', 'x\n', bytes) },
  { name: 'trailing run: slashes in a WORKDIR', generate: (bytes) => fill('FROM alpine:3.20\nWORKDIR /', '/', 'x\n', bytes) },
  { name: 'document links: FROM lines with a variable', generate: (bytes) => fill('ARG A=3.20\n', 'FROM alpine:${A} AS s\n', '', bytes) },
  { name: 'stage choice: ARG X then FROM ${X} AS sN, repeated', generate: (bytes) => numbered('', (index) => `ARG X\nFROM \${X} AS s${index}\n`, '', bytes) },
  { name: 'stage choice: ARG X then FROM b${X} AS bN, repeated', generate: (bytes) => numbered('', (index) => `ARG X\nFROM b\${X} AS b${index}\n`, '', bytes) },
  { name: 'stage choice: ARG X then FROM ${X}-b AS sN-b, repeated', generate: (bytes) => numbered('', (index) => `ARG X\nFROM \${X}-b AS s${index}-b\n`, '', bytes) },
  { name: 'stage choice: ARG A, ARG B, then FROM ${A}-N-${B} AS s-N+1-x, repeated', generate: (bytes) => numbered(betweenVariablesHead, betweenVariablesFrom, '', bytes) },
  { name: 'stage chain: FROM s AS s, repeated', generate: (bytes) => fill('FROM alpine:3.20 AS s\n', 'FROM s AS s\n', '', bytes) },
  { name: 'stage chain: FROM sN AS sN+1, repeated', generate: (bytes) => numbered('FROM alpine:3.20 AS s0\n', (index) => `FROM s${index} AS s${index + 1}\n`, '', bytes) },
  { name: 'formatting: a large heredoc', generate: (bytes) => fill('# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\n', ' a\n', 'EOF\n', bytes) },
  { name: 'nesting: ${a:-${a:-...}} in a RUN', generate: (bytes) => nest('FROM golang:1.22 AS a\nRUN echo ', '${a:-', 'x', '}', '\nFROM a AS a\n', bytes) },
  { name: 'nesting: ${a:-${a:-...}} in a FROM', generate: (bytes) => nest('FROM ', '${a:-', 'x', '}', ' AS a\nFROM a AS a\n', bytes) },
];

/** A plain file of about `bytes` characters, the anchor the hostile classes are compared with. */
export const plainFile = (bytes: number): string =>
  fill(
    '',
    'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/app /app\nUSER nonroot\nENTRYPOINT ["/app"]\n',
    '',
    bytes,
  );

/** The last line of every hostile file: a finding (StageNameCasing) the file must not be able to hide. */
export const findingLine = 'FROM alpine:3.20 AS Final\n';
export const findingCode = 'StageNameCasing';

/** A file of `hostile`'s class of at most `bytes` characters, ending with `findingLine`. */
export function hostileFile(hostile: HostileClass, bytes: number): string {
  return hostile.generate(bytes - findingLine.length) + findingLine;
}
