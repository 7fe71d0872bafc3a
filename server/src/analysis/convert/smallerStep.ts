import type { TextEdit } from 'vscode-languageserver-types';
import type { DocumentModel } from '../documentModel';
import { appendToRun } from '../rules/image/support';
import type { PackageManager } from '../runCommands';
import type { ConvertStageFacts } from './stageFacts';

/**
 * A change smaller than the conversion that does help, for a decline to name and the editor to
 * offer as a code action.
 */
export interface SmallerStep {
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
 * Build tools that no step uses, removed at the end of each RUN that installs them, so that no
 * layer keeps them. Undefined when a RUN cannot be appended to (exec form, a heredoc) or its
 * package manager has no remove command here.
 */
export function removeUnusedBuildTools(model: DocumentModel, facts: ConvertStageFacts): SmallerStep | undefined {
  const edits: TextEdit[] = [];
  const removed: string[] = [];
  for (const { run } of facts.instructions) {
    const names = [...new Set(run?.keptBuildPackages.map((kept) => kept.name) ?? [])];
    if (!run || names.length === 0) continue;
    const command = REMOVE_COMMANDS[run.keptBuildPackages[0].install.manager];
    const edit = command ? appendToRun(model, run, `${command} ${names.join(' ')}`) : undefined;
    if (!edit) return undefined;
    edits.push(edit);
    removed.push(...names);
  }
  return edits.length > 0 ? { title: `Remove ${removed.join(', ')} in the RUN that installs ${removed.length === 1 ? 'it' : 'them'}`, edits } : undefined;
}
