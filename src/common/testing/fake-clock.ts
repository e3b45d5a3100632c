import { Clock } from '../time/clock';

/** A clock that reads what the test set, and moves only when told. */
export class FakeClock extends Clock {
  constructor(private instant: Date = new Date('2026-03-01T03:00:00Z')) {
    super();
  }

  now(): Date {
    return new Date(this.instant);
  }

  set(instant: Date | string): void {
    this.instant = new Date(instant);
  }

  advance(ms: number): void {
    this.instant = new Date(this.instant.getTime() + ms);
  }
}
