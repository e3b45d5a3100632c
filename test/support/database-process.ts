// The embedded server (src/embedded-mongo/cli.ts) in a process of its own: for what only a
// process shows (kill -9, a restart on the same files, a database gone under the service).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

export interface DatabaseProcess {
  child: ChildProcess;
  uri: string;
}

/**
 * Starts the CLI on `port` (0: any free one) over `dbPath` (none: in memory) and resolves
 * with its URI once it says it is ready; `onOutput` sees every line it prints after that.
 */
export function startDatabaseProcess(
  options: {
    dbPath?: string;
    port?: number;
    args?: string[];
    onOutput?: (line: string) => void;
  } = {},
): Promise<DatabaseProcess> {
  const { dbPath, port = 0, args = [], onOutput } = options;
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      'src/embedded-mongo/cli.ts',
      '--port',
      String(port),
      ...(dbPath === undefined ? [] : ['--dbpath', dbPath]),
      ...args,
    ],
    {
      cwd: root,
      env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    let partial = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      if (ready) {
        partial += text;
        const lines = partial.split('\n');
        partial = lines.pop()!;
        lines.forEach((line) => onOutput?.(line));
        return;
      }
      output += text;
      const match = /ready: (mongodb:\/\/\S+)/.exec(output);
      if (match) {
        ready = true;
        resolve({ child, uri: match[1] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`embedded database exited with ${code}: ${output}`)),
    );
  });
}

/** Kills the process with SIGKILL (no shutdown hook runs); resolves once it has exited. */
export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
