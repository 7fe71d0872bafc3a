/** The Dockerfiles the language server benchmarks run on, and where in them a user types. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Position } from 'vscode-languageserver';
import { generateDockerfile, stagesForLines } from './generateDockerfile';

export interface BenchInput {
  /** How the tables name it, line count included. */
  readonly name: string;
  readonly text: string;
  readonly lines: number;
}

export function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** The generated file of about `approximateLines` lines (350 -> 352, 1,750 -> 1,752, 3,500 -> 3,502). */
export function generatedInput(approximateLines: number): BenchInput {
  const text = generateDockerfile(stagesForLines(approximateLines));
  return { name: `generated, ${lineCount(text).toLocaleString('en-US')} lines`, text, lines: lineCount(text) };
}

/**
 * bench/fixtures/realworld.Dockerfile: a container daemon's development and release build in the
 * style of the large Dockerfiles of real projects (about 700 lines, nearly 80 stages, ARG-built image
 * names, long RUNs with cache mounts and heredocs), written for these benchmarks.
 */
export function realWorldInput(): BenchInput {
  const text = readFileSync(path.join(__dirname, 'fixtures', 'realworld.Dockerfile'), 'utf8');
  return { name: `real-world style, ${lineCount(text)} lines`, text, lines: lineCount(text) };
}

const instructionStart = /^(?:ADD|ARG|CMD|COPY|ENTRYPOINT|ENV|EXPOSE|FROM|HEALTHCHECK|LABEL|ONBUILD|RUN|SHELL|STOPSIGNAL|USER|VOLUME|WORKDIR)\s/;

/**
 * Where a user would start a new instruction in the middle of the file: the end of the first line
 * past the middle that closes an instruction (the next line starts a new one, and this one does not
 * continue with a backslash), so that pressing Enter there opens an empty line between two
 * instructions.
 */
export function middleInsertionPoint(text: string): Position {
  const lines = text.split('\n');
  for (let line = Math.floor(lines.length / 2); line + 1 < lines.length; line++) {
    if (instructionStart.test(lines[line + 1]) && !lines[line].endsWith('\\')) return { line, character: lines[line].length };
  }
  throw new Error('no instruction boundary in the second half of the file');
}
