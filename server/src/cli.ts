import { runCli } from './cli/program';
import { processIo } from './cli/io';

void runCli(process.argv.slice(2), processIo()).then((exitCode) => {
  if (exitCode !== undefined) process.exitCode = exitCode;
});
