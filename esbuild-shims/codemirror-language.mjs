// What codemirror-lang-hcl needs of @codemirror/language to build its parser, and nothing else.
// The server only parses Bake files (server/src/analysis/builds/bake.ts); the editor integration
// (indentation, folding, the language object) would pull @codemirror/view and @codemirror/state
// into the server bundle for nothing, so esbuild.mjs maps the package here for the Node bundles.
// The parser and its grammar tables are the package's own; tests load the real package.

/** A node prop source that adds nothing to any node type. */
const noProps = { add: () => () => null };

export const indentNodeProp = noProps;
export const foldNodeProp = noProps;
export const delimitedIndent = () => () => null;
export const foldInside = () => null;

export const LRLanguage = {
  /** @param {{ parser: unknown }} spec */
  define: (spec) => ({ parser: spec.parser }),
};

export class LanguageSupport {
  /** @param {unknown} language */
  constructor(language) {
    this.language = language;
  }
}
