import { mongo } from 'mongoose';

/** How long clients are told to wait while the database is down (the monitor checks twice a second). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Errors that mean "the database did not answer", not "the operation was wrong": 503. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return (
    error instanceof mongo.MongoServerSelectionError ||
    error instanceof mongo.MongoNetworkError ||
    error instanceof mongo.MongoNotConnectedError ||
    error instanceof mongo.MongoTopologyClosedError ||
    (error instanceof mongo.MongoError && error.hasErrorLabel('ResetPool'))
  );
}
