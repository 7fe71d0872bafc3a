import * as path from 'node:path';
import { closeNames } from '../rules/reference/support';
import type { LintedFinding } from '../lint';
import type { Finding, Rule, SeveritySetting } from '../rules/rule';
import { isLiteralValue, type Build } from './types';

/** What is known of the Dockerfile a build names. */
export type DockerfileLookup = { readonly exists: false } | { readonly exists: true; readonly stageNames: readonly string[] } | undefined;

/** A check of build files: what the settings, the docs and SARIF list for it, as for a rule. */
export type BuildFileCheck = Pick<Rule, 'code' | 'defaultSeverity' | 'summary'>;

export const buildFileChecks: readonly BuildFileCheck[] = [
  { code: 'UndefinedTarget', defaultSeverity: 'error', summary: 'A build file (Compose, Bake, dev container, workflow, Makefile or script) targets a stage its Dockerfile does not have.' },
  { code: 'MissingDockerfile', defaultSeverity: 'error', summary: 'A build file (Compose, Bake, dev container, workflow, Makefile or script) names a Dockerfile that does not exist.' },
];

/** The findings under the `rules.<Code>` settings: a check set to off reports nothing. */
export function withSeverities(findings: readonly Finding[], severities: Readonly<Record<string, SeveritySetting>>): LintedFinding[] {
  return findings.flatMap((finding) => {
    const severity = severities[finding.code] ?? buildFileChecks.find((check) => check.code === finding.code)?.defaultSeverity ?? 'error';
    return severity === 'off' ? [] : [{ ...finding, severity }];
  });
}

/**
 * The problems of one build file's builds: a Dockerfile path written (or a context written
 * without one) that names no file, and a literal target that names no stage of the Dockerfile.
 * `lookup` answers undefined for a Dockerfile it could not read, which is then not judged.
 */
export function buildFileFindings(builds: readonly Build[], lookup: (dockerfile: string) => DockerfileLookup): Finding[] {
  const findings: Finding[] = [];
  const reported = new Set<string>();
  const once = (finding: Finding): void => {
    const key = `${finding.code}:${finding.range.start.line}:${finding.range.start.character}`;
    if (reported.has(key)) return;
    reported.add(key);
    findings.push(finding);
  };
  for (const build of builds) {
    const dockerfile = lookup(build.dockerfile);
    if (dockerfile?.exists === false) {
      const where = build.dockerfileValue?.range ?? build.range;
      once({ code: 'MissingDockerfile', message: `${build.name} builds ${relativeTo(build.file, build.dockerfile)}, which does not exist.`, range: where });
    } else if (dockerfile?.exists && build.target && isLiteralValue(build.target.value)) {
      const finding = undefinedTarget(build, dockerfile.stageNames);
      if (finding) once(finding);
    }
  }
  return findings;
}

function undefinedTarget(build: Build, stageNames: readonly string[]): Finding | undefined {
  const target = build.target;
  if (!target || stageNames.some((name) => name.toLowerCase() === target.value.toLowerCase())) return undefined;
  const suggestions = closeNames(target.value, stageNames);
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((name) => `'${name}'`).join(' or ')}?` : '';
  const known = stageNames.length > 0 ? ` Its stages: ${stageNames.join(', ')}.` : ' It names no stage.';
  return {
    code: 'UndefinedTarget',
    message: `${build.name} targets '${target.value}', but ${relativeTo(build.file, build.dockerfile)} has no stage of that name.${hint}${known}`,
    range: target.range,
    fixes: suggestions.map((name, position) => ({ title: `Change to '${name}'`, edits: [{ range: target.range, newText: name }], isPreferred: position === 0 })),
  };
}

/** A path as the build file's folder sees it, for messages. */
export function relativeTo(buildFile: string, target: string): string {
  const relative = path.relative(path.dirname(buildFile), target);
  return relative.split(path.sep).join('/') || '.';
}
