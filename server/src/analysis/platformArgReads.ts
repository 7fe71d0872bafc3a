import type { ArgDeclaration, StageModel } from './stageTypes';
import { platformArgNames } from './variables';

/**
 * The automatic platform ARGs (TARGETARCH, ...) a FROM text reading `names` reads in the global
 * scope: directly, or through the defaults of global ARGs, at any depth. With
 * `ARG FLAVOR=${TARGETARCH}`, what `FROM ${FLAVOR}` names depends on the platform.
 *
 * BuildKit declares the global ARGs in order, each default expanded with the values declared
 * before it, and a later declaration with a default replaces the earlier one: so a name is read
 * from the last declaration before the reader that has a default (`ARG A=${A}-x` reads the `A`
 * before it; `ARG A=3.20` after `ARG A=${TARGETARCH}` reads no platform ARG), and a declaration
 * without a default keeps the value before it. A platform ARG with no such declaration holds
 * the platform's value.
 */
export function platformArgsRead(model: StageModel, names: readonly string[]): string[] {
  const { globalArgs } = model;
  const found = new Set<string>();
  /** Declarations whose defaults were already followed, by position. */
  const followed = new Set<number>();
  const pending = names.map((name) => ({ name, before: globalArgs.length }));
  while (pending.length > 0) {
    const { name, before } = pending.pop() as { name: string; before: number };
    const position = lastValueBefore(globalArgs, name, before);
    if (position < 0) {
      if (platformArgNames.includes(name)) found.add(name);
    } else if (!followed.has(position)) {
      followed.add(position);
      for (const variable of globalArgs[position].defaultVariables) pending.push({ name: variable, before: position });
    }
  }
  return [...found];
}

/** The position of the last global declaration of `name` before `before` that has a default, -1 when none has. */
function lastValueBefore(globalArgs: readonly ArgDeclaration[], name: string, before: number): number {
  for (let position = before - 1; position >= 0; position--) {
    const declaration = globalArgs[position];
    // A default's value is unknown only when it reads a variable, so a default shows in one or the other.
    if (declaration.name === name && (declaration.defaultValue !== undefined || declaration.defaultVariables.length > 0)) return position;
  }
  return -1;
}
