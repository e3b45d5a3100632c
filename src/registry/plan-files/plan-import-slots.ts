// At most IMPORT_CONCURRENCY plan files are read at once (imports and file checks): each can
// take up to a few hundred MB (the largest file the bounds accept: some 200-270 MB over the
// idle service while previewed or committed, its database apart), so a burst of them is
// refused with 429 and Retry-After rather than queued into an out-of-memory.
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

/** What clients are told to wait: about one import of a large file. */
export const IMPORT_RETRY_AFTER_SECONDS = 10;

@Injectable()
export class PlanImportSlots {
  private busy = 0;
  private readonly capacity: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.capacity = config.importConcurrency;
  }

  /** A release function (idempotent), or undefined when every slot is taken. */
  tryAcquire(): (() => void) | undefined {
    if (this.busy >= this.capacity) return undefined;
    this.busy++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.busy--;
    };
  }

  get inUse(): number {
    return this.busy;
  }
}
