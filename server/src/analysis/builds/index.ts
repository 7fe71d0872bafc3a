import * as path from 'node:path';
import { bakeHclBuilds, bakeJsonBuilds } from './bake';
import { commandLineBuilds } from './commandLine';
import { LinePositions } from '../positions';
import { isLiteralValue, type Build, type BuildFileKind, type WrittenBuild } from './types';
import { composeBuilds, devcontainerBuilds, workflowBuilds } from './yamlBuilds';

/** What kind of build file a path names, by the names each tool looks for; undefined for any other file. */
export function buildFileKind(filePath: string): BuildFileKind | undefined {
  const name = path.basename(filePath).toLowerCase();
  // A Dockerfile stays one whatever it ends with (`Dockerfile.sh`, `build.sh.dockerfile`).
  if (/^(?:docker|container)file(?:\.|$)/.test(name) || name.endsWith('.dockerfile')) return undefined;
  if (/^(?:compose|docker-compose[\w.-]*)\.ya?ml$/.test(name)) return 'compose';
  if (/^docker-bake(?:\.override)?\.(?:hcl|json)$/.test(name)) return 'bake';
  if (name === 'devcontainer.json' || name === '.devcontainer.json') return 'devcontainer';
  if (/\.ya?ml$/.test(name) && /[\\/]\.github[\\/]workflows[\\/][^\\/]+$/.test(filePath)) return 'workflow';
  if (name === 'makefile' || name === 'gnumakefile' || name.endsWith('.mk') || name.endsWith('.sh')) return 'script';
  return undefined;
}

/** The builds a build file's text writes, paths as written. */
export function writtenBuilds(kind: BuildFileKind, filePath: string, text: string): WrittenBuild[] {
  switch (kind) {
    case 'compose':
      return composeBuilds(text);
    case 'bake':
      return filePath.toLowerCase().endsWith('.json') ? bakeJsonBuilds(text) : bakeHclBuilds(text);
    case 'devcontainer':
      return devcontainerBuilds(text);
    case 'workflow':
      return workflowBuilds(text);
    case 'script':
      return commandLineBuilds(text, new LinePositions(text));
  }
}

/**
 * The folder a build's relative paths start from: a workflow runs in the repository it checks
 * out, the other files where they stand.
 */
function originFolder(kind: BuildFileKind, filePath: string): string {
  const folder = path.dirname(filePath);
  return kind === 'workflow' ? path.dirname(path.dirname(folder)) : folder;
}

/**
 * The builds of a build file with absolute paths: the context from the file's folder, the
 * Dockerfile from the context or the folder as the tool reads it (`<context>/Dockerfile` when
 * none is written). A build whose context or Dockerfile path holds a variable is left out: which
 * file it builds is decided when it runs.
 */
export function buildsInFile(filePath: string, text: string): Build[] {
  const kind = buildFileKind(filePath);
  if (!kind) return [];
  const origin = originFolder(kind, filePath);
  return writtenBuilds(kind, filePath, text).flatMap((written) => {
    const contextText = written.context ?? '.';
    if (!isLiteralValue(contextText) || (written.dockerfile && !isLiteralValue(written.dockerfile.value))) return [];
    // A remote context (Git URL, `-` for stdin) has no Dockerfile in the workspace.
    if (contextText === '-' || /^[a-z][a-z0-9+.-]*:\/\//i.test(contextText) || contextText.startsWith('git@')) return [];
    const context = path.resolve(origin, contextText);
    const writtenPath = written.dockerfile?.value;
    const dockerfile = writtenPath === undefined ? path.join(context, 'Dockerfile') : path.resolve(written.dockerfileFrom === 'context' ? context : origin, writtenPath);
    return [{ file: filePath, name: written.name, dockerfile, dockerfileValue: written.dockerfile, context, target: written.target, range: written.range }];
  });
}
