import { DockerRegistryClient } from 'dockerfile-language-service/lib/dockerRegistryClient';
import type { LibraryFix } from './libraryFix';

/**
 * The library completes the tag of a FROM image by asking Docker Hub (auth.docker.io, then
 * registry-1.docker.io) for the image's tags, so opening a Dockerfile would send the image names
 * it holds over the network, and each completion could wait seconds on an offline machine. The
 * server makes no network requests: tag completion offers no tags.
 */
export const offlineRegistry: LibraryFix = {
  corrects: 'tag completion asks Docker Hub for the tags of the image over the network',
  writtenFor: { 'dockerfile-language-service': '0.16.1' },
  install: () => {
    DockerRegistryClient.prototype.getTags = () => Promise.resolve([]);
  },
};
