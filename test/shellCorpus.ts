/**
 * Every RUN of the fixture corpus (the Dockerfiles under test/fixtures: the corpus, the platform
 * corpus, the apps, the conversions, the BuildKit checks) that a POSIX shell runs, with the text
 * BuildKit hands that shell. The shell reader's cross-check and its measurement
 * (bench/shellReaders.ts) read the same RUNs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Run, type Instruction } from 'dockerfile-ast';
import { DocumentModel } from '../server/src/analysis/documentModel';
import { firstArgumentStart } from '../server/src/analysis/instructionFacts';
import { offsetAt } from '../server/src/analysis/positions';

export const fixtures = path.resolve(__dirname, 'fixtures');

export interface CorpusRun {
  /** `file:line` of the RUN, the file relative to test/fixtures. */
  readonly key: string;
  readonly model: DocumentModel;
  readonly run: Run;
  /** The SHELL in effect, when the stage set one. */
  readonly shell?: readonly string[];
  /** Exec form: the JSON array's strings. */
  readonly exec?: readonly string[];
  /** Shell form: the script the shell runs, heredoc bodies included. */
  readonly script: string;
}

const DOCKERFILE_NAME = /(^|\/)(Dockerfile|Containerfile)[^/]*$|\.[Dd]ockerfile$/;
const POSIX_SHELL = /(^|\/)(ba|da|a)?sh$/;

export function corpusFiles(): string[] {
  return readdirSync(fixtures, { recursive: true, encoding: 'utf8' })
    .filter((file) => DOCKERFILE_NAME.test(file))
    .sort();
}

export function corpusRuns(): CorpusRun[] {
  return corpusFiles().flatMap(runsOf);
}

function runsOf(file: string): CorpusRun[] {
  const model = new DocumentModel(`file:///${file}`, 1, readFileSync(path.join(fixtures, file), 'utf8'));
  const escapeChar = model.dockerfile.getEscapeCharacter();
  const runs: CorpusRun[] = [];
  let shell: string[] | undefined;
  for (const instruction of model.dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') shell = undefined;
    if (keyword === 'SHELL') shell = jsonStrings(argumentsText(model, instruction) ?? '');
    if (!(instruction instanceof Run) || (shell && !POSIX_SHELL.test(shell[0]))) continue;
    const text = argumentsText(model, instruction);
    if (text === undefined) continue;
    const heredocs = instruction.getHeredocs().length > 0;
    runs.push({
      key: `${file}:${instruction.getRange().start.line + 1}`,
      model,
      run: instruction,
      shell,
      exec: jsonStrings(text.trim()),
      // A heredoc RUN goes to the shell as written, its closing delimiter ending a line; the shell
      // joins its continuation lines itself.
      script: heredocs ? `${text}\n` : joinContinuations(text, escapeChar),
    });
  }
  return runs;
}

/** The instruction's text from its first argument after its flags to its end, heredoc bodies included. */
function argumentsText(model: DocumentModel, instruction: Instruction): string | undefined {
  const start = firstArgumentStart(instruction, model.instructionReads);
  if (start === undefined) return undefined;
  return model.text.slice(offsetAt(model, start), offsetAt(model, instruction.getRange().end));
}

function jsonStrings(text: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** What BuildKit hands the shell: continuation lines joined, comment and blank lines inside them dropped. */
function joinContinuations(text: string, escapeChar: string): string {
  const continued = new RegExp(`${escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}[ \\t]*$`);
  return text
    .split(/\r?\n/)
    .filter((line, index) => index === 0 || !/^\s*(#|$)/.test(line))
    .map((line) => line.replace(continued, ''))
    .join('');
}
