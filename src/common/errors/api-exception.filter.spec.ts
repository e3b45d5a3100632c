import { BadRequestException, NotFoundException } from '@nestjs/common';
import { mongo } from 'mongoose';
import { ApiExceptionFilter } from './api-exception.filter';
import {
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
  StateConflictError,
} from './domain-errors';

describe('ApiExceptionFilter.toBody', () => {
  const filter = new ApiExceptionFilter();

  it('maps each domain error class to its status, keeping code and details', () => {
    const details = [
      { field: 'window.from', code: 'IS_CALENDAR_DAY', message: 'must be YYYY-MM-DD' },
    ];
    expect(filter.toBody(new InvalidInputError('VALIDATION_FAILED', 'bad', details))).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'bad',
      details,
    });
    expect(filter.toBody(new NotFoundError('Plan', 'abc'))).toEqual({
      statusCode: 404,
      code: 'PLAN_NOT_FOUND',
      message: 'Plan abc not found',
    });
    expect(filter.toBody(new StateConflictError('STALE', 'x')).statusCode).toBe(409);
    expect(filter.toBody(new RuleViolationError('PLAN_NOT_DRAFT', 'x')).statusCode).toBe(422);
  });

  it('turns Nest HTTP exceptions into the same shape', () => {
    expect(filter.toBody(new NotFoundException('Cannot GET /nope'))).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'Cannot GET /nope',
    });
    expect(filter.toBody(new BadRequestException({ code: 'X', message: 'y' }))).toEqual({
      statusCode: 400,
      code: 'X',
      message: 'y',
    });
  });

  it('answers a duplicate key with 409 naming the fields', () => {
    const error = new mongo.MongoServerError({
      message: 'E11000 duplicate key',
      code: 11000,
      keyValue: { code: 'STC' },
    });
    expect(filter.toBody(error)).toEqual({
      statusCode: 409,
      code: 'DUPLICATE',
      message: 'A record with the same code already exists',
      details: [{ field: 'code', code: 'DUPLICATE', message: 'code must be unique' }],
    });
  });

  it('never leaks internals of unknown errors', () => {
    const body = filter.toBody(new Error('connection string mongodb://secret@host'));
    expect(body).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'An unexpected error occurred',
    });
  });
});
