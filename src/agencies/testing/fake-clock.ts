import { Clock } from '../../common/time/clock';

/** A clock that reads what the test set, and moves only when told. */
export class FakeClock extends Clock {
  constructor(private current = new Date('2026-03-02T03:00:00.000Z')) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: string | Date): void {
    this.current = new Date(at);
  }
}
