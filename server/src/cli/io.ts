/** The process streams a command may use; the CLI writes nowhere else. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour is only ever written to one). */
  readonly stdoutIsTerminal: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

export function processIo(): CliIo {
  // A reader that stops early (`| head`) closes the pipe: that ends the output, not in a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTerminal: process.stdout.isTTY === true,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** https://no-color.org: colour on a terminal unless NO_COLOR is set to anything. */
export function useColour(io: CliIo): boolean {
  return io.stdoutIsTerminal && !io.env.NO_COLOR;
}
