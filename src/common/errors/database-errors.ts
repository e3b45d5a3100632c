import { mongo } from 'mongoose';

/** How long clients are told to wait while the database is down (the monitor checks twice a second). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Driver errors, by name, raised when the server went away between selection and the
 * operation (the pool or server object was closed, or no connection freed up in time).
 */
const GONE = new Set([
  'MongoServerClosedError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
]);

/** Errors that mean "the database did not answer", not "the operation was wrong": 503. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return (
    error instanceof mongo.MongoServerSelectionError ||
    (error instanceof mongo.MongoError && GONE.has(error.name)) ||
    error instanceof mongo.MongoNetworkError ||
    error instanceof mongo.MongoNotConnectedError ||
    error instanceof mongo.MongoTopologyClosedError ||
    (error instanceof mongo.MongoError && error.hasErrorLabel('ResetPool')) ||
    // A pooled connection written to just after the server died, before the driver saw it
    // close: Node's own EPIPE ("This socket has been ended by the other party"), unwrapped.
    (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EPIPE')
  );
}
