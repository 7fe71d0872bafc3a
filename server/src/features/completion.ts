import type { CompletionItem, CompletionParams } from 'vscode-languageserver';
import { DockerRegistryClient } from 'dockerfile-language-service/lib/dockerRegistryClient';
import { modelFor, type ServerContext } from './context';

/**
 * The library completes the tag of a FROM image by asking Docker Hub (auth.docker.io, then
 * registry-1.docker.io) for the image's tags, so opening a Dockerfile would send the image names
 * it holds over the network, and each completion could wait seconds on an offline machine. The
 * server makes no network requests: tag completion offers no tags.
 */
DockerRegistryClient.prototype.getTags = () => Promise.resolve([]);

export async function completion(context: ServerContext, params: CompletionParams): Promise<CompletionItem[]> {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  return context.service.computeCompletionItems(model.text, params.position);
}

export function resolveCompletion(context: ServerContext, item: CompletionItem): CompletionItem {
  return context.service.resolveCompletionItem(item);
}
