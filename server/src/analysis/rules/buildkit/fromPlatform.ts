import { flagValueOf } from '../../instructionFacts';
import { expandWord, typicalPlatformValues, type Binding } from '../../variables';
import type { Finding, Rule } from '../rule';

/**
 * BuildKit's checks on FROM --platform (moby/buildkit dockerfile2llb/convert.go): a constant
 * platform, and the redundant `$TARGETPLATFORM`, the default.
 */

function typicalLookup(name: string): Binding | undefined {
  const value = typicalPlatformValues[name];
  return value === undefined ? undefined : { kind: 'value', value };
}

export const fromPlatformFlagConstDisallowed: Rule = {
  code: 'FromPlatformFlagConstDisallowed',
  defaultSeverity: 'warning',
  summary: 'FROM --platform is a constant, so the stage ignores the platform the build asks for.',
  buildkit: true,
  check(model) {
    const findings: Finding[] = [];
    for (const stage of model.stageModel.stages) {
      const platform = stage.platform;
      if (!platform || expandWord(platform.text, typicalLookup).referenced.length > 0) continue;
      const value = platform.resolved ?? platform.text;
      // A stage named for its platform (`AS build-arm64`) is meant to be that platform.
      const parts = value.toLowerCase().split('/').filter((part) => part !== '');
      const name = stage.name?.toLowerCase() ?? '';
      if (name !== '' && parts.some((part) => name.includes(part))) continue;
      findings.push({ code: this.code, message: `FROM --platform flag should not use constant value ${JSON.stringify(value)}`, range: platform.range });
    }
    return findings;
  },
};

export const redundantTargetPlatform: Rule = {
  code: 'RedundantTargetPlatform',
  defaultSeverity: 'warning',
  summary: 'FROM --platform=$TARGETPLATFORM sets what is already the default.',
  buildkit: true,
  check(model) {
    const findings: Finding[] = [];
    for (const stage of model.stageModel.stages) {
      const platform = stage.platform;
      if (!platform) continue;
      const expansion = expandWord(platform.text, typicalLookup);
      if (expansion.referenced.length !== 1 || expansion.referenced[0] !== 'TARGETPLATFORM' || expansion.value !== typicalPlatformValues.TARGETPLATFORM) continue;
      const flag = flagValueOf(stage.from, model.instructionReads, 'platform');
      const fixes =
        flag && flag.range.start.line === flag.range.end.line
          ? [{ title: 'Remove --platform', edits: [{ range: { start: flag.range.start, end: { line: flag.range.end.line, character: flag.range.end.character + 1 } }, newText: '' }], isPreferred: true }]
          : [];
      findings.push({
        code: this.code,
        message: `Setting platform to predefined ${platform.text} in FROM is redundant as this is the default behavior`,
        range: platform.range,
        fixes,
      });
    }
    return findings;
  },
};
