const usage = `Usage: dockerfile-stages [options]

Options:
  --stdio      run the language server over standard input and output
  --help       show this help
  --version    print the version
`;

function main(argv: readonly string[]): number | undefined {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage);
    return 0;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`${SERVER_VERSION}\n`);
    return 0;
  }
  if (argv.includes('--stdio') || argv.some((arg) => arg === '--node-ipc' || arg.startsWith('--socket='))) {
    void import('./server');
    return undefined;
  }
  process.stderr.write(`dockerfile-stages: unknown arguments: ${argv.join(' ') || '(none)'}\n\n${usage}`);
  return 2;
}

const exitCode = main(process.argv.slice(2));
if (exitCode !== undefined) process.exitCode = exitCode;
