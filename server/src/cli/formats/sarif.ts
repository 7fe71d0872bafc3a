import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArtifactLocation, Log, ReportingDescriptor, Result } from 'sarif';
import { buildFileChecks } from '../../analysis/builds/check';
import { allRules } from '../../analysis/rules/index';
import type { RuleSeverity } from '../../analysis/rules/rule';
import { librarySource } from '../../infra/findingSources';
import type { LintedInput, LintReport } from '../report';
import { projectHomepage, ruleHelpUri } from '../ruleDocs';

export interface SarifOptions {
  readonly toolVersion: string;
  /** Relative artifact URIs are relative to this folder (`%SRCROOT%`), as code scanning expects. */
  readonly cwd: string;
}

const sourceRoot = '%SRCROOT%';

/** SARIF has no levels below `note`; information and hints both read as notes. */
const levels: Readonly<Record<RuleSeverity, Result.level>> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function ourRuleDescriptors(): ReportingDescriptor[] {
  const buildFileTags = new Set(buildFileChecks.map((check) => check.code));
  return [...allRules, ...buildFileChecks].map((rule) => {
    const helpUri = ruleHelpUri(rule.code);
    return {
      id: rule.code,
      name: rule.code,
      shortDescription: { text: rule.summary },
      helpUri,
      help: { text: `${rule.summary} See ${helpUri}`, markdown: `${rule.summary}\n\n[${rule.code}](${helpUri})` },
      defaultConfiguration: { level: levels[rule.defaultSeverity] },
      properties: { tags: buildFileTags.has(rule.code) ? ['build-file'] : 'buildkit' in rule && rule.buildkit ? ['dockerfile', 'buildkit'] : ['dockerfile'] },
    };
  });
}

/** `DUPLICATE_BUILD_STAGE_NAME` -> `Duplicate build stage name`. */
function describeLibraryCode(code: string): string {
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function libraryRuleDescriptor(code: string): ReportingDescriptor {
  return {
    id: code,
    name: code,
    shortDescription: { text: describeLibraryCode(code) },
    help: { text: `Reported by dockerfile-utils, the Dockerfile validator behind Microsoft's Dockerfile language service; settings: dockerfileStages.diagnostics.*.` },
    properties: { tags: ['dockerfile', librarySource] },
  };
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function artifactLocation(input: LintedInput, cwd: string): ArtifactLocation {
  if (input.path === undefined) return { uri: encodeURIComponent(input.display) };
  if (!isInside(cwd, input.path)) return { uri: pathToFileURL(input.path).href };
  return { uri: path.relative(cwd, input.path).split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: sourceRoot };
}

/**
 * A SARIF 2.1.0 log that GitHub code scanning accepts: every rule with its page and default level,
 * every analysed file as an artifact, one result per finding, and unreadable paths as tool
 * execution notifications of a run that did not succeed.
 */
export function formatSarif(report: LintReport, options: SarifOptions): string {
  const rules = ourRuleDescriptors();
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results: Result[] = [];
  const artifacts = report.inputs.map((input) => ({ location: artifactLocation(input, options.cwd) }));

  report.inputs.forEach((input, artifactIndex) => {
    for (const finding of input.findings) {
      let index = ruleIndex.get(finding.code);
      if (index === undefined) {
        index = rules.push(libraryRuleDescriptor(finding.code)) - 1;
        ruleIndex.set(finding.code, index);
      }
      results.push({
        ruleId: finding.code,
        ruleIndex: index,
        level: levels[finding.severity],
        message: { text: finding.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { ...artifacts[artifactIndex].location, index: artifactIndex },
              region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
            },
          },
        ],
      });
    }
  });

  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dockerfile-stages',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: projectHomepage,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: report.failures.length === 0 && report.ruleFailures.length === 0,
            toolExecutionNotifications: [...report.failures, ...report.ruleFailures].map((failure) => ({ level: 'error', message: { text: failure } })),
          },
        ],
        originalUriBaseIds: { [sourceRoot]: { uri: pathToFileURL(options.cwd + path.sep).href } },
        artifacts,
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
