import type { Copy } from 'dockerfile-ast';
import type { DocumentModel } from '../documentModel';
import { commandName } from '../shell';
import { MANIFEST } from './artifacts';
import { rootEntries } from './context';
import { baseName } from './paths';
import { copiesFromStage, type ConvertStageFacts } from './stageFacts';

/** Base images of dev containers (VS Code, GitHub Codespaces). */
const DEV_CONTAINER_IMAGES = /^mcr\.microsoft\.com\/(vscode\/)?devcontainers\//;
/** Folders CI systems keep their images in. */
const CI_FOLDERS = /\/(\.github|\.gitlab|\.circleci|\.buildkite|\.ci|ci|\.woodpecker|\.drone)\//;
/**
 * The run of word characters, dots and dashes a file name ends with. The checks below read only
 * this run, so none of them scans it again from each of its characters.
 */
function lastWord(name: string): string {
  let start = name.length;
  while (start > 0 && /[\w.-]/.test(name[start - 1])) start--;
  return name.slice(start);
}

/** A shell script or an entrypoint: `run.sh`, `docker-entrypoint.sh`, `entrypoint`. */
function isScript(name: string): boolean {
  const word = lastWord(name);
  return /entrypoint/i.test(word) || /^[\w.-]*\.(sh|bash)$/i.test(word);
}

/** Files copied in that are scripts or settings for the image itself, not an app's sources. */
function isImageFile(name: string): boolean {
  const word = lastWord(name);
  return (
    /entrypoint/i.test(word) || /^[\w.-]*\.(sh|bash|ps1|bashrc|profile)$/i.test(word) || /^[\w.-]+\.(conf|cfg|ini|list|repo|asc|gpg|pem|crt)$/i.test(word)
  );
}

/** Shells and init programs: a container that starts one is a place to run commands in, not an app. */
const SHELLS = /^(sh|bash|ash|zsh|fish|dash|pwsh|powershell|cmd|tini|dumb-init|sleep)$/;
/** Shells a container starts for someone to type into. */
const INTERACTIVE_SHELLS = /^(sh|bash|ash|zsh|fish|dash)$/;

function argsOf(facts: ConvertStageFacts, keyword: string): string[] {
  return facts.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.instruction.getArgumentsContent() ?? '');
}

/** True when a COPY or ADD brings files from the build context other than scripts, settings and dependency manifests. */
function copiesAppSources(facts: ConvertStageFacts): boolean {
  return facts.instructions.some((instruction) => {
    if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || copiesFromStage(instruction.instruction)) return false;
    const sources = (instruction.instruction as Copy).getArguments().slice(0, -1).map((arg) => arg.getValue().replace(/^\[?"?|"?,?\]?$/g, ''));
    return sources.some((source) => !/^https?:\/\//.test(source) && !isImageFile(baseName(source)) && !MANIFEST.test(baseName(source)));
  });
}

/** A generated official-image definition: the template's marker, or a pinned release downloaded and verified with nothing of a project copied in. */
function isImageDefinition(model: DocumentModel, facts: ConvertStageFacts): boolean {
  if (/DO NOT EDIT|generated via ["']?apply-templates|%%[A-Z_]+%%/.test(model.text)) return true;
  const pinsRelease = argsOf(facts, 'ENV').some((args) => /\b[A-Z][A-Z0-9]*_VERSION\b/.test(args));
  const verifies = facts.instructions.some((instruction) => instruction.run?.script.commands.some((command) => /^(sha256sum|sha512sum|gpg|gpgv)$/.test(commandName(command))));
  return pinsRelease && verifies && !copiesAppSources(facts);
}

/** The container starts a shell, its own entrypoint script, or nothing of its own. */
function startsNoApp(facts: ConvertStageFacts): boolean {
  const program = facts.start?.argv[0];
  return program === undefined || SHELLS.test(baseName(program)) || isScript(baseName(program));
}

/**
 * Why the stage is not an app image, when the file says what it is: a dev container, a builder
 * image, an official image definition. These ship their tools on purpose and stay as they are.
 */
export function declaredImageKind(model: DocumentModel, facts: ConvertStageFacts): string | undefined {
  const repository = facts.image?.reference?.familiarName ?? '';
  if (/\/\.devcontainer\//.test(model.uri) || DEV_CONTAINER_IMAGES.test(repository)) {
    return 'This is a dev container: its compilers and tools are what developers work with inside it, so a runtime stage without them would defeat its purpose.';
  }
  if (facts.instructions.some((instruction) => instruction.keyword === 'ONBUILD') || argsOf(facts, 'LABEL').some((args) => /io\.openshift\.s2i|io\.buildpacks/.test(args))) {
    return 'This is a builder image (ONBUILD or source-to-image): the build tools are for the images built from it, so they stay.';
  }
  if (isImageDefinition(model, facts)) {
    return 'This is an image definition: it installs a pinned toolchain or runtime for other Dockerfiles to start FROM, and has no app of its own to move into a runtime stage.';
  }
  return undefined;
}

/**
 * A toolchain or CI helper image: it sits in a CI folder or is a GitHub Action, or it copies in
 * no app and starts only a shell or its own entrypoint script. Its tools are what it is for.
 */
export function toolImage(model: DocumentModel, facts: ConvertStageFacts): string | undefined {
  const action = rootEntries(facts.context).some((entry) => /^action\.ya?ml$/.test(entry));
  if (CI_FOLDERS.test(model.uri) || action || (!copiesAppSources(facts) && startsNoApp(facts))) {
    return 'This is a toolchain or CI helper image: it installs tools for the jobs that run in it and copies in no app to run, so its tools are what it is for.';
  }
  const argv = facts.start?.argv ?? [];
  if (argv.length > 0 && INTERACTIVE_SHELLS.test(baseName(argv[0])) && argv.slice(1).every((word) => /^-[a-z]*$/.test(word) && !word.includes('c'))) {
    return `The container starts only an interactive shell (${argv.join(' ')}): it is a workspace to run commands in with its tools, not an app a runtime stage could run without them.`;
  }
  return undefined;
}
