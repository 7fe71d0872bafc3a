import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegularFile } from './regularFile';
/** The files of a build context that rules read. */
export interface BuildContextFiles {
  /** The text of the `.dockerignore` that applies, if there is one. */
  readonly dockerignore?: string;
}

const none: BuildContextFiles = {};

/**
 * The `.dockerignore` BuildKit would use for a Dockerfile built with its folder as the context:
 * `<Dockerfile>.dockerignore` next to it first, then the folder's `.dockerignore`. Undefined when
 * there is neither.
 */
export async function readDockerignore(dockerfilePath: string): Promise<string | undefined> {
  for (const candidate of [`${dockerfilePath}.dockerignore`, path.join(path.dirname(dockerfilePath), '.dockerignore')]) {
    // A file that is not there (or cannot be read) is skipped for the next one.
    const text = await readRegularFile(candidate).catch(() => undefined);
    if (text !== undefined) return text;
  }
  return undefined;
}

/**
 * What rules read from a document's build context. Read at each validation (a validation is
 * memoized per version, and the files are small), so an edited `.dockerignore` counts at the next
 * one; only in a trusted workspace, and only for files on disk.
 */
export class DockerignoreReader {
  constructor(private readonly readingAllowed: boolean) {}

  async forDocument(uri: string): Promise<BuildContextFiles> {
    if (!this.readingAllowed || !uri.startsWith('file:')) return none;
    const dockerignore = await readDockerignore(fileURLToPath(uri));
    return dockerignore === undefined ? none : { dockerignore };
  }
}
