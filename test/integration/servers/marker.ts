import * as os from 'node:os';
import * as path from 'node:path';

/**
 * While this file exists, the server the extension host with this pid starts ignores `shutdown`
 * (ignoresShutdown.ts). One file per extension host, so test runs side by side do not meet.
 */
export function ignoreShutdownMarker(extensionHostPid: number): string {
  return path.join(os.tmpdir(), `dockerfile-stages-ignore-shutdown-${extensionHostPid}`);
}

/** The module the integration tests start as the language server, as built by build.mjs. */
export const testServerModule = 'out/integration/servers/ignoresShutdown.js';
