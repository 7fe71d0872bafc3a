import { DockerfileParser } from 'dockerfile-ast';
import { parseDockerfile, type DocumentModelCache } from '../analysis/documentModel';

/**
 * dockerfile-language-service and dockerfile-utils parse the whole text again on every request.
 * Routing their parser through the model cache makes every request on an unchanged document
 * reuse the one parse of its current version; text we do not know is parsed as before.
 */
export function shareParsesWithLibrary(models: DocumentModelCache): void {
  Object.assign(DockerfileParser, {
    parse: (text: string) => models.findByText(text)?.dockerfile ?? parseDockerfile(text),
  });
}
