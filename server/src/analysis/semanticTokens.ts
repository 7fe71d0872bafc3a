import {
  Arg,
  Comment,
  Env,
  From,
  Healthcheck,
  Instruction,
  Keyword,
  ModifiableInstruction,
  Onbuild,
  type Argument,
} from 'dockerfile-ast';
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-types';
import type { DocumentModel } from './documentModel';
import { triggerOf, keywordOf } from './instructionFacts';
import { NO_MODIFIERS, PLAIN, TOKEN_MODIFIERS, TOKEN_TYPES, TokenWriter, WITH_STRINGS, type PlacedToken, type TokenModifier } from './semanticTokenWriter';
import { imageParts } from './semanticTokenVariables';

/**
 * Semantic tokens with exactly the data dockerfile-language-service 0.16.1 produces
 * (`computeSemanticTokens`, lib/dockerSemanticTokens.js, MIT, Remy Suen), in linear time.
 *
 * The library's rules are reproduced decision for decision, oddities included, because editors
 * and tests compare against it. What made it quadratic is gone:
 * - it appended every token with `Array.prototype.concat`, copying all earlier tokens;
 * - for every token it re-read the instruction's variables through dockerfile-ast's
 *   `getVariables()`, which resolves each variable against the whole file, and FROM's image
 *   name, tag and digest ranges do the same several times over;
 * - it searched all comments for each multi-line instruction.
 * Here tokens are pushed, each instruction's variables are scanned once for their ranges only
 * and looked up by binary search, and comments are matched to instructions in one sweep. The
 * parse is only read: the library deletes comments from the one it is given, which would
 * corrupt the parse the model shares with every other feature.
 *
 * This file decides which ranges each instruction has; semanticTokenWriter.ts cuts a range into
 * tokens and encodes them.
 */

/** The library's legend, in its order: type and modifier indexes in the data refer to it. */
export const semanticTokenLegend: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

export function computeSemanticTokens(model: DocumentModel): SemanticTokens {
  return { data: new TokenProducer(model).produce() };
}

/**
 * The same tokens with their ranges, for encoding as LSP prescribes: the library's own encoding
 * counts lines from where a token spanning lines ended, which a client reading LSP's encoding
 * places on the wrong lines, and on broken text it steps backwards.
 */
export function placedSemanticTokens(model: DocumentModel): PlacedToken[] {
  const producer = new TokenProducer(model);
  producer.produce();
  return producer.placed;
}

class TokenProducer extends TokenWriter {
  produce(): number[] {
    const dockerfile = this.model.dockerfile;
    for (const directive of dockerfile.getDirectives()) {
      const range = directive.getRange();
      const nameRange = directive.getNameRange();
      const valueRange = directive.getValueRange();
      this.token(null, { start: range.start, end: nameRange.start }, 'comment', NO_MODIFIERS, PLAIN);
      this.token(null, nameRange, 'property', NO_MODIFIERS, PLAIN);
      const operatorStart = { line: valueRange.start.line, character: valueRange.start.character - 1 };
      this.token(null, { start: operatorStart, end: valueRange.start }, 'operator', NO_MODIFIERS, PLAIN);
      if (valueRange.start.character !== valueRange.end.character) {
        this.token(null, valueRange, 'parameter', NO_MODIFIERS, PLAIN);
      }
    }
    for (const line of linesInOrder(dockerfile.getComments(), dockerfile.getInstructions())) {
      if (line instanceof Comment) {
        this.token(null, line.getRange(), 'comment', NO_MODIFIERS, PLAIN);
      } else {
        this.openQuote = null;
        this.instructionTokens(line);
      }
    }
    return this.data;
  }

  private instructionTokens(instruction: Instruction): void {
    const instructionRange = instruction.getInstructionRange();
    const keywordModifiers: readonly TokenModifier[] = keywordOf(instruction) === Keyword.MAINTAINER ? ['deprecated'] : NO_MODIFIERS;
    this.token(instruction, instructionRange, 'keyword', keywordModifiers);
    if (instruction instanceof ModifiableInstruction) this.flagTokens(instruction);

    const args = instruction.getArguments();
    if (args.length === 0) {
      const range = instruction.getRange();
      // Only escaped newlines and comments follow the keyword.
      if (range.start.line !== range.end.line) this.lineBreakTokens(instruction, instructionRange.end, range.end);
      return;
    }
    if (instruction instanceof Arg || instruction instanceof Env) {
      for (const property of instruction.getProperties()) {
        const nameRange = property.getNameRange();
        this.token(instruction, nameRange, 'variable', ['declaration'], PLAIN);
        const valueRange = property.getValueRange();
        if (valueRange === null) continue;
        // `substring`, like the library's getText, swaps reversed bounds.
        const between = this.text.substring(this.positions.offsetAt(nameRange.end), this.positions.offsetAt(valueRange.start));
        if (between.startsWith('=')) {
          const operatorEnd = this.positions.positionAt(this.positions.offsetAt(nameRange.end) + 1);
          this.token(instruction, { start: nameRange.end, end: operatorEnd }, 'operator', NO_MODIFIERS, { variables: false, strings: false });
        }
        this.token(instruction, valueRange, 'parameter', NO_MODIFIERS, WITH_STRINGS);
      }
      return;
    }
    if (instruction instanceof From) {
      this.fromTokens(instruction, args);
      return;
    }
    if (instruction instanceof Healthcheck) {
      const subcommand = instruction.getSubcommand();
      if (subcommand !== null) this.token(instruction, subcommand.getRange(), 'keyword');
      if (args.length > 1) this.argumentTokens(instruction, args.slice(1));
      return;
    }
    if (instruction instanceof Onbuild) {
      const trigger = triggerOf(instruction, this.model.instructionReads);
      if (trigger !== null) this.instructionTokens(trigger);
      return;
    }
    this.argumentTokens(instruction, args);
  }

