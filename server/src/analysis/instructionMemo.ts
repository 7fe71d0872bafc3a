import type { Instruction } from 'dockerfile-ast';

/**
 * A value worked out once per parsed instruction and kept on the instruction itself. A WeakMap
 * keyed by instruction would do the same, but every version's parse puts its hundreds of
 * instructions in each such map, and the garbage collector's extra work on WeakMap entries
 * (ephemerons) was a measurable share of a version's CPU time. A parse is of one immutable text, so a
 * value never goes stale; the symbol keeps it out of the library's own properties.
 */
export function instructionMemo<T>(description: string): (instruction: Instruction, compute: () => T) => T {
  const key = Symbol(description);
  return (instruction, compute) => {
    const holder = instruction as unknown as { [key]?: T };
    if (key in holder) return holder[key] as T;
    const value = compute();
    holder[key] = value;
    return value;
  };
}
