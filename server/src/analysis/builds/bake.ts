import { hclLanguage } from 'codemirror-lang-hcl';
import { isMap, isScalar, isSeq } from 'yaml';
import { mapAt, nodeRange, readDocument, stringAt } from './yamlBuilds';
import { LinePositions } from '../positions';
import type { BuildValue, WrittenBuild } from './types';

type SyntaxNode = ReturnType<typeof hclLanguage.parser.parse>['topNode'];

/** A Bake target block as written: its own attributes and the targets it inherits from, in order. */
interface BakeTarget {
  readonly name: string;
  readonly context?: BuildValue;
  readonly dockerfile?: BuildValue;
  readonly target?: BuildValue;
  readonly inherits: readonly string[];
  readonly range: WrittenBuild['range'];
}

/** The attributes a target takes from those it inherits; its own win, then later parents over earlier ones. */
const inheritedAttributes = ['context', 'dockerfile', 'target'] as const;

/**
 * Every target's build with what it inherits filled in. A value keeps the range where it is
 * written, so a typo in a parent is reported once, at the parent. Groups only list targets, which
 * are builds of their own already.
 */
function resolveInheritance(targets: ReadonlyMap<string, BakeTarget>): WrittenBuild[] {
  const resolved = new Map<string, BakeTarget>();
  const resolve = (name: string, visiting: Set<string>): BakeTarget | undefined => {
    const own = targets.get(name);
    if (!own || visiting.has(name)) return own;
    const done = resolved.get(name);
    if (done) return done;
    visiting.add(name);
    const merged: Record<string, BuildValue | undefined> = {};
    for (const parent of own.inherits.map((parentName) => resolve(parentName, visiting))) {
      for (const attribute of inheritedAttributes) merged[attribute] = parent?.[attribute] ?? merged[attribute];
    }
    for (const attribute of inheritedAttributes) merged[attribute] = own[attribute] ?? merged[attribute];
    visiting.delete(name);
    const result: BakeTarget = { ...own, context: merged.context, dockerfile: merged.dockerfile, target: merged.target };
    resolved.set(name, result);
    return result;
  };
  return [...targets.keys()].flatMap((name) => {
    const target = resolve(name, new Set());
    return target ? [{ name, context: target.context?.value, dockerfile: target.dockerfile, dockerfileFrom: 'context' as const, target: target.target, range: target.range }] : [];
  });
}

/** The builds of a `docker-bake.hcl`, read with the HCL grammar; a file with syntax errors still yields the targets it can. */
export function bakeHclBuilds(text: string): WrittenBuild[] {
  const positions = new LinePositions(text);
  const targets = new Map<string, BakeTarget>();
  const body = hclLanguage.parser.parse(text).topNode.getChild('Body');
  for (const block of body?.getChildren('Block') ?? []) {
    const type = block.getChild('BlockType');
    const label = block.getChild('BlockLabel');
    if (!type || !label || text.slice(type.from, type.to) !== 'target') continue;
    const name = stringLiteral(text, label.getChild('StringLit') ?? label, positions);
    if (!name) continue;
    const attributes = new Map<string, SyntaxNode>();
    for (const attribute of block.getChild('Body')?.getChildren('Attribute') ?? []) {
      const key = attribute.getChild('Identifier');
      const expression = attribute.getChild('Expression');
      if (key && expression) attributes.set(text.slice(key.from, key.to), expression);
    }
    const valueOf = (key: string): BuildValue | undefined => {
      const expression = attributes.get(key);
      // A quoted string is a literal, or a template when it holds `${...}`.
      const quoted = expression?.getChild('LiteralValue')?.getChild('StringLit') ?? expression?.getChild('TemplateExpr')?.getChild('QuotedTemplate');
      return quoted ? stringLiteral(text, quoted, positions) : undefined;
    };
    const inherits = attributes.get('inherits')?.getChild('CollectionValue')?.getChild('Tuple')?.getChildren('Expression') ?? [];
    const parents = inherits.flatMap((expression) => {
      const literal = expression.getChild('LiteralValue')?.getChild('StringLit');
      const parent = literal ? stringLiteral(text, literal, positions) : undefined;
      return parent ? [parent.value] : [];
    });
    // A target block written again adds to the first, as Bake merges them.
    const earlier = targets.get(name.value);
    const merged = { context: valueOf('context'), dockerfile: valueOf('dockerfile'), target: valueOf('target') };
    targets.set(name.value, {
      name: name.value,
      context: merged.context ?? earlier?.context,
      dockerfile: merged.dockerfile ?? earlier?.dockerfile,
      target: merged.target ?? earlier?.target,
      inherits: parents.length > 0 ? parents : (earlier?.inherits ?? []),
      range: earlier?.range ?? name.range,
    });
  }
  return resolveInheritance(targets);
}

/** A quoted string's text and the range inside the quotes. */
function stringLiteral(text: string, node: SyntaxNode, positions: LinePositions): BuildValue | undefined {
  const open = node.getChild('QuotedTemplateStart');
  const close = node.getChild('QuotedTemplateEnd');
  if (!open || !close) return undefined;
  return { value: text.slice(open.to, close.from), range: positions.range(open.to, close.from) };
}

/** The builds of a `docker-bake.json`: `{"target": {"name": {"dockerfile": ..., "inherits": [...]}}}`. */
export function bakeJsonBuilds(text: string): WrittenBuild[] {
  const positions = new LinePositions(text);
  const targetMap = mapAt(readDocument(text)?.contents, 'target');
  const targets = new Map<string, BakeTarget>();
  for (const pair of targetMap?.items ?? []) {
    if (!isScalar(pair.key) || !isMap(pair.value)) continue;
    const inherits = pair.value.get('inherits', true);
    targets.set(String(pair.key.value), {
      name: String(pair.key.value),
      context: stringAt(pair.value, 'context', positions),
      dockerfile: stringAt(pair.value, 'dockerfile', positions),
      target: stringAt(pair.value, 'target', positions),
      inherits: isSeq(inherits) ? inherits.items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [item.value] : [])) : [],
      range: nodeRange(pair.key, positions),
    });
  }
  return resolveInheritance(targets);
}
