import { inCaseOf } from '../rules/reference/support';
import type { ArtifactCopy } from './artifacts';
import type { ConversionPlan, GeneratedInstruction } from './plan';
import type { ConvertStageFacts, InstructionFacts } from './stageFacts';
import { baseName } from './paths';
import { blockOf, blockStartLine, isBlank, type SourceBlock } from './source';

export interface StageNames {
  readonly build: string;
  readonly runtime: string;
}

/** Lines with the blank-line rules of a Dockerfile written by hand: at most one blank line in a row. */
class Writer {
  readonly lines: string[] = [];

  blank(): void {
    if (this.lines.length > 0 && !isBlank(this.lines[this.lines.length - 1])) this.lines.push('');
  }

  block(block: SourceBlock): void {
    if (block.blankBefore) this.blank();
    this.lines.push(...block.leading, ...block.lines);
  }

  generated(instruction: GeneratedInstruction): void {
    if (instruction.comment) this.comment(instruction.comment);
    this.lines.push(instruction.text);
  }

  comment(text: string): void {
    this.lines.push(...wrapComment(text));
  }
}

/** Comment lines of at most about 100 characters. */
function wrapComment(text: string): string[] {
  const lines: string[] = [];
  let current = '#';
  for (const word of text.split(/\s+/)) {
    if (current.length > 1 && current.length + word.length + 1 > 100) {
      lines.push(current);
      current = '#';
    }
    current += ` ${word}`;
  }
  lines.push(current);
  return lines;
}

/**
 * The converted text: everything above the converted stage unchanged, then the build stage and
 * the runtime stage, each original instruction's lines copied as written.
 */
export function renderConversion(facts: ConvertStageFacts, plan: ConversionPlan, names: StageNames): { readonly text: string; readonly startLine: number } {
  const { layout, stage } = facts;
  const startLine = blockStartLine(layout, stage.from);
  const from = blockOf(layout, stage.from);
  const build = new Writer();
  const above = layout.lines[startLine - 1];
  // Parser directives or global ARGs right above: the stage comment starts a paragraph of its own.
  if (above !== undefined && !isBlank(above)) build.lines.push('');
  build.lines.push(...from.leading);
  build.comment(`Build stage: ${plan.buildPurpose}`);
  build.lines.push(...fromLinesNamed(facts, names.build));

  const insertionsAt = (position: number) => plan.buildInsertions.filter((insertion) => insertion.position === position);
  for (const instruction of facts.instructions) {
    const inserted = insertionsAt(instruction.position);
    if (inserted.length > 0) {
      // A commented insertion reads as its own paragraph.
      if (instruction.block.blankBefore || inserted[0].instruction.comment) build.blank();
      for (const insertion of inserted) build.generated(insertion.instruction);
    }
    if (plan.placements[instruction.position] === 'runtime') continue;
    build.block(inserted.length > 0 ? { ...instruction.block, blankBefore: false } : instruction.block);
  }
  const atEnd = plan.buildInsertions.filter((insertion) => insertion.position >= facts.instructions.length);
  if (atEnd.length > 0) build.blank();
  for (const insertion of atEnd) build.generated(insertion.instruction);

  const runtime = new Writer();
  runtime.comment(`Runtime stage: ${plan.runtimePurpose}`);
  runtime.lines.push(runtimeFromLine(facts, plan, names.runtime));
  for (const note of plan.notes) runtime.comment(note);
  if (plan.notes.length > 0) runtime.blank();
  for (const instruction of plan.runtimePrelude) runtime.generated(instruction);
  const last = facts.lastBuildPosition;
  const inRuntime = facts.instructions.filter((instruction) => plan.placements[instruction.position] !== 'build');
  const writeRuntime = (instruction: InstructionFacts): void => {
    const replacement = plan.replacements.get(instruction.position);
    if (!replacement) {
      runtime.block(instruction.block);
      return;
    }
    // The original stays visible as a comment above what replaces it.
    runtime.block({ ...instruction.block, lines: [] });
    if (replacement.comment) runtime.comment(replacement.comment);
    runtime.lines.push(...instruction.block.lines.map((line) => `# ${line}`), replacement.text);
  };
  // A start instruction written before the build (CMD early in the file) is replaced where it stands too.
  for (const instruction of inRuntime.filter((instruction) => instruction.position <= last)) writeRuntime(instruction);
  if (plan.runtimeSetup.length > 0) runtime.blank();
  for (const instruction of plan.runtimeSetup) runtime.generated(instruction);
  runtime.blank();
  runtime.comment(plan.artifactPurpose);
  for (const group of sharedCopies(plan.artifacts)) {
    const [artifact] = group;
    if (artifact.optional) runtime.comment(`${artifact.source} only when the build made it: the step that writes it may not run`);
    runtime.lines.push(group.length > 1 ? filesCopyLine(names.build, group) : copyLine(facts, names.build, artifact));
  }
  for (const instruction of plan.runtimeAfterArtifacts) runtime.generated(instruction);
  runtime.blank();
  for (const instruction of inRuntime.filter((instruction) => instruction.position > last)) writeRuntime(instruction);
  if (layout.trailing.length > 0) {
    runtime.blank();
    runtime.lines.push(...layout.trailing);
  }

  while (runtime.lines.length > 0 && isBlank(runtime.lines[runtime.lines.length - 1])) runtime.lines.pop();
  const prefix = layout.lines.slice(0, startLine);
  const lines = [...prefix, ...build.lines, '', ...runtime.lines];
  return { text: lines.join(layout.eol) + layout.eol, startLine };
}

