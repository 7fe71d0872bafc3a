import type { Copy } from 'dockerfile-ast';
import { entriesSentToBuild } from './context';
import { memberManifests } from './members';
import { withoutTrailing } from '../trailing';
import { baseName, isAbsolutePath, isInside, resolvePath } from './paths';
import { PATH_FOLDERS, type ArtifactCopy } from './artifacts';
import { copiesFromStage, expandVariables, type ConvertStageFacts } from './stageFacts';

/** Names no app reads at run time, in any ecosystem: container, CI, deployment, editor and repository files, docs and tests. */
const NEVER_ASSETS =
  /^(Dockerfile[\w.-]*|[\w.-]*\.Dockerfile|\.dockerignore|\.git\w*|\.github|\.gitlab[\w.-]*|\.circleci|\.vscode|\.idea|\.devcontainer|\.editorconfig|README[\w.-]*|LICEN[CS]E[\w.-]*|CHANGELOG[\w.-]*|CONTRIBUTING[\w.-]*|[\w.-]+\.md|docs?|tests?|spec|e2e|__tests__|docker-compose[\w.-]*\.ya?ml|compose[\w.-]*\.ya?ml|Makefile|justfile|Taskfile\.ya?ml|\.env\.(example|sample)|node_modules|target|deploy(ments)?|k8s|kubernetes|helm|charts|terraform|\.husky|\.pre-commit-config\.yaml|renovate\.json|\.goreleaser\.ya?ml|\.air\.toml|\.(prettier|eslint)[\w.-]*)$/i;

/** Per ecosystem: sources, manifests and build outputs, which the runtime stage gets as the artefact or not at all. */
export const BUILD_INPUTS = {
  rust: /^([\w.-]+\.rs|src|Cargo\.(toml|lock)|build\.rs|benches|examples|rust-toolchain(\.toml)?|\.cargo|rustfmt\.toml|clippy\.toml)$/,
  go: /^([\w.-]+\.go|go\.(mod|sum|work|work\.sum)|cmd|internal|pkg|vendor|\.golangci\.ya?ml)$/,
  native: /^([\w.-]+\.(c|h|cc|cpp|cxx|hpp|hh|o|a|so|cmake|mk|in|ac|am)|src|include|lib|CMakeLists\.txt|configure|build|cmake|meson\.build|meson_options\.txt|SConstruct|SConscript)$/,
} as const;

/** The folder and context entries a `COPY` from the build context puts there, as written. */
interface ContextCopy {
  readonly position: number;
  readonly sources: readonly string[];
  readonly destination: string;
}

