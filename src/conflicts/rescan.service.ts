import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../common/time/clock';
import { JobLeases } from '../common/jobs/job-lease';
import { readAhead } from '../common/streams/read-ahead';
import { StateConflictError } from '../common/errors/domain-errors';
import { DOMAIN_TIME_ZONE } from '../domain/calendar-day';
import {
  DetectionRecord,
  InspectionFilter,
  InspectionRepository,
} from '../registry/inspections/inspection';
import { ConflictRepository } from './conflict.repository';
import { ConflictDetectionService } from './conflict-detection.service';

export interface RescanReport {
  year: number;
  inspections: number;
  enterprises: number;
  detected: number;
  opened: number;
  closed: number;
  /** Stored inspections left out because they cannot be read (each logged). */
  skipped: number;
  durationMs: number;
}

const RESCAN_JOB = 'conflicts.rescan';
const LEASE_MS = 30 * 60_000;
/** Parents handled per engine call: bounded memory whatever the year's size. */
const PARENTS_PER_BATCH = 2_000;

/** What a re-scan of `year` reads: windows of the year before and after can overlap its own. */
export function rescanScope(year: number): InspectionFilter {
  return { yearFrom: year - 1, yearTo: year + 1 };
}

/**
 * Full re-scan of a plan year: streams the inspections that can take part in the year's
 * conflicts (windows of the year before, the year and the year after, for overlaps across
 * a year boundary) sorted by parent enterprise, detects per batch of parents, opens new
 * conflicts, closes those whose cause disappeared (saying why) and leaves decided ones alone.
 */
@Injectable()
export class RescanService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Rescan');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inspections: InspectionRepository,
    private readonly conflicts: ConflictRepository,
    private readonly detection: ConflictDetectionService,
    private readonly leases: JobLeases,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
  ) {}

  /** The nightly job is registered only when the scheduler is enabled (feature flag). */
  onApplicationBootstrap(): void {
    if (!this.config.schedulerEnabled) return;
    const job = CronJob.from({
      cronTime: this.config.rescanCron,
      timeZone: DOMAIN_TIME_ZONE,
      onTick: () => void this.nightlyRescan(),
    });
    this.scheduler.addCronJob(RESCAN_JOB, job as never);
    job.start();
  }

  onModuleDestroy(): void {
    if (this.scheduler.doesExist('cron', RESCAN_JOB)) this.scheduler.deleteCronJob(RESCAN_JOB);
  }

  /** Nightly: the current plan year and the next (plans for next year are made in Q4). */
  async nightlyRescan(): Promise<void> {
    const year = Number(this.clock.today().slice(0, 4));
    for (const y of [year, year + 1]) {
      const report = await this.leases.runExclusive(`${RESCAN_JOB}.${y}`, LEASE_MS, () =>
        this.scan(y, 'scheduler'),
      );
      if (report) this.logger.log(`re-scan ${y}: ${JSON.stringify(report)}`);
      else this.logger.log(`re-scan ${y} skipped: another instance holds the lease`);
    }
  }

  /** On demand (POST /conflicts/rescan); refused while another instance scans the same year. */
  async rescan(year: number, actor: string): Promise<RescanReport> {
    const report = await this.leases.runExclusive(`${RESCAN_JOB}.${year}`, LEASE_MS, () =>
      this.scan(year, actor),
    );
    if (!report)
      throw new StateConflictError('RESCAN_RUNNING', `A re-scan of ${year} is already running`);
    return report;
  }

  async scan(year: number, actor: string): Promise<RescanReport> {
    const started = Date.now();
    let inspections = 0;
    let enterprises = 0;
    let detected = 0;
    let opened = 0;
    let closed = 0;
    let skipped = 0;
    let batch: DetectionRecord[] = [];
    let parentsInBatch = 0;
    let currentParent: string | undefined;
    /** Parents read in this scan: their open conflicts were compared by reconcile. */
    const scanned = new Set<string>();

    // One batch's reconcile runs while the next is read and gathered, so the engine and the
    // database's writes overlap; at most two batches are held. Batches end on a parent, so
    // the two never touch the same conflicts.
    let inFlight: Promise<void> | undefined;
    const flush = async () => {
      if (batch.length === 0) return;
      const records = batch;
      const parents = [...new Set(records.map((i) => i.parentTaxCode))];
      batch = [];
      parentsInBatch = 0;
      await inFlight;
      inFlight = this.detection.reconcile(records, parents, started, actor, year).then((r) => {
        detected += r.detected.length;
        opened += r.opened;
        closed += r.closed;
        skipped += r.skipped;
      });
      // A failure is answered at the next flush or at the end, never left unhandled.
      inFlight.catch(() => undefined);
    };

    // The next batch is read while this one is checked: the database works beside the engine.
    for await (const read of readAhead(this.inspections.streamForDetection(rescanScope(year)))) {
      for (const inspection of read) {
        inspections++;
        if (inspection.parentTaxCode !== currentParent) {
          if (parentsInBatch >= PARENTS_PER_BATCH) await flush();
          currentParent = inspection.parentTaxCode;
          scanned.add(currentParent);
          parentsInBatch++;
          enterprises++;
        }
        batch.push(inspection);
      }
    }
    await flush();
    await inFlight;

    // Open conflicts of the year whose enterprise no longer has any inspection in scope: only
    // their parents are read first, so a scan that finds none reads no conflict twice.
    const orphanParents = (await this.conflicts.parentsWithOpen(year)).filter(
      (p) => !scanned.has(p),
    );
    const orphans =
      orphanParents.length > 0 ? await this.conflicts.findOpenByParents(orphanParents, year) : [];
    closed += await this.conflicts.closeIfStale(
      orphans.map((c) => ({
        id: c.id,
        reason: 'inspection-removed',
        explanation: {
          vi: 'Không còn cuộc thanh tra, kiểm tra nào gây ra chồng chéo này (đã rút kế hoạch hoặc xóa).',
          en: 'None of the inspections behind this conflict remain (plan withdrawn or removed).',
        },
      })),
      started,
      { at: this.clock.now(), ms: Date.now(), actor },
    );
    return {
      year,
      inspections,
      enterprises,
      detected,
      opened,
      closed,
      skipped,
      durationMs: Date.now() - started,
    };
  }
}
