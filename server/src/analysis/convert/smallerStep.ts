import type { TextEdit } from 'vscode-languageserver-types';
import type { DocumentModel } from '../documentModel';
import { cacheFix, PRODUCTION_FLAGS } from '../rules/image/finalStage';
import { appendToRun, insertAfterWord, lineOf } from '../rules/image/support';
import type { PackageInstall, PackageManager, RunAnalysis } from '../runCommands';
import { commandName } from '../shell';
import { devDependencyAtStart } from './ecosystems/node';
import type { ConvertStageFacts } from './stageFacts';

/**
 * A change smaller than the conversion that does help, for a decline to name and the editor to
 * offer as a code action.
 */
export interface SmallerStep {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** What a decline may offer instead of the conversion, besides the steps every decline gets. */
export interface SmallerStepOptions {
  /** The stage installs build tools that no step uses: remove them. */
  readonly removeUnusedTools?: boolean;
}

interface Part {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** How each distribution package manager removes packages, with what they alone pulled in. */
const REMOVE_COMMANDS: Partial<Record<PackageManager, string>> = {
  apt: 'apt-get purge -y --auto-remove',
  apk: 'apk del',
  dnf: 'dnf remove -y',
  yum: 'yum remove -y',
  microdnf: 'microdnf remove -y',
  zypper: 'zypper remove -y',
};

/**
 * The smaller changes that make the final stage lighter without a second stage, as one step: the
 * unused build tools removed (when asked), package caches cleaned in the RUN that fills them,
 * apt's recommended packages left out, and development dependencies left out when nothing builds
 * with them and the start does not run one. Undefined when none applies.
 */
export function smallerStep(model: DocumentModel, facts: ConvertStageFacts, options: SmallerStepOptions = {}): SmallerStep | undefined {
  const runs = facts.instructions.flatMap((instruction) => (instruction.run ? [{ run: instruction.run, position: instruction.position }] : []));
  const removal = options.removeUnusedTools ? removeUnusedBuildTools(model, runs.map(({ run }) => run)) : undefined;
  const parts: Part[] = [
    ...(removal ? [removal] : []),
    ...runs.flatMap(({ run }) => run.installs.flatMap((install) => withoutRecommends(model, install))),
    ...runs.flatMap(({ run }) => run.leftCaches.flatMap((leak) => cacheFix(model, run, leak).map((fix) => ({ title: `${fix.title}${fix.title.startsWith('Add') ? ` to ${leak.command.argv.slice(0, 2).join(' ')}` : ''} (line ${lineOf(leak.command.range)})`, edits: fix.edits })))),
    ...runs.flatMap(({ run, position }) => (builtLater(facts, run, position) ? [] : run.devDependencyInstalls.flatMap((install) => productionOnly(model, facts, install)))),
  ];
  if (parts.length === 0) return undefined;
  const titles = [...new Set(parts.map((part) => part.title))];
  return { title: titles.map((title, index) => (index === 0 ? title : title.charAt(0).toLowerCase() + title.slice(1))).join('; '), edits: parts.flatMap((part) => part.edits) };
}

/**
 * Build tools that no step uses, removed at the end of each RUN that installs them, so that no
 * layer keeps them. Undefined when a RUN cannot be appended to (exec form, a heredoc) or its
 * package manager has no remove command here.
 */
function removeUnusedBuildTools(model: DocumentModel, runs: readonly RunAnalysis[]): Part | undefined {
  const edits: TextEdit[] = [];
  const removed: string[] = [];
  for (const run of runs) {
    const names = [...new Set(run.keptBuildPackages.map((kept) => kept.name))];
    if (names.length === 0) continue;
    const command = REMOVE_COMMANDS[run.keptBuildPackages[0].install.manager];
    const edit = command ? appendToRun(model, run, `${command} ${names.join(' ')}`) : undefined;
    if (!edit) return undefined;
    edits.push(edit);
    removed.push(...names);
  }
  return edits.length > 0 ? { title: `Remove ${removed.join(', ')} in the RUN that installs ${removed.length === 1 ? 'it' : 'them'}`, edits } : undefined;
}

/** `apt-get install` without `--no-install-recommends` also installs what the packages only recommend. */
function withoutRecommends(model: DocumentModel, install: PackageInstall): Part[] {
  if (install.manager !== 'apt' || install.subcommand !== 'install' || install.command.argv.some((word) => /^--no-install-recommends$|Install-Recommends/.test(word))) return [];
  const edit = insertAfterWord(model, install.command, install.subcommand, ' --no-install-recommends');
  return edit ? [{ title: `Add --no-install-recommends to ${commandName(install.command)} install (line ${lineOf(install.command.range)})`, edits: [edit] }] : [];
}

/** True when a build runs after the RUN's last install (in it or in a later RUN): it may need the development dependencies. */
function builtLater(facts: ConvertStageFacts, run: RunAnalysis, position: number): boolean {
  return run.builds.length > 0 || facts.instructions.some((instruction) => instruction.position > position && (instruction.run?.builds.length ?? 0) > 0);
}

function productionOnly(model: DocumentModel, facts: ConvertStageFacts, install: PackageInstall): Part[] {
  const flag = PRODUCTION_FLAGS[install.manager];
  if (!flag || devDependencyAtStart(facts) !== undefined) return [];
  const written = install.subcommand ?? commandName(install.command);
  const edit = insertAfterWord(model, install.command, written, ` ${flag}`);
  return edit ? [{ title: `Add ${flag} to ${commandName(install.command)} ${written} (line ${lineOf(install.command.range)})`, edits: [edit] }] : [];
}
