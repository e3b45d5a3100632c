import type { MongoBackend } from '../../src/database/mongo-backend';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __mongoBackend?: MongoBackend }).__mongoBackend?.stop();
}
