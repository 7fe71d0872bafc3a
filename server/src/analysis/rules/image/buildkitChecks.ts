import type { Instruction } from 'dockerfile-ast';
import { argumentsContentOf, mayHoldWord, propertiesOf, keywordOf } from '../../instructionFacts';
import { parseShellScript } from '../../shell';
import type { Finding, QuickFix, Rule } from '../rule';
import { imageFacts, jsonArray } from './support';

/**
 * BuildKit's check: CMD and ENTRYPOINT in shell form, in a stage where no SHELL is set (its own or
 * one inherited from the stage it builds on). Message as BuildKit words it
 * (moby/buildkit frontend/dockerfile/linter/linter.go).
 */
export const jsonArgsRecommended: Rule = {
  code: 'JSONArgsRecommended',
  defaultSeverity: 'warning',
  summary: 'CMD or ENTRYPOINT in shell form: the program runs under /bin/sh -c and does not get OS signals.',
  buildkit: true,
  check(model) {
    const findings: Finding[] = [];
    const shellSet = new Set<number>();
    const { stages } = model.stageModel;
    const reads = model.instructionReads;
    for (const stage of stages) {
      let hasShell = stage.baseStageIndex !== undefined && shellSet.has(stage.baseStageIndex);
      for (const instruction of stage.instructions) {
        const keyword = keywordOf(instruction);
        if (keyword === 'SHELL') hasShell = true;
        if ((keyword !== 'CMD' && keyword !== 'ENTRYPOINT') || hasShell) continue;
        const raw = argumentsContentOf(instruction, reads)?.trim() ?? '';
        // Empty arguments and single-quoted JSON are dockerfile-utils' findings.
        if (raw === '' || jsonArray(instruction, reads) || /^\[\s*'/.test(raw)) continue;
        findings.push({
          code: this.code,
          message: `JSON arguments recommended for ${keyword} to prevent unintended behavior related to OS signals`,
          range: instruction.getRange(),
          fixes: execFormFix(instruction, raw),
        });
      }
      if (hasShell) shellSet.add(stage.index);
    }
    return findings;
  },
};

/** Rewrites `CMD node server.js` as `CMD ["node", "server.js"]` when no shell feature is in play. */
function execFormFix(instruction: Instruction, raw: string): QuickFix[] {
  const range = instruction.getArgumentsRange();
  if (!range || /[$`|&;<>()*?[\]~\n\\]|\s#/.test(raw)) return [];
  const commands = parseShellScript(raw);
  if (commands.length !== 1 || Object.keys(commands[0].env).length > 0) return [];
  const json = `[${commands[0].argv.map((word) => JSON.stringify(word)).join(', ')}]`;
  return [{ title: `Use the exec form ${json}`, edits: [{ range, newText: json }], isPreferred: true }];
}

/** A word of BuildKit's secret-name lists, with N of the first `docker/dockerfile:1.N` frontend that reads it. */
interface NameToken {
  readonly token: string;
  readonly since: number;
}

/** Words that mark a secret (moby/buildkit dockerfile2llb validations.go; sources in docs/rules/SecretsUsedInArgOrEnv.md). */
const SECRET_TOKENS: readonly NameToken[] = [
  ...['apikey', 'auth', 'credential', 'credentials', 'key', 'password', 'pword', 'passwd', 'secret', 'token'].map((token) => ({ token, since: 9 })),
  { token: 'psw', since: 29 },
];
/** Words that clear a name of a secret word (`PUBLIC_KEY`, `PASSWORD_FILE`, `TOKEN_VERSION`). */
const ALLOWED_TOKENS: readonly NameToken[] = [
  { token: 'public', since: 11 },
  { token: 'file', since: 22 },
  { token: 'version', since: 22 },
];
const anySecretToken = new RegExp(SECRET_TOKENS.map(({ token }) => token).join('|'), 'i');

/** A whole underscore-separated word of the name, among the tokens the frontend reads. */
function tokenPattern(tokens: readonly NameToken[], frontendMinor: number | undefined): RegExp | undefined {
  const known = tokens.filter(({ since }) => frontendMinor === undefined || since <= frontendMinor).map(({ token }) => token);
  return known.length ? new RegExp(`(?:_|^)(?:${known.join('|')})(?:_|$)`, 'i') : undefined;
}

/** A name's tokens change only at the frontend versions that added one: the patterns from each on, newest last. */
const patternsSince = [...new Set([...SECRET_TOKENS, ...ALLOWED_TOKENS].map(({ since }) => since))]
  .sort((a, b) => a - b)
  .map((since) => ({ since, secret: tokenPattern(SECRET_TOKENS, since), allowed: tokenPattern(ALLOWED_TOKENS, since) }));

/** BuildKit's token match on a variable name, as the frontend 1.N reads it (the newest when undefined). */
export function looksLikeSecret(name: string, frontendMinor?: number): boolean {
  const known = patternsSince.filter(({ since }) => frontendMinor === undefined || since <= frontendMinor);
  const patterns = known[known.length - 1];
  if (!patterns) return false;
  return patterns.secret !== undefined && patterns.secret.test(name) && !patterns.allowed?.test(name);
}

/**
 * BuildKit's check: an ARG or ENV in a stage whose name is a secret word at an underscore
 * boundary (API_KEY, DB_PASSWORD, GITHUB_TOKEN) and not an allowed one (PUBLIC, FILE, VERSION),
 * with the word lists of the frontend that builds the file. Like BuildKit, global ARGs before the
 * first FROM are not checked.
 */
export const secretsUsedInArgOrEnv: Rule = {
  code: 'SecretsUsedInArgOrEnv',
  defaultSeverity: 'warning',
  summary: 'An ARG or ENV whose name suggests a secret: its value stays in the image history or config.',
  buildkit: true,
  check(model, context) {
    const findings: Finding[] = [];
    for (const { stage } of imageFacts(model).stages) {
      for (const instruction of stage.instructions) {
        const keyword = keywordOf(instruction);
        if (keyword !== 'ARG' && keyword !== 'ENV') continue;
        // Reading an ENV's properties is not free; a name can only be a secret's with a secret word in it.
        if (keyword === 'ENV' && !mayHoldWord(instruction, model.instructionReads, anySecretToken)) continue;
        for (const property of propertiesOf(instruction, model.instructionReads)) {
          const name = property.getName();
          if (!looksLikeSecret(name, context.frontendMinorVersion)) continue;
          findings.push({
            code: this.code,
            message: `Do not use ARG or ENV instructions for sensitive data (${keyword} ${JSON.stringify(name)})`,
            range: property.getNameRange(),
          });
        }
      }
    }
    return findings;
  },
};
