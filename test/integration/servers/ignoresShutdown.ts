/**
 * The extension's server bundle, dist/server.js, which the integration tests have the extension
 * start through this module (DOCKERFILE_STAGES_SERVER_MODULE) so that one test can make it hang:
 * while the extension host's marker file exists, `shutdown` requests never reach the server, as
 * with a server stuck in a loop. Otherwise the bundle runs unchanged.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ignoreShutdownMarker } from './marker';

function isShutdown(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { method?: unknown }).method === 'shutdown';
}

// Node hands each IPC message to the server's reader by emitting `message` on the process.
const emit = process.emit.bind(process) as (event: string | symbol, ...args: unknown[]) => boolean;
process.emit = ((event: string | symbol, ...args: unknown[]) => {
  if (event === 'message' && isShutdown(args[0]) && existsSync(ignoreShutdownMarker(process.ppid))) return false;
  return emit(event, ...args);
}) as typeof process.emit;

// Loaded at run time from the repository's dist/, never bundled into this file.
createRequire(__filename)(path.resolve(__dirname, '..', '..', '..', 'dist', 'server.js'));
