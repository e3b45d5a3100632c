import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { LeasedIntervals } from '../common/jobs/job-lease';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ParentsChangedBus } from '../registry/parents-changed';

const SWEEP_JOB = 'conflicts.touched-parents';
const SWEEP_EVERY_MS = 60_000;
/** Younger entries are writes still on their way to their own check. */
const IN_FLIGHT_MS = 60_000;
/** How soon a write still alive at start (a finisher said so) is looked at again. */
const STILL_WRITING_RECHECK_MS = 10_000;

/**
 * Heals conflicts after a crash without a re-scan: the "touched parents" a writer announced
 * but whose check never finished (process killed, database lost mid-way, write failed) are
 * checked at start, before the service answers, and every minute after (scheduler on).
 * Wall-clock time on purpose: this is about real elapsed time, not the business calendar.
 */
@Injectable()
export class TouchedParentsSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TouchedParents');
  private recheck?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bus: ParentsChangedBus,
    private readonly intervals: LeasedIntervals,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Everything noted before this start: the previous process's unfinished checks (a
    // check made twice changes nothing the second time).
    await this.sweep(new Date());
    this.recheckWhileWriting();
    if (!this.config.schedulerEnabled) return;
    this.intervals.every({
      job: SWEEP_JOB,
      everyMs: SWEEP_EVERY_MS,
      round: () => this.sweep(new Date(Date.now() - IN_FLIGHT_MS)),
      logger: this.logger,
      what: 'sweep',
      unref: true,
    });
  }

  onApplicationShutdown(): void {
    clearTimeout(this.recheck);
  }

  /**
   * Writes found still alive at start (another replica's, or the last seconds of the process
   * that stopped) are this start's leftovers too: looked at again, scheduler or not, until
   * none is (a dead writer's entry goes quiet, then is finished or undone).
   */
  private recheckWhileWriting(): void {
    if (this.bus.stillWriting === 0) return;
    this.recheck = setTimeout(() => {
      void this.sweep(new Date()).then(() => this.recheckWhileWriting());
    }, STILL_WRITING_RECHECK_MS);
    this.recheck.unref();
  }

  /** Checks entries announced before `before`; never throws (the next sweep retries). */
  async sweep(before: Date): Promise<number> {
    try {
      const checked = await this.bus.checkLeftovers(before);
      if (checked > 0) this.logger.warn(`${checked} unfinished conflict checks made now`);
      return checked;
    } catch (error) {
      this.logger.error(`unfinished conflict checks not made: ${(error as Error).message}`);
      return 0;
    }
  }
}