function contextCopies(facts: ConvertStageFacts, beforePosition: number): ContextCopy[] {
  return facts.instructions.flatMap((instruction): ContextCopy[] => {
    if (instruction.position > beforePosition || (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || copiesFromStage(instruction.instruction)) return [];
    // `ADD . $GOPATH/src/app`: the destination with the variables the stage (and its image) set.
    const args = (instruction.instruction as Copy).getArguments().map((arg) => expandVariables(arg.getValue().replace(/^\[?"?|"?,?\]?$/g, ''), instruction.env, facts.escape));
    if (args.length < 2 || args.some((arg) => arg.includes('$'))) return [];
    return [{ position: instruction.position, sources: args.slice(0, -1), destination: resolvePath(instruction.workdir, args[args.length - 1]) }];
  });
}

/** System configuration folders: a file copied there (an Apache vhost, a php.ini) configures how the app is served. */
export const CONFIGURATION_FOLDER = /^\/(usr\/local\/)?etc\//;

/** Positions of the build-context copies into configuration folders, which the runtime stage needs as written. */
export function configurationCopies(facts: ConvertStageFacts): Set<number> {
  return new Set(contextCopies(facts, facts.lastBuildPosition).filter((copy) => CONFIGURATION_FOLDER.test(copy.destination)).map((copy) => copy.position));
}

/**
 * Positions of the build-context copies that bring the program the container starts (a
 * `docker-entrypoint.sh` copied into `/usr/local/bin`), which the runtime stage needs as written:
 * no build makes it, so no artefact copy brings it.
 */
export function startProgramCopies(facts: ConvertStageFacts): Set<number> {
  const program = facts.start?.argv[0];
  if (program === undefined || program.includes('$')) return new Set();
  const started = (path: string) =>
    isAbsolutePath(program) ? path === resolvePath(undefined, program) : program.includes('/') ? path === resolvePath(facts.start?.workdir, program) : PATH_FOLDERS.some((folder) => path === `${folder}/${program}`);
  return new Set(
    contextCopies(facts, facts.lastBuildPosition)
      .filter((copy) => {
        const intoFolder = copy.sources.length > 1 || /[\\/]$/.test(copy.destination) || copy.destination === '/';
        return copy.sources.some((source) => started(intoFolder ? resolvePath(copy.destination, baseName(source)) : copy.destination));
      })
      .map((copy) => copy.position),
  );
}

/**
 * `path` without the slashes and backslashes it ends with, keeping its first character (`/` stays
 * `/`): what `path.replace(/(.)[\\/]+$/, '$1')` gives, without that pattern's retries from each
 * separator of the run.
 */
function withoutTrailingSeparators(path: string): string {
  const kept = withoutTrailing(path, '\\/');
  // `.` matches no line break, so the pattern keeps the run's first separator after one.
  return kept === '' || /[\n\r\u2028\u2029]$/.test(kept) ? path.slice(0, kept.length + 1) : kept;
}

/**
 * Files the app reads from its folder at run time (`Rocket.toml`, `config.json`, `.env`,
 * `static/`, `templates/`, data files), which the build stage got from the context and the
 * runtime stage would otherwise lack. With the build context: every entry `COPY . <folder>`
 * brought in, less sources, manifests, build outputs and files no app reads. Without it: the
 * entries copied one by one that are no build input, and the relative paths CMD/ENTRYPOINT names.
 */
export function runtimeAssets(facts: ConvertStageFacts, buildInputs: RegExp, artifacts: readonly ArtifactCopy[]): ArtifactCopy[] {
  // The folders of workspace members and modules hold their sources: build inputs too.
  const memberFolders = new Set(memberManifests(facts.context).flatMap((members) => members.folders.map((folder) => folder.split('/')[0])));
  const isAsset = (name: string) => !NEVER_ASSETS.test(name) && !buildInputs.test(name) && !memberFolders.has(name);
  const paths: string[] = [];
  const files = new Set<string>();
  for (const copy of contextCopies(facts, facts.lastBuildPosition)) {
    for (const source of copy.sources) {
      const name = baseName(withoutTrailing(source, '/'));
      if (source === '.' || source === './') {
        if (facts.context.state !== 'read') continue;
        for (const entry of entriesSentToBuild(facts.context).filter((listed) => isAsset(listed.replace(/\/$/, '')))) {
          const path = `${copy.destination}/${entry.replace(/\/$/, '')}`;
          paths.push(path);
          if (!entry.endsWith('/')) files.add(withoutTrailingSeparators(resolvePath(undefined, path)));
        }
      } else if (!/[*?[]/.test(source) && isAsset(name)) {
        // A folder's contents land in the destination itself; a file lands in it when it is a folder.
        const folder = /[\\/]$/.test(source) || !/\.\w+$/.test(name);
        const intoFolder = copy.sources.length > 1 || /[\\/]$/.test(copy.destination) || !/\.\w+$/.test(copy.destination);
        paths.push(!folder && intoFolder ? `${copy.destination}/${name}` : copy.destination);
      }
    }
  }
  const workdir = facts.start?.workdir;
  for (const word of facts.start?.argv.slice(1) ?? []) {
    if (workdir === undefined || isAbsolutePath(word) || word.startsWith('-') || word.includes('$') || !/^[\w.-]+\/[\w./-]+$|^[\w-]+\.(toml|json|ya?ml|txt|csv|conf|ini|env|html|db|sqlite3?)$/.test(word)) continue;
    // The first folder of a relative path: the file may be one of several the app reads there.
    const first = word.split('/')[0];
    const inContext = facts.context.state !== 'read' || entriesSentToBuild(facts.context).some((entry) => entry.replace(/\/$/, '') === first);
    if (isAsset(first) && inContext) paths.push(resolvePath(workdir, word.includes('/') ? first : word));
  }
  const unique = [...new Set(paths.map((path) => withoutTrailingSeparators(resolvePath(undefined, path))))];
  return unique
    .filter((path) => !artifacts.some((artifact) => isInside(path, artifact.source) || isInside(artifact.source, path)))
    .filter((path, index) => !unique.some((other, otherIndex) => otherIndex !== index && isInside(path, other) && path !== other))
    .map((path) => (files.has(path) ? { source: path, destination: path, file: true } : { source: path, destination: path }));
}

/** A note for a binary's runtime stage when no build context was read: its own files cannot be listed. */
export function assetsNote(facts: ConvertStageFacts): string[] {
  const copiesAll = contextCopies(facts, facts.lastBuildPosition).some((copy) => copy.sources.some((source) => source === '.' || source === './'));
  return copiesAll && facts.context.state !== 'read'
    ? ['The build context was not read, so files the app reads from its folder at run time (configuration, templates, static files) are not known: copy them here from the build stage.']
    : [];
}

/** The comment above the copies: the artefact, and the app's own files when there are any. */
export function withAssetsPurpose(purpose: string, assets: readonly ArtifactCopy[]): string {
  return assets.length > 0 ? `${purpose}, and the files the app reads from its folder` : purpose;
}
