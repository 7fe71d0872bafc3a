import type { DockerfileLanguageService } from 'dockerfile-language-service';
import type { Location } from 'vscode-languageserver-types';

/**
 * The language library with its variable-resolving calls answering empty on texts where they
 * would take seconds (infra/limits.ts counts the work); every other call goes straight
 * through. Unlike the other fixes it changes no class: it wraps one service object.
 */
export function withVariableLimit(service: DockerfileLanguageService, quick: (text: string) => boolean): DockerfileLanguageService {
  // Calls run on the limited object, so the state the library keeps (capabilities, logger) is one.
  const limited = Object.create(service) as DockerfileLanguageService;
  Object.assign(limited, {
    validate: (text, settings) => (quick(text) ? service.validate.call(limited, text, settings) : []),
    computeHover: (text, position) => (quick(text) ? service.computeHover.call(limited, text, position) : null),
    // The library itself answers null where its typings promise a Location.
    computeDefinition: (document, text, position) => (quick(text) ? service.computeDefinition.call(limited, document, text, position) : (null as unknown as Location)),
    // Links name the images of FROM lines with their variables resolved, one walk of the file each.
    computeLinks: (text) => (quick(text) ? service.computeLinks.call(limited, text) : []),
    computeHighlightRanges: (text, position) => (quick(text) ? service.computeHighlightRanges.call(limited, text, position) : []),
    prepareRename: (text, position) => (quick(text) ? service.prepareRename.call(limited, text, position) : null),
    computeRename: (document, text, position, newName) => (quick(text) ? service.computeRename.call(limited, document, text, position, newName) : []),
  } satisfies Partial<DockerfileLanguageService>);
  return limited;
}
