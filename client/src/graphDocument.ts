/**
 * Whether a Dockerfile's graph is worth drawing, decided from the graph and the text. No vscode
 * import, so it is unit-tested directly.
 */
import type { StageGraph } from '../../server/src/protocol/stageGraph';

/** Lines that are neither blank nor comments (parser directives are comments too). */
function hasInstructions(text: string): boolean {
  return text.split(/\r?\n|\r/).some((line) => {
    const trimmed = line.trim();
    return trimmed !== '' && !trimmed.startsWith('#');
  });
}

/**
 * Why the graph of this text should not replace the last one drawn, or undefined when it should.
 * An empty file (nothing but comments) is not invalid: its graph is the empty state.
 */
export function invalidGraphReason(graph: StageGraph, text: string): string | undefined {
  if (graph.stages.length === 0) return hasInstructions(text) ? 'This Dockerfile has no FROM instruction yet.' : undefined;
  const imageless = graph.stages.find((stage) => stage.baseImage.trim() === '');
  if (imageless) return `The FROM instruction on line ${imageless.range.start.line + 1} names no image yet.`;
  return undefined;
}
