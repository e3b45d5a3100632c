import * as fs from 'node:fs';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';

// Shared by the specs that run embedded servers of their own on temporary data folders
// (persistence, compaction), rather than the run's backend; the server as a process of its
// own is test/support/database-process.ts.

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
