import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';

// Shared by the specs that run embedded servers of their own on temporary data folders
// (persistence, compaction), rather than the run's backend.

const repoRoot = path.resolve(__dirname, '../../..');

export async function withClient<T>(
  uri: string,
  fn: (client: MongoClient) => Promise<T>,
): Promise<T> {
  const client = await MongoClient.connect(uri);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** The journal files of a data folder, oldest generation first (see journal.ts). */
export function journalFiles(dbPath: string): string[] {
  return fs
    .readdirSync(dbPath)
    .filter((name) => /^journal\b.*\.bson$/.test(name))
    .sort()
    .map((name) => path.join(dbPath, name));
}

/**
 * Runs the CLI in a child process and resolves with its URI once it is ready; `onOutput`
 * sees every line it prints after that.
 */
export function startCliChild(
  dbPath: string,
  extraArgs: string[] = [],
  onOutput?: (line: string) => void,
): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      'src/embedded-mongo/cli.ts',
      '--port',
      '0',
      '--dbpath',
      dbPath,
      ...extraArgs,
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' },
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
    child.on('exit', (code) => reject(new Error(`CLI exited with ${code}: ${output}`)));
  });
}
