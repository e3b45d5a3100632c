import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { isCalendarDay } from '../../domain/calendar-day';
import { parseTaxCode } from '../../domain/tax-code';
import { SANE_YEARS } from './transforms';

/** A real calendar day written YYYY-MM-DD in SANE_YEARS. Reported as code IS_CALENDAR_DAY. */
export function IsCalendarDay(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDay',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) =>
          isCalendarDay(value) &&
          Number(value.slice(0, 4)) >= SANE_YEARS.min &&
          Number(value.slice(0, 4)) <= SANE_YEARS.max,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be a calendar day written YYYY-MM-DD, in ${SANE_YEARS.min}–${SANE_YEARS.max}`,
      },
    });
}

/** A Vietnamese tax code (10 digits with a valid check digit, or NNNNNNNNNN-NNN). */
export function IsTaxCode(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTaxCode',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseTaxCode(value).ok,
        defaultMessage: (args?: ValidationArguments) => {
          const r = parseTaxCode(args?.value);
          return r.ok ? '' : r.message.en;
        },
      },
    });
}

/** For a {from, to} object: from must not be after to. Reported on the object's own field. */
export function IsOrderedWindow(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isOrderedWindow',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: { from?: unknown; to?: unknown } | undefined) =>
          !value ||
          !isCalendarDay(value.from) ||
          !isCalendarDay(value.to) ||
          value.from <= value.to,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property}.from must not be after ${args?.property}.to`,
      },
    });
}
