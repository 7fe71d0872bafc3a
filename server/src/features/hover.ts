import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { buildHover } from '../analysis/hover/index';
import { modelFor, type ServerContext } from './context';

/**
 * Stage references, stage names, base images, undocumented flags and heredocs get our hover;
 * everything else (instruction keywords first of all) the library's.
 */
export async function hover(context: ServerContext, params: HoverParams): Promise<Hover | null> {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return null;
  if (acceptsMarkdown(context)) {
    const { platforms } = await context.settings.get(model.uri);
    const ours = buildHover(model, params.position, { now: new Date(), platforms, builtElsewhere: context.builds.buildsOf(model.uri) });
    if (ours) return { contents: { kind: MarkupKind.Markdown, value: ours.markdown }, range: ours.range };
  }
  return context.service.computeHover(model.text, params.position);
}

/** Our hovers are Markdown with links; a client that asked for plain text only gets the library's. */
function acceptsMarkdown(context: ServerContext): boolean {
  const formats = context.clientCapabilities.textDocument?.hover?.contentFormat;
  return formats === undefined || formats.includes(MarkupKind.Markdown);
}
