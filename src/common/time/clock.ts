import type { CalendarDay } from '../../domain/calendar-day';
import { domainDayOf } from '../../domain/domain-zone';

/** The one way code reads the time, so tests can pin it. */
export abstract class Clock {
  abstract now(): Date;

  /** Today in Asia/Ho_Chi_Minh, the day business rules and feeds count from. */
  today(): CalendarDay {
    return domainDayOf(this.now());
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
