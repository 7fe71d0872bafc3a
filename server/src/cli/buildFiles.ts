import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { buildFileFindings, withSeverities } from '../analysis/builds/check';
import type { Settings } from '../infra/settings';
import { BuildIndex, lookUpDockerfiles } from '../workspace/buildIndex';
import { toCliFinding } from './findings';
import type { LintedInput } from './report';

/** The builds of the folders among the PATH arguments, and their build files as the report shows them. */
export interface FolderBuilds {
  readonly index: BuildIndex;
  readonly files: readonly { readonly display: string; readonly path: string }[];
}

/**
 * Scans each folder argument for build files, as the editor scans its workspace (same index, same
 * bounds), so `lint FOLDER` judges UnreachableStage with the folder's targets and reports the
 * build files' own findings. Files given one by one have no folder to scan.
 */
export async function folderBuilds(args: readonly string[], cwd: string): Promise<FolderBuilds> {
  const index = new BuildIndex();
  const files: { display: string; path: string }[] = [];
  for (const arg of args) {
    const folder = path.resolve(cwd, arg);
    if (arg === '-' || !(await stat(folder).catch(() => undefined))?.isDirectory()) continue;
    const before = new Set(index.files());
    await index.scan([folder]);
    for (const file of index.files().filter((each) => !before.has(each)).sort()) files.push({ display: path.join(arg, path.relative(folder, file)), path: file });
  }
  return { index, files };
}

/** UndefinedTarget and MissingDockerfile for each build file, under the settings' severities. */
export async function lintBuildFiles(builds: FolderBuilds, settings: Settings): Promise<LintedInput[]> {
  const inputs: LintedInput[] = [];
  for (const file of builds.files) {
    const fileBuilds = builds.index.buildsIn(file.path);
    const lookups = await lookUpDockerfiles(fileBuilds, () => undefined);
    const findings = withSeverities(
      buildFileFindings(fileBuilds, (dockerfile) => lookups.get(dockerfile)),
      settings.rules,
    );
    inputs.push({ display: file.display, path: file.path, findings: findings.map((finding) => toCliFinding(file.display, finding)) });
  }
  return inputs;
}
