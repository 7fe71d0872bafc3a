import { parse } from 'yaml';

export interface HadolintConfig {
  /** Rule codes listed under `ignored:` (hadolint's DL/SC codes, or ours). */
  readonly ignored: readonly string[];
}

/** Reads hadolint's config file; anything unreadable yields no ignores rather than an error. */
export function parseHadolintConfig(text: string): HadolintConfig {
  let document: unknown;
  try {
    document = parse(text);
  } catch {
    return { ignored: [] };
  }
  if (typeof document !== 'object' || document === null) return { ignored: [] };
  const ignored = (document as { ignored?: unknown }).ignored;
  if (!Array.isArray(ignored)) return { ignored: [] };
  return { ignored: ignored.filter((code): code is string => typeof code === 'string').map((code) => code.trim()) };
}
