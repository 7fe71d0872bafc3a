import type { Instruction } from 'dockerfile-ast';
import { mayHoldWord, propertiesOf, type InstructionReads } from './instructionFacts';
import { expandWord, type Binding } from './variables';

/**
 * Variables visible at one point of the file: an immutable chain from the latest declaration
 * back, so each point keeps seeing what was declared before it. ENV shadows ARG, as in BuildKit,
 * where a stage's environment wins over its build arguments when words are expanded. An ENV is
 * read only when a lookup reaches it with a name its text may declare: reading its properties is
 * the costliest step of the model, and most ENVs are never looked into.
 */
export class Scope {
  private constructor(private readonly head: Link | undefined) {}

  static readonly empty = new Scope(undefined);

  readonly lookup = (name: string): Binding | undefined => find(this.head, name)?.binding;

  /** The scope with an ARG declared, unless an ENV has set the name. */
  withArg(name: string, binding: Binding): Scope {
    if (find(this.head, name)?.fromEnv) return this;
    return new Scope({ name, binding, fromEnv: false, next: this.head });
  }

  withEnv(env: Instruction, reads: InstructionReads): Scope {
    return new Scope(new PendingEnv(env, reads, this.head));
  }
}

interface BindingLink {
  readonly name: string;
  readonly binding: Binding;
  readonly fromEnv: boolean;
  readonly next: Link | undefined;
}

type Link = BindingLink | PendingEnv;

/** An ENV instruction whose properties are read on first need. */
class PendingEnv {
  private links: Link | undefined | null = null;

  constructor(
    private readonly env: Instruction,
    private readonly reads: InstructionReads,
    readonly next: Link | undefined,
  ) {}

  /** False when the ENV cannot set `name`: its text does not hold the name. */
  mayDeclare(name: string): boolean {
    return mayHoldWord(this.env, this.reads, name);
  }

  /** The chain with the ENV's properties in front, each expanded with the ones before it. */
  read(): Link | undefined {
    if (this.links === null) {
      // The ENVs before this one are read first, oldest first, so that expanding one never
      // reads another: a FROM chain can be thousands of stages long, too deep for recursion.
      const unread: PendingEnv[] = [];
      for (let link = this.next; link; link = link.next) {
        if (link instanceof PendingEnv) {
          if (link.links !== null) break;
          unread.push(link);
        }
      }
      for (let index = unread.length - 1; index >= 0; index--) unread[index].expand();
      this.expand();
    }
    return this.links ?? undefined;
  }

  private expand(): void {
    let head = this.next;
    for (const property of propertiesOf(this.env, this.reads)) {
      const raw = property.getUnescapedValue() ?? '';
      const value = expandWord(raw, (name) => find(head, name)?.binding, this.reads.escapeChar).value;
      head = { name: property.getName(), binding: bindingOf(value), fromEnv: true, next: head };
    }
    this.links = head;
  }
}

/**
 * The latest binding of `name`. Once an ENV sets a name, later ARGs of it are not declared, so
 * the latest binding of such a name is always the ENV's.
 */
function find(head: Link | undefined, name: string): BindingLink | undefined {
  let link = head;
  while (link) {
    if (link instanceof PendingEnv) {
      link = link.mayDeclare(name) ? link.read() : link.next;
    } else if (link.name === name) {
      return link;
    } else {
      link = link.next;
    }
  }
  return undefined;
}

export const unknownBinding: Binding = { kind: 'unknown' };
export const unsetBinding: Binding = { kind: 'unset' };

export function bindingOf(value: string | undefined): Binding {
  return value === undefined ? unknownBinding : { kind: 'value', value };
}
