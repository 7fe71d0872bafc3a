import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readPlatformList, type Platform } from '../analysis/platforms';
import { buildFileChecks } from '../analysis/builds/check';
import { allRules } from '../analysis/rules/index';
import type { SeveritySetting } from '../analysis/rules/rule';
import { libraryValidationSettings, normalizeSettings, type Settings } from '../infra/settings';
import { CliError } from './exitCodes';

const severitySettings: readonly string[] = ['off', 'hint', 'information', 'warning', 'error'] satisfies readonly SeveritySetting[];
const librarySeverities: readonly string[] = ['ignore', 'warning', 'error'];
/** Keys of the VS Code settings that mean nothing to lint but may sit in a shared file. */
const keysLintIgnores = new Set(['formatter', 'trace']);

function knownRuleCode(code: string): boolean {
  return allRules.some((rule) => rule.code === code) || buildFileChecks.some((check) => check.code === code);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The editor quietly ignores a value it does not understand; in CI a typo would silently pass,
 * so the CLI names every key and value it cannot use.
 */
function checkConfig(config: unknown, file: string): Record<string, unknown> {
  if (!isRecord(config)) throw new CliError(`${file}: expected a JSON object with the keys of the dockerfileStages settings, e.g. {"rules": {"UnreachableStage": "off"}}`);
  for (const key of Object.keys(config)) {
    if (key !== 'rules' && key !== 'diagnostics' && key !== 'platforms' && key !== 'keepValidatorChecks' && !keysLintIgnores.has(key)) {
      throw new CliError(`${file}: unknown key "${key}" (expected "rules", "diagnostics", "platforms" or "keepValidatorChecks")`);
    }
  }
  if (config.platforms !== undefined) {
    if (!Array.isArray(config.platforms) || config.platforms.some((entry) => typeof entry !== 'string')) {
      throw new CliError(`${file}: "platforms" must be an array of platforms, e.g. ["linux/amd64", "linux/arm64"]`);
    }
    platformsOf(config.platforms as string[], `${file}: "platforms"`);
  }
  if (config.keepValidatorChecks !== undefined && typeof config.keepValidatorChecks !== 'boolean') throw new CliError(`${file}: "keepValidatorChecks" must be true or false`);
  if (config.rules !== undefined) {
    if (!isRecord(config.rules)) throw new CliError(`${file}: "rules" must be an object of rule code to severity`);
    for (const [code, value] of Object.entries(config.rules)) checkRuleSetting(code, value, file);
  }
  if (config.diagnostics !== undefined) {
    if (!isRecord(config.diagnostics)) throw new CliError(`${file}: "diagnostics" must be an object of check to severity`);
    for (const [key, value] of Object.entries(config.diagnostics)) {
      if (!(libraryValidationSettings as readonly string[]).includes(key)) {
        throw new CliError(`${file}: unknown check "diagnostics.${key}" (known: ${libraryValidationSettings.join(', ')})`);
      }
      if (typeof value !== 'string' || !librarySeverities.includes(value)) {
        throw new CliError(`${file}: "diagnostics.${key}" must be one of ${librarySeverities.join(', ')}`);
      }
    }
  }
  return config;
}

function checkRuleSetting(code: string, value: unknown, where: string): asserts value is SeveritySetting {
  if (!knownRuleCode(code)) throw new CliError(`${where}: unknown rule "${code}" (see docs/rules/README.md for the list)`);
  if (typeof value !== 'string' || !severitySettings.includes(value)) {
    throw new CliError(`${where}: rule "${code}" takes one of ${severitySettings.join(', ')}`);
  }
}

/** `Code=severity`, as given to `--rule`. */
export function parseRuleFlag(flag: string): [string, SeveritySetting] {
  const separator = flag.indexOf('=');
  if (separator <= 0) throw new CliError(`--rule ${flag}: expected Code=severity, e.g. --rule UnreachableStage=off`);
  const code = flag.slice(0, separator).trim();
  const severity = flag.slice(separator + 1).trim();
  checkRuleSetting(code, severity, `--rule ${flag}`);
  return [code, severity];
}

/** The platforms a list names, or an error naming the first entry that is not one. */
export function platformsOf(names: readonly string[], where: string): Platform[] {
  const { platforms, problems } = readPlatformList(names);
  if (problems.length > 0) throw new CliError(`${where}: ${problems[0]}`);
  return platforms;
}

export interface SettingsSources {
  /** `--config`: a JSON file with the keys of the VS Code settings under `dockerfileStages`. */
  readonly configFile?: string;
  /** `--rule Code=severity` flags, applied after the file. */
  readonly ruleFlags: readonly string[];
  /** `--platform` flags: when given, they replace the file's platforms. */
  readonly platformFlags?: readonly string[];
}

/** The settings the editor would use, from the config file and then the `--rule` flags. */
export async function loadSettings(sources: SettingsSources, cwd: string): Promise<Settings> {
  let raw: Record<string, unknown> = {};
  if (sources.configFile !== undefined) {
    let text: string;
    try {
      text = await readFile(path.resolve(cwd, sources.configFile), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(`${sources.configFile}: cannot read the config file (${code === 'ENOENT' ? 'no such file' : (code ?? String(error))})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new CliError(`${sources.configFile}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    raw = checkConfig(parsed, sources.configFile);
  }
  const rules = { ...(isRecord(raw.rules) ? raw.rules : {}), ...Object.fromEntries(sources.ruleFlags.map(parseRuleFlag)) };
  const platformFlags = sources.platformFlags ?? [];
  if (platformFlags.length > 0) platformsOf(platformFlags, '--platform');
  return normalizeSettings({ ...raw, rules, ...(platformFlags.length > 0 ? { platforms: platformFlags } : {}) });
}
