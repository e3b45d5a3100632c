import { mongo } from 'mongoose';
import { isDatabaseUnavailable } from './database-errors';

/** A driver error of the given class name, as the driver would raise it. */
function named(name: string): Error {
  const error = new mongo.MongoError('x');
  Object.defineProperty(error, 'name', { get: () => name });
  return error;
}

describe('isDatabaseUnavailable', () => {
  it.each(['MongoServerClosedError', 'MongoPoolClosedError', 'MongoWaitQueueTimeoutError'])(
    'treats %s (the server went away mid-operation) as unavailable',
    (name) => {
      expect(isDatabaseUnavailable(named(name))).toBe(true);
    },
  );

  it('treats network and selection failures as unavailable', () => {
    expect(isDatabaseUnavailable(new mongo.MongoNetworkError('reset'))).toBe(true);
    expect(isDatabaseUnavailable(new mongo.MongoNotConnectedError('no'))).toBe(true);
  });

  it('leaves an operation the server refused as it is (not a 503)', () => {
    expect(isDatabaseUnavailable(new mongo.MongoServerError({ message: 'dup', code: 11000 }))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(named('MongoInvalidArgumentError'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('MongoServerClosedError'))).toBe(false);
  });
});
