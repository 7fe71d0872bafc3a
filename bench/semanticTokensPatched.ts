/**
 * dockerfile-language-service's own semantic tokens with the two changes that issue 19 names as
 * what makes them quadratic, for the semantic tokens benchmark only: tokens are pushed instead of
 * appended with `concat` (which copies every earlier token), and each instruction's variables are
 * read from dockerfile-ast once instead of once per token. The server does not ship this: it
 * exists to measure whether the library, so patched, could replace our producer.
 *
 * The patched module is a copy of lib/dockerSemanticTokens.js written to a temporary folder, its
 * `require`s pointed at the installed modules so that it shares their classes (its `instanceof`
 * checks must see the parser's objects). The installed package is left untouched.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SemanticTokens } from 'vscode-languageserver-types';

/** The version whose code the edits below were written against. */
const WRITTEN_FOR = '0.16.1';

interface SourceEdit {
  readonly find: string;
  readonly replace: string;
  /** How many times `find` occurs in the written-for version; any other count stops the patch. */
  readonly occurrences: number;
}

const VARIABLES_ONCE_PER_INSTRUCTION = [
  'DockerSemanticTokens.prototype.variablesOf = function (instruction) {',
  '        if (this.variablesByInstruction === undefined) this.variablesByInstruction = new Map();',
  '        var variables = this.variablesByInstruction.get(instruction);',
  '        if (variables === undefined) {',
  '            variables = instruction.getVariables();',
  '            this.variablesByInstruction.set(instruction, variables);',
  '        }',
  '        return variables;',
  '    };',
  '    DockerSemanticTokens.prototype.createToken = function (',
].join('\n');

const EDITS: readonly SourceEdit[] = [
  { find: 'this.tokens = this.tokens.concat(', replace: 'Array.prototype.push.apply(this.tokens, ', occurrences: 3 },
  // Before the reader is added: it calls getVariables itself.
  { find: 'instruction.getVariables()', replace: 'this.variablesOf(instruction)', occurrences: 1 },
  { find: 'DockerSemanticTokens.prototype.createToken = function (', replace: VARIABLES_ONCE_PER_INSTRUCTION, occurrences: 1 },
  // The library narrows a variable's range in place; it read a fresh range on every token, so
  // with the variables read once the narrowing must happen on a copy to give the same tokens.
  {
    find: 'var variableRange = variable.getRange();',
    replace: 'var variableRange = { start: variable.getRange().start, end: variable.getRange().end };',
    occurrences: 1,
  },
];

export interface PatchedSemanticTokens {
  readonly computeSemanticTokens: (text: string) => SemanticTokens;
}

interface TokensModule {
  readonly DockerSemanticTokens: new (content: string) => { computeSemanticTokens(): SemanticTokens };
}

/** Loads the library's semantic tokens with the edits applied; throws if the library is not the version they fit. */
export function loadPatchedSemanticTokens(): PatchedSemanticTokens {
  const requireHere = createRequire(__filename);
  const packageFile = requireHere.resolve('dockerfile-language-service/package.json');
  const { version } = JSON.parse(readFileSync(packageFile, 'utf8')) as { version: string };
  if (version !== WRITTEN_FOR) {
    throw new Error(`the semantic tokens patch was written for dockerfile-language-service ${WRITTEN_FOR}, but ${version} is installed`);
  }
  const libraryFile = path.join(path.dirname(packageFile), 'lib', 'dockerSemanticTokens.js');
  const requireFromLibrary = createRequire(libraryFile);
  let source = readFileSync(libraryFile, 'utf8');
  for (const edit of EDITS) {
    const found = source.split(edit.find).length - 1;
    if (found !== edit.occurrences) {
      throw new Error(`the semantic tokens patch expected ${edit.occurrences} × "${edit.find}" in ${libraryFile}, found ${found}`);
    }
    source = source.replaceAll(edit.find, edit.replace);
  }
  source = source.replace(/require\("([^"]+)"\)/g, (_, name: string) => `require(${JSON.stringify(requireFromLibrary.resolve(name))})`);

  const folder = mkdtempSync(path.join(os.tmpdir(), 'dockerfile-stages-bench-'));
  try {
    const patchedFile = path.join(folder, 'dockerSemanticTokens.js');
    writeFileSync(patchedFile, source);
    const { DockerSemanticTokens } = requireHere(patchedFile) as TokensModule;
    return { computeSemanticTokens: (text) => new DockerSemanticTokens(text).computeSemanticTokens() };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
