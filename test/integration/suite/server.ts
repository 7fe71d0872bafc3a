import { testServerModule } from '../servers/marker';
import { childProcessRunning } from '../../processes';

/** The language server: this extension host's child process running the tests' server module. */
export function serverPid(): number | undefined {
  return childProcessRunning(testServerModule);
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
