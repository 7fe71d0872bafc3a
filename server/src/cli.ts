import { runCli } from './cli/program';
import { processIo } from './cli/io';
import { installLibraryFixes } from './libraryFixes/index';

installLibraryFixes();

void runCli(process.argv.slice(2), processIo()).then((exitCode) => {
  if (exitCode !== undefined) process.exitCode = exitCode;
});
