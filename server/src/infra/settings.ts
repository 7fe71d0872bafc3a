import type { Connection } from 'vscode-languageserver';
import { ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';
import { defaultPlatforms, readPlatformList, type Platform } from '../analysis/platforms';
import { replacedLibraryChecks, rulesReplacedByKeptLibraryChecks } from '../analysis/libraryValidation';
import type { SeveritySetting } from '../analysis/rules/rule';
import { OutsideStateStore } from '../workspace/outsideStateStore';

/** The nine checks of dockerfile-utils that take a severity, under `dockerfileStages.diagnostics.*`. */
export const libraryValidationSettings = [
  'deprecatedMaintainer',
  'directiveCasing',
  'emptyContinuationLine',
  'instructionCasing',
  'instructionCmdMultiple',
  'instructionEntrypointMultiple',
  'instructionHealthcheckMultiple',
  'instructionJSONInSingleQuotes',
  'instructionWorkdirRelative',
] as const satisfies readonly (keyof ValidatorSettings)[];

export type LibraryValidationSetting = (typeof libraryValidationSettings)[number];
export type LibrarySeverity = 'ignore' | 'warning' | 'error';

export interface Settings {
  readonly diagnostics: Readonly<Record<LibraryValidationSetting, LibrarySeverity>>;
  readonly formatter: { readonly ignoreMultilineInstructions: boolean };
  /** `dockerfileStages.rules.<Code>`: only the rules the user set; the others keep their default. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** `dockerfileStages.platforms`: the platforms files are built for, the current one first. */
  readonly platforms: readonly Platform[];
  /**
   * `dockerfileStages.keepValidatorChecks`: report dockerfile-utils' instruction casing and relative
   * WORKDIR checks, whose meaning differs from BuildKit's, instead of BuildKit's.
   */
  readonly keepValidatorChecks: boolean;
}

/** The library's own defaults, which package.json repeats for the settings UI. */
export const defaultSettings: Settings = {
  diagnostics: {
    deprecatedMaintainer: 'warning',
    directiveCasing: 'warning',
    emptyContinuationLine: 'warning',
    instructionCasing: 'warning',
    instructionCmdMultiple: 'warning',
    instructionEntrypointMultiple: 'warning',
    instructionHealthcheckMultiple: 'warning',
    instructionJSONInSingleQuotes: 'warning',
    instructionWorkdirRelative: 'warning',
  },
  formatter: { ignoreMultilineInstructions: false },
  rules: {},
  platforms: defaultPlatforms,
  keepValidatorChecks: false,
};

const severitySettings: readonly SeveritySetting[] = ['off', 'hint', 'information', 'warning', 'error'];

const librarySeverity: Record<LibrarySeverity, ValidationSeverity> = {
  ignore: ValidationSeverity.IGNORE,
  warning: ValidationSeverity.WARNING,
  error: ValidationSeverity.ERROR,
};

/** dockerfile-utils' settings for ours. */
export function toValidatorSettings(settings: Settings): Readonly<ValidatorSettings> {
  const validator: ValidatorSettings = {};
  for (const key of libraryValidationSettings) validator[key] = librarySeverity[settings.diagnostics[key]];
  return validator;
}

/** Accepts whatever the client sent and keeps only well-formed values, falling back to defaults. */
export function normalizeSettings(raw: unknown): Settings {
  const section = isRecord(raw) ? raw : {};
  const diagnosticsRaw = isRecord(section.diagnostics) ? section.diagnostics : {};
  const diagnostics = { ...defaultSettings.diagnostics };
  for (const key of libraryValidationSettings) {
    const value = diagnosticsRaw[key];
    if (value === 'ignore' || value === 'warning' || value === 'error') diagnostics[key] = value;
  }
  const formatterRaw = isRecord(section.formatter) ? section.formatter : {};
  const ignoreMultilineInstructions =
    typeof formatterRaw.ignoreMultilineInstructions === 'boolean'
      ? formatterRaw.ignoreMultilineInstructions
      : defaultSettings.formatter.ignoreMultilineInstructions;
  const rulesRaw = isRecord(section.rules) ? section.rules : {};
  const rules: Record<string, SeveritySetting> = {};
  for (const [code, value] of Object.entries(rulesRaw)) {
    if (severitySettings.includes(value as SeveritySetting)) rules[code] = value as SeveritySetting;
  }
  const keepValidatorChecks = section.keepValidatorChecks === true;
  return { diagnostics, formatter: { ignoreMultilineInstructions }, rules: withReplacedLibrarySettings(rules, diagnostics, keepValidatorChecks), keepValidatorChecks, platforms: platformsSetting(section.platforms) };
}

const ruleSeverityOf: Record<LibrarySeverity, SeveritySetting> = { ignore: 'off', warning: 'warning', error: 'error' };

/**
 * The rules that report a library check under BuildKit's name follow the library's setting for
 * it (`diagnostics.deprecatedMaintainer: ignore` turns MaintainerDeprecated off) unless the rule has
 * its own; with `keepValidatorChecks`, the rules whose meaning differs stand down.
 */
function withReplacedLibrarySettings(
  rules: Record<string, SeveritySetting>,
  diagnostics: Readonly<Record<LibraryValidationSetting, LibrarySeverity>>,
  keepValidatorChecks: boolean,
): Record<string, SeveritySetting> {
  const merged = { ...rules };
  for (const check of replacedLibraryChecks.values()) {
    if (merged[check.rule] !== undefined) continue;
    const keys = check.settings as readonly LibraryValidationSetting[];
    const chosen = keys.filter((key) => diagnostics[key] !== defaultSettings.diagnostics[key]).map((key) => diagnostics[key]);
    if (chosen.length > 0 && chosen.length === check.settings.length) merged[check.rule] = ruleSeverityOf[chosen[0]];
  }
  if (keepValidatorChecks) for (const rule of rulesReplacedByKeptLibraryChecks) merged[rule] ??= 'off';
  return merged;
}

/** The well-formed platforms of the setting; the defaults when it lists none. */
function platformsSetting(raw: unknown): readonly Platform[] {
  if (!Array.isArray(raw)) return defaultPlatforms;
  const { platforms } = readPlatformList(raw.filter((entry): entry is string => typeof entry === 'string'));
  return platforms.length > 0 ? platforms : defaultPlatforms;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Settings per resource, read through `workspace/configuration` and kept until the client says
 * they changed. Without that client capability, the defaults apply.
 */
export class SettingsStore {
  private readonly cache = new OutsideStateStore<Promise<Settings>>();
  private supported = false;

  constructor(private readonly connection: Connection) {}

  enable(configurationSupported: boolean): void {
    this.supported = configurationSupported;
  }

  get(uri: string): Promise<Settings> {
    if (!this.supported) return Promise.resolve(defaultSettings);
    return this.cache.get(uri, () =>
      this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'dockerfileStages' }).then(normalizeSettings, () => defaultSettings),
    );
  }

  forget(uri: string): void {
    this.cache.forget(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}