/** The stage's FROM lines as written, naming the stage `name`: after `AS`, or added in the FROM keyword's case. */
export function fromLinesNamed(facts: ConvertStageFacts, name: string): string[] {
  const { stage } = facts;
  const lines = [...blockOf(facts.layout, stage.from).lines];
  const first = stage.from.getRange().start.line;
  if (stage.nameRange) {
    const { start, end } = stage.nameRange;
    const index = start.line - first;
    if (start.line === end.line) lines[index] = lines[index].slice(0, start.character) + name + lines[index].slice(end.character);
    return lines;
  }
  const end = stage.base.range.end;
  const index = end.line - first;
  lines[index] = `${lines[index].slice(0, end.character)} ${inCaseOf(stage.from.getInstruction(), 'AS')} ${name}${lines[index].slice(end.character)}`;
  return lines;
}

function runtimeFromLine(facts: ConvertStageFacts, plan: ConversionPlan, name: string): string {
  const keyword = facts.stage.from.getInstruction();
  const platform = facts.stage.platform;
  // A build for the builder's platform cross-compiles; the runtime image is the target's.
  const flag = platform && !/BUILDPLATFORM|BUILDOS|BUILDARCH/.test(platform.text) ? ` --platform=${platform.text}` : '';
  return `${inCaseOf(keyword, 'FROM')}${flag} ${plan.runtime.image} ${inCaseOf(keyword, 'AS')} ${name}`;
}

function copyLine(facts: ConvertStageFacts, buildName: string, artifact: ArtifactCopy): string {
  const paths = artifact.optional ? optionalPaths(artifact) : [artifact.source, artifact.destination];
  if (paths.some((path) => /\s/.test(path))) return `COPY --from=${buildName} ${JSON.stringify(paths)}`;
  // With `\` as the escape character a Windows path is safer with forward slashes.
  const written = facts.escape === '\\' ? paths.map((path) => (/^[A-Za-z]:\\/.test(path) ? path.replace(/\\/g, '/') : path)) : paths;
  return `COPY --from=${buildName} ${written.join(' ')}`;
}

/** The folder a path is in, with its trailing slash (`/` for `/config.json`). */
function folderOf(path: string): string {
  return path.slice(0, path.length - baseName(path).length);
}

/**
 * The copies in order, with consecutive files bound for the same folder at the same path as in
 * the build stage grouped: one COPY of several files into a folder puts each there under its own
 * name. Folders stay one per COPY, as a copied folder's contents land in the destination itself.
 */
function sharedCopies(artifacts: readonly ArtifactCopy[]): ArtifactCopy[][] {
  const groups: ArtifactCopy[][] = [];
  const shares = (artifact: ArtifactCopy) => artifact.file === true && !artifact.optional && artifact.source === artifact.destination && !artifact.source.includes('\\');
  for (const artifact of artifacts) {
    const last = groups.at(-1);
    if (last && shares(artifact) && shares(last[0]) && folderOf(last[0].source) === folderOf(artifact.source)) last.push(artifact);
    else groups.push([artifact]);
  }
  return groups;
}

function filesCopyLine(buildName: string, files: readonly ArtifactCopy[]): string {
  const paths = [...files.map((file) => file.source), folderOf(files[0].source)];
  return paths.some((path) => /\s/.test(path)) ? `COPY --from=${buildName} ${JSON.stringify(paths)}` : `COPY --from=${buildName} ${paths.join(' ')}`;
}

/**
 * A file that may not exist, as a pattern that matches only it (`/out/too[l]`) into its folder:
 * BuildKit's COPY lets a pattern match nothing, so the copy holds the file when the build made it.
 */
function optionalPaths(artifact: ArtifactCopy): [string, string] {
  const name = baseName(artifact.source);
  const pattern = `${artifact.source.slice(0, artifact.source.length - 1)}[${artifact.source.slice(-1)}]`;
  return [name === '' ? artifact.source : pattern, artifact.destination.slice(0, artifact.destination.length - baseName(artifact.destination).length)];
}
