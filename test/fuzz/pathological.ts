/**
 * Hostile Dockerfiles of the kinds an editor meets: huge, deeply nested, half typed or not text
 * at all. Each generator is deterministic so a slow or failing case can be reproduced by name.
 */

export interface PathologicalInput {
  readonly name: string;
  readonly text: string;
}

const megabyte = 1024 * 1024;

/** `bytes` of text built by repeating `unit`, cut at a whole unit. */
function repeatTo(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));
}

/** A byte sequence from a small linear congruential generator: reproducible noise. */
function noise(length: number, seed: number): string {
  let state = seed;
  let text = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    text += String.fromCharCode(state % 256);
  }
  return text;
}

export const continuationLines = (lines: number): string =>
  `FROM alpine:3.20\nRUN echo start \\\n${'    && echo more \\\n'.repeat(lines)}    && echo end\n`;

export const longLine = (bytes: number): string => `FROM alpine:3.20\nRUN echo ${'a'.repeat(bytes)}\n`;

export const longLabelLine = (bytes: number): string => `FROM alpine:3.20\nLABEL ${repeatTo('k="v w" ', bytes)}\n`;

export const manyStages = (count: number): string => {
  let text = 'ARG BASE=alpine:3.20\n';
  for (let i = 0; i < count; i++) {
    const base = i === 0 ? '${BASE}' : `s${i - 1}`;
    text += `FROM ${base} AS s${i}\nCOPY --from=s${Math.max(0, i - 2)} /a /a\nRUN --mount=type=cache,from=s${Math.max(0, i - 3)},target=/c echo ${i}\n`;
  }
  return text;
};

/** Each stage copies from the one before: a dependency chain as long as the file. */
export const copyChain = (count: number): string => {
  let text = 'FROM alpine:3.20 AS s0\n';
  for (let i = 1; i < count; i++) text += `FROM alpine:3.20 AS s${i}\nCOPY --from=s${i - 1} / /\n`;
  return text;
};

export const distinctImages = (count: number): string => Array.from({ length: count }, (_, i) => `FROM img${i}:1 AS s${i}\n`).join('');

/** Stages that copy from each other in a ring, forward references included. */
export const stageCycle = (count: number): string => {
  let text = '';
  for (let i = 0; i < count; i++) text += `FROM alpine:3.20 AS c${i}\nCOPY --from=c${(i + 1) % count} /x /x\n`;
  return text;
};

/** Each ARG's default names the previous one, so resolving the FROM walks the whole chain. */
export const argChain = (depth: number): string => {
  let text = 'ARG A0=alpine\n';
  for (let i = 1; i < depth; i++) text += `ARG A${i}=\${A${i - 1}}\n`;
  return `${text}FROM \${A${depth - 1}}:3.20 AS build\nARG A${depth - 1}\nRUN echo \${A${depth - 1}}\n`;
};

export const unclosedHeredoc = (lines: number): string =>
  `# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\n${'echo inside heredoc\n'.repeat(lines)}`;

export const unclosedQuotes = (lines: number): string =>
  `FROM alpine:3.20\n${'RUN echo "unterminated \'mixed `quote\n'.repeat(lines)}ENV A="open\nCMD ["sh", "-c\n`;

export const emptyFlags = (repeats: number): string =>
  `FROM --platform= alpine:3.20 AS\n${'COPY --from= --chown= --chmod= --link= . .\nRUN --mount= --mount=type= --mount=from=,target= --network= --security= echo\nADD --checksum= --keep-git-dir= x y\nFROM --platform\nCOPY --from\nRUN --mount\n'.repeat(repeats)}`;

export const nulBytes = (bytes: number): string => `FROM alpine\0:3.20\nRUN echo \0\0\n${'\0'.repeat(bytes)}`;

export const crlfAndBom = (repeats: number): string =>
  `\uFEFF# escape=\`\r\nFROM alpine:3.20 AS a\r\n${'RUN echo a `\r\n  && echo b\r\nCOPY --from=a /x /y\r'.repeat(repeats)}\r\n`;

export const randomBytes = (bytes: number, seed = 1): string => noise(bytes, seed);

/** A realistic instruction mix repeated up to `bytes`. */
export const bigRealistic = (bytes: number): string =>
  repeatTo(
    'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/app /app\nUSER nonroot\nENTRYPOINT ["/app"]\n',
    bytes,
  );

/** Shapes that were quadratic or overflowed the stack in the analysis before, at sizes that showed it. */
export function regressionInputs(): PathologicalInput[] {
  return [
    { name: 'COPY --from chain of 25,000 stages', text: copyChain(25_000) },
    { name: 'FROM chain of 12,000 stages', text: manyStages(12_000) },
    { name: 'cycle of 4,000 stages', text: stageCycle(4_000) },
    { name: '40,000 stages on distinct images', text: distinctImages(40_000) },
  ];
}

/** The issue's sizes: 20,000-line continuations, 2 MB lines, 10 MB files, 1,000 stages, chains hundreds deep. */
export function issueInputs(): PathologicalInput[] {
  return [
    { name: '20,000-line continuation', text: continuationLines(20_000) },
    { name: '2 MB RUN line', text: longLine(2 * megabyte) },
    { name: '2 MB LABEL line', text: longLabelLine(2 * megabyte) },
    { name: '1,000 stages', text: manyStages(1_000) },
    { name: 'cycle of 200 stages', text: stageCycle(200) },
    { name: 'ARG chain 500 deep', text: argChain(500) },
    { name: 'unclosed heredoc, 20,000 lines', text: unclosedHeredoc(20_000) },
    { name: 'unclosed quotes, 5,000 lines', text: unclosedQuotes(5_000) },
    { name: 'empty and missing flag values', text: emptyFlags(500) },
    { name: '1 MB of NUL bytes', text: nulBytes(megabyte) },
    { name: 'CRLF, BOM and backtick escape', text: crlfAndBom(5_000) },
    { name: '1 MB of random bytes', text: randomBytes(megabyte) },
    { name: '10 MB realistic file', text: bigRealistic(10 * megabyte) },
  ];
}