  private flagTokens(instruction: ModifiableInstruction): void {
    for (const flag of instruction.getFlags()) {
      const nameEnd = flag.getNameRange().end;
      const dashesAndName = { start: flag.getRange().start, end: nameEnd };
      this.token(instruction, dashesAndName, 'parameter');
      const value = flag.getValue();
      if (value === null) continue;
      if (flag.hasOptions()) {
        const equalsSign = { start: nameEnd, end: { line: nameEnd.line, character: nameEnd.character + 1 } };
        this.token(instruction, equalsSign, 'operator', NO_MODIFIERS, { variables: false, strings: false });
        for (const option of flag.getOptions()) {
          const optionNameRange = option.getNameRange();
          this.token(instruction, optionNameRange, 'parameter');
          const optionValueRange = option.getValueRange();
          if (optionValueRange === null) continue;
          this.token(instruction, { start: optionNameRange.end, end: optionValueRange.start }, 'operator', NO_MODIFIERS, { variables: false, strings: false });
          if (option.getValue() !== '') this.token(instruction, optionValueRange, 'property');
        }
      } else {
        const valueRange = flag.getValueRange();
        if (valueRange === null) continue;
        this.token(instruction, { start: nameEnd, end: valueRange.start }, 'operator', NO_MODIFIERS, { variables: false, strings: false });
        if (value !== '') this.token(instruction, valueRange, 'property');
      }
    }
  }

  private fromTokens(from: From, args: Argument[]): void {
    const image = imageParts(args[0].getRange(), this.variablesOf(from), this.text, this.positions);
    this.token(from, image.name, 'class');
    if (image.tag !== null) this.token(from, image.tag, 'property');
    if (image.digest !== null) this.token(from, image.digest, 'property');
    if (args.length <= 1) return;
    if (args[1].getValue().toUpperCase() !== 'AS') {
      this.argumentTokens(from, args.slice(1));
      return;
    }
    this.token(from, args[1].getRange(), 'keyword');
    if (args.length > 2) this.token(from, args[2].getRange(), 'namespace');
    if (args.length > 3) this.argumentTokens(from, args.slice(3));
  }

  private argumentTokens(instruction: Instruction, args: Argument[]): void {
    for (const arg of args) this.token(instruction, arg.getRange(), 'parameter', NO_MODIFIERS, WITH_STRINGS);
    const lastEnd = args[args.length - 1].getRange().end;
    const instructionEnd = instruction.getRange().end;
    if (lastEnd.line !== instructionEnd.line || lastEnd.character !== instructionEnd.character) {
      this.lineBreakTokens(instruction, lastEnd, instructionEnd);
    }
  }
}

/**
 * Comments and instructions by start line, comments first on a tie, leaving out comments
 * between the first and last line of a continued instruction (its line breaks cover them).
 */
function linesInOrder(comments: readonly Comment[], instructions: readonly Instruction[]): (Comment | Instruction)[] {
  const kept: Comment[] = [];
  let next = 0;
  for (const comment of comments) {
    const line = comment.getRange().start.line;
    while (next < instructions.length && instructions[next].getRange().end.line <= line) next++;
    const enclosing = next < instructions.length ? instructions[next].getRange() : null;
    if (enclosing === null || !(enclosing.start.line < line && line < enclosing.end.line)) kept.push(comment);
  }
  const lines: (Comment | Instruction)[] = [];
  let c = 0;
  let i = 0;
  while (c < kept.length || i < instructions.length) {
    const takeComment =
      i === instructions.length || (c < kept.length && kept[c].getRange().start.line <= instructions[i].getRange().start.line);
    lines.push(takeComment ? kept[c++] : instructions[i++]);
  }
  return lines;
}
