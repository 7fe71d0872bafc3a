import type {
  DocumentFormattingParams,
  DocumentOnTypeFormattingParams,
  DocumentRangeFormattingParams,
  FormattingOptions,
  TextEdit,
} from 'vscode-languageserver';
import type { FormatterSettings } from 'dockerfile-language-service';
import { modelFor, type ServerContext } from './context';

async function formatterSettings(context: ServerContext, uri: string, options: FormattingOptions): Promise<FormatterSettings> {
  const settings = await context.settings.get(uri);
  return { ...options, ignoreMultilineInstructions: settings.formatter.ignoreMultilineInstructions };
}

export async function formatDocument(context: ServerContext, params: DocumentFormattingParams): Promise<TextEdit[]> {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  return context.service.format(model.text, await formatterSettings(context, model.uri, params.options));
}

export async function formatRange(context: ServerContext, params: DocumentRangeFormattingParams): Promise<TextEdit[]> {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  return context.service.formatRange(model.text, params.range, await formatterSettings(context, model.uri, params.options));
}

export async function formatOnType(context: ServerContext, params: DocumentOnTypeFormattingParams): Promise<TextEdit[]> {
  const model = modelFor(context, params.textDocument.uri);
  if (!model) return [];
  const settings = await formatterSettings(context, model.uri, params.options);
  return context.service.formatOnType(model.text, params.position, params.ch, settings);
}
