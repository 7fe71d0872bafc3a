import ignore from '@balena/dockerignore';
import { argumentsOf, flagValueOf } from '../../instructionFacts';
import { jsonArray } from '../image/support';
import type { Finding, Rule } from '../rule';
import { walkEnvironments } from './environment';

/** Sources that are not files of the build context: URLs and git repositories ADD fetches itself. */
const REMOTE_SOURCE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i;

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
    const excluded = ignore().add(context.dockerignore);
    const escapeChar = model.stageModel.escapeCharacter;
    const findings: Finding[] = [];
    walkEnvironments(model, ({ instruction, expand }) => {
      const keyword = instruction.getKeyword();
      if ((keyword !== 'COPY' && keyword !== 'ADD') || flagValueOf(instruction, escapeChar, 'from')) return;
      const words = jsonArray(instruction, escapeChar) ?? argumentsOf(instruction, escapeChar).map((argument) => argument.getValue());
      if (words.some((word) => word.startsWith('<<'))) return;
      const command = keyword === 'COPY' ? 'Copy' : 'Add';
      for (const word of words.slice(0, -1)) {
        const source = expand(word).value;
        if (source === undefined || REMOTE_SOURCE.test(source)) continue;
        const path = source.replace(/^(?:\.?\/)+/, '');
        if (path === '' || path === '.' || !excluded.ignores(path)) continue;
        findings.push({ code: this.code, message: `Attempting to ${command} file ${JSON.stringify(source)} that is excluded by .dockerignore`, range: instruction.getRange() });
      }
    });
    return findings;
  },
};
