import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';

/** The URI of the run's database server (see global-setup.ts). */
export function testMongoUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run the tests through jest (npm test)');
  return uri;
}

/** A database name no other test file uses: `<label>_<random>`, within MongoDB's 63 bytes. */
export function uniqueDatabaseName(label: string): string {
  const safe = label.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40);
  return `${safe}_${randomBytes(4).toString('hex')}`;
}

export async function dropDatabase(name: string): Promise<void> {
  const client = await MongoClient.connect(testMongoUri());
  try {
    await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}
