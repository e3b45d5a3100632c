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
  it('takes the EPIPE of a pooled connection written to just after the server died', () => {
    const epipe = Object.assign(new Error('This socket has been ended by the other party'), {
      code: 'EPIPE',
    });
    expect(isDatabaseUnavailable(epipe)).toBe(true);
  });

  it('leaves other errors to be what they are', () => {
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false);
    expect(isDatabaseUnavailable({ code: 'EPIPE' })).toBe(false);
  });
});
