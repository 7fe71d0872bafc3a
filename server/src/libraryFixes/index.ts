import { RecentVersions } from '../analysis/recentVersions';
import { argumentMemo } from './argumentMemo';
import type { LibraryFix } from './libraryFix';
import { offlineRegistry } from './offlineRegistry';
import { parserRepairs } from './parserRepairs';
import { validationMemo } from './validationMemo';

/**
 * Every fix that changes the libraries' classes. Two more changes go through the libraries'
 * public API for one server's documents, and the server makes them itself: sharedParse.ts routes
 * the parser through its document cache, variableLimit.ts wraps its language service.
 */
export const libraryFixes: readonly LibraryFix[] = [...parserRepairs, argumentMemo, validationMemo, offlineRegistry];

let installed = false;

/**
 * Installs every fix, once. Importing a module changes nothing: each entry point (the server, the
 * CLI, a test that uses the libraries) calls this before its first use of them. The server passes
 * its document cache's store of values kept across versions, so one store, with one eviction
 * rule, holds them all.
 */
export function installLibraryFixes(recent: RecentVersions = new RecentVersions()): void {
  if (installed) return;
  installed = true;
  for (const fix of libraryFixes) fix.install(recent);
}
