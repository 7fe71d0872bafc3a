/**
 * A change made at run time to one of the Docker language libraries (dockerfile-ast,
 * dockerfile-utils, dockerfile-language-service), which the extension bundles at exact versions.
 * A fix reaches into the library's classes, often their private parts, so it holds only for the
 * code it was written against: the unit tests compare `writtenFor` with the installed versions.
 */
import type { RecentVersions } from '../analysis/recentVersions';

export interface LibraryFix {
  /** The upstream behaviour the fix corrects, in a line. */
  readonly corrects: string;
  /** Each library the fix changes, with the version whose code it was written against. */
  readonly writtenFor: Readonly<Record<string, string>>;
  /** Changes the library; a fix that reuses values of recent versions keeps them in `recent`. */
  readonly install: (recent: RecentVersions) => void;
}
