import { randomBytes } from 'node:crypto';
import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';

// Conformance helpers: every file works in a database of its own on the run's backend
// (a real mongod where one can be had, the embedded server otherwise).

export function backendUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri)
    throw new Error(
      'TEST_MONGODB_URI is not set: run through jest (global setup starts the backend)',
    );
  return uri;
}

export function databaseNameFor(label: string): string {
  return `${label.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40)}_${randomBytes(4).toString('hex')}`;
}

export interface TestDatabase {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

/** A client plus a fresh database, dropped again by close(). */
export async function openTestDatabase(
  label: string,
  options: MongoClientOptions = {},
): Promise<TestDatabase> {
  const client = await MongoClient.connect(backendUri(), options);
  const db = client.db(databaseNameFor(label));
  return {
    client,
    db,
    close: async () => {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

/** Captures a driver error so tests can assert its shape. */
export async function errorOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail, it succeeded');
}
