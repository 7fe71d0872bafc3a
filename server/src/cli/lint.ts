import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleSeverity } from '../analysis/rules/rule';
import { readBuildContext } from '../workspace/buildContext';
import { HadolintConfigFinder } from '../infra/hadolintConfig';
import { folderBuilds, lintBuildFiles } from './buildFiles';
import { discoverInputs, type CliInput } from './discovery';
import { CliError, errorPrefix, ExitCode } from './exitCodes';
import { atLeast, lintText } from './findings';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatText } from './formats/text';
import { useColour, type CliIo } from './io';
import { visibleText } from '../protocol/visibleText';
import { readInput } from './readInput';
import type { LintedInput, LintReport } from './report';
import { loadSettings } from './settings';

export type LintFormat = 'text' | 'json' | 'sarif';

export interface LintOptions {
  readonly format: LintFormat;
  /** Findings below it are not reported and do not fail the run. */
  readonly severity: RuleSeverity;
  readonly config?: string;
  readonly rule: readonly string[];
  /** `--platform`, repeatable: the platforms judged, replacing the config file's. */
  readonly platform: readonly string[];
  readonly stdinFilename?: string;
  readonly sizeLimit: boolean;
}

/**
 * Where an input's settings are looked up: the file itself, the name `--stdin-filename` gives
 * standard input, or else the working folder, as hadolint reading stdin does.
 */
function lookupPath(input: CliInput, cwd: string): string {
  if (input.path !== undefined) return input.path;
  return path.join(cwd, input.display);
}

/** What stderr says of a rule that threw (a defect of ours): which rule, on which file, and that its findings are missing. */
function ruleFailure(display: string, code: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `${display}: rule ${code} failed, so its findings are missing (the other rules' are reported): ${reason}`;
}

/**
 * `dockerfile-stages lint`: every input is read and reported even when another cannot be read;
 * an unreadable path, or a rule that throws on an input (whose findings alone are then missing),
 * makes the exit code 2, above findings (1) and a clean run (0).
 */
export async function runLint(paths: readonly string[], options: LintOptions, io: CliIo): Promise<number> {
  const settings = await loadSettings({ configFile: options.config, ruleFlags: options.rule, platformFlags: options.platform }, io.cwd);
  const discovery = await discoverInputs(paths, io.cwd, options.stdinFilename);
  if (discovery.inputs.length === 0 && discovery.problems.length === 0) {
    throw new CliError(`no Dockerfiles found in ${paths.join(', ')} (looked for Dockerfile, Dockerfile.*, *.dockerfile, Containerfile, Containerfile.*)`);
  }

  // The CLI runs where the user chose to run it, so `.hadolint.yaml` is always read.
  const hadolint = new HadolintConfigFinder(true);
  const builds = await folderBuilds(paths, io.cwd);
  const failures = [...discovery.problems];
  const ruleFailures: string[] = [];
  const inputs: LintedInput[] = [];
  for (const input of discovery.inputs) {
    const read = await readInput(input, io, options);
    if ('problem' in read) {
      failures.push(read.problem);
      continue;
    }
    const uri = pathToFileURL(lookupPath(input, io.cwd)).href;
    const { ignored } = await hadolint.forDocument(uri);
    const dockerignore = input.path === undefined ? undefined : (await readBuildContext(path.dirname(input.path), input.path)).dockerignore;
    const builtElsewhere = builds.index.buildsOf(uri);
    const onRuleFailure = (code: string, error: unknown): void => void ruleFailures.push(ruleFailure(input.display, code, error));
    const onLibraryLimit = (reason: string): void => io.stderr(`${errorPrefix} ${visibleText(`${input.display}: ${reason}`)}\n`);
    const findings = lintText(read.text, { file: input.display, uri, settings, ignored, dockerignore, builtElsewhere, onRuleFailure, onLibraryLimit }).filter((finding) => atLeast(finding.severity, options.severity));
    inputs.push({ display: input.display, path: input.path, findings });
  }
  for (const buildFile of await lintBuildFiles(builds, settings)) {
    inputs.push({ ...buildFile, findings: buildFile.findings.filter((finding) => atLeast(finding.severity, options.severity)) });
  }

  for (const failure of [...failures, ...ruleFailures]) io.stderr(`${errorPrefix} ${visibleText(failure)}\n`);
  const report: LintReport = { inputs, failures, ruleFailures };
  if (options.format === 'json') io.stdout(formatJson(report));
  else if (options.format === 'sarif') io.stdout(formatSarif(report, { toolVersion: SERVER_VERSION, cwd: io.cwd }));
  else io.stdout(formatText(report, useColour(io)));

  if (failures.length > 0 || ruleFailures.length > 0) return ExitCode.usageOrIo;
  return inputs.some((input) => input.findings.length > 0) ? ExitCode.findings : ExitCode.clean;
}
