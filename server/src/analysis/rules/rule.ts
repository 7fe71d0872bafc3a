import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { BuiltTarget } from '../builds/types';
import type { DocumentModel } from '../documentModel';
import { defaultPlatforms, type Platform } from '../platforms';

export type RuleSeverity = 'error' | 'warning' | 'information' | 'hint';
/** A per-rule setting (`dockerfileStages.rules.<Code>`): a severity, or off. */
export type SeveritySetting = RuleSeverity | 'off';

/** A mechanical fix: edits to the same document, offered as a quick fix. */
export interface QuickFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly isPreferred?: boolean;
}

/** One problem found by one rule, before settings and suppression are applied. */
export interface Finding {
  readonly code: string;
  readonly message: string;
  readonly range: Range;
  /** Code that does nothing for the target (VS Code fades it). */
  readonly unnecessary?: boolean;
  readonly fixes?: readonly QuickFix[];
}

export interface Rule {
  /** Stable PascalCase code; BuildKit's name where BuildKit has the same check. */
  readonly code: string;
  readonly defaultSeverity: RuleSeverity;
  /** One sentence: what the rule reports (rule metadata for SARIF and the docs index). */
  readonly summary: string;
  /** True where `docker build --check` has a check of the same name. */
  readonly buildkit?: boolean;
  check(model: DocumentModel, context: RuleContext): Finding[];
}

/** What the rules judge a file for beyond its text. */
export interface RuleContext {
  /** The platforms the file is built for, the current one first (`dockerfileStages.platforms`). */
  readonly platforms: readonly Platform[];
  /** The text of the build context's `.dockerignore` (or `<Dockerfile>.dockerignore`), if it has one, read by the caller. */
  readonly dockerignore?: string;
  /** N of the `docker/dockerfile:1.N` frontend that builds the file (its `# syntax` pin, else the unpinned default); undefined for the newest. */
  readonly frontendMinorVersion?: number;
  /** The stages builds elsewhere in the workspace target, read by the caller (workspace/buildIndex.ts). */
  readonly builtElsewhere?: readonly BuiltTarget[];
}

/** A plain `docker build` judged for the common Linux platforms. */
export const defaultRuleContext: RuleContext = { platforms: defaultPlatforms };
