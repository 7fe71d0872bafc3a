import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHadolintConfig, type HadolintConfig } from '../analysis/hadolintConfig';
import { OutsideStateStore } from '../workspace/outsideStateStore';
import { readRegularFile } from '../workspace/regularFile';

const configNames = ['.hadolint.yaml', '.hadolint.yml'];
const noConfig: HadolintConfig = { ignored: [] };

/**
 * Finds the `.hadolint.yaml` that applies to a Dockerfile the way hadolint run from the file's
 * folder would: the nearest one in that folder or above. Only files on disk have one, and only in
 * a trusted workspace is it read; results are kept until a config file changes.
 */
export class HadolintConfigFinder {
  private readonly byFolder = new OutsideStateStore<Promise<HadolintConfig>>();
  /** Asked at every code action and validation; turning the URI into a folder costs more than the rest. */
  private readonly byDocument = new OutsideStateStore<Promise<HadolintConfig>>();

  constructor(private readonly readingAllowed: boolean) {}

  forDocument(uri: string): Promise<HadolintConfig> {
    if (!this.readingAllowed || !uri.startsWith('file:')) return Promise.resolve(noConfig);
    return this.byDocument.get(uri, () => this.forFolder(path.dirname(fileURLToPath(uri))));
  }

  /** Call when a document is closed. */
  forget(uri: string): void {
    this.byDocument.forget(uri);
  }

  /** Call when a config file was created, changed or deleted. */
  clear(): void {
    this.byFolder.clear();
    this.byDocument.clear();
  }

  private forFolder(folder: string): Promise<HadolintConfig> {
    return this.byFolder.get(folder, () => this.read(folder));
  }

  private async read(folder: string): Promise<HadolintConfig> {
    for (const name of configNames) {
      try {
        // Only a regular file: a FIFO of that name would hold the read, and every request waiting on it, for ever.
        const text = await readRegularFile(path.join(folder, name));
        if (text !== undefined) return parseHadolintConfig(text);
      } catch {
        // Unreadable here: try the next name, then the parent folder.
      }
    }
    const parent = path.dirname(folder);
    return parent === folder ? noConfig : this.forFolder(parent);
  }
}
