import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/time/clock';
import { DetectionRecord } from '../registry/inspections/inspection';
import { ConflictDigest, ParentsChangedBus, ParentsChanged } from '../registry/parents-changed';
import { Conflict } from './conflict';
import { ConflictRepository, OpenConflictState } from './conflict.repository';
import { CONFLICT_ENGINE } from './conflict-engine.provider';
import { ConflictEngine, DetectedConflict } from './engine';
import { EngineInput, EngineInputLoader } from './engine-input';

export function toDigest(
  c: Pick<
    Conflict,
    | 'id'
    | 'ruleId'
    | 'rulebook'
    | 'severity'
    | 'status'
    | 'taxCode'
    | 'year'
    | 'inspectionIds'
    | 'explanation'
  >,
): ConflictDigest {
  return {
    id: c.id,
    ruleId: c.ruleId,
    rulebook: c.rulebook.id,
    severity: c.severity,
    status: c.status,
    taxCode: c.taxCode,
    year: c.year,
    inspectionIds: c.inspectionIds,
    explanation: c.explanation,
  };
}

/** Enterprises checked per round trip. */
const PARENTS_PER_CHECK = 2_000;

/**
 * Write-time detection: after every registry write, the touched parent enterprises are
 * checked again from what is stored ("insert, then check"), so two agencies saving one
 * enterprise at the same moment still meet, and the conflict is upserted by its identity.
 */
@Injectable()
export class ConflictDetectionService implements OnModuleInit {
  constructor(
    @Inject(CONFLICT_ENGINE) private readonly engine: ConflictEngine,
    private readonly conflicts: ConflictRepository,
    private readonly input: EngineInputLoader,
    private readonly parentsChanged: ParentsChangedBus,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.parentsChanged.subscribe((change) => this.checkParents(change));
  }

  async checkParents({ parentTaxCodes, actor }: ParentsChanged): Promise<ConflictDigest[]> {
    const parents = [...new Set(parentTaxCodes)];
    const digests: ConflictDigest[] = [];
    // Chunks keep reads and memory bounded when an import touches thousands of enterprises.
    for (let i = 0; i < parents.length; i += PARENTS_PER_CHECK) {
      digests.push(...(await this.checkChunk(parents.slice(i, i + PARENTS_PER_CHECK), actor)));
    }
    return digests;
  }

  private async checkChunk(parents: string[], actor: string): Promise<ConflictDigest[]> {
    const readStartedMs = Date.now();
    // The records, their facts and the open conflicts all follow from the parents: read at once.
    const [{ input }, previouslyOpen] = await Promise.all([
      this.input.forParents(parents),
      this.conflicts.findOpenByParents(parents),
    ]);
    const { detected } = await this.apply(input, previouslyOpen, readStartedMs, actor);
    const stored = await this.conflicts.findByIds(detected.map((d) => d.id));
    return stored.map(toDigest);
  }

  /**
   * Detects over `records` (every inspection of `parents`) and brings the stored conflicts
   * in line: opens what is new, refreshes what stays, closes (with the reason) what went
   * away. With `year`, only that plan year's conflicts are touched (a re-scan of one year).
   */
  async reconcile(
    records: DetectionRecord[],
    parents: string[],
    readStartedMs: number,
    actor: string,
    year?: number,
  ): Promise<{ detected: DetectedConflict[]; opened: number; closed: number; skipped: number }> {
    // The open conflicts are read beside the engine's inputs: one round trip less per check.
    const [input, previouslyOpen] = await Promise.all([
      this.input.build(records),
      this.conflicts.findOpenByParents(parents, year),
    ]);
    return this.apply(input, previouslyOpen, readStartedMs, actor, year);
  }

  private async apply(
    { inspections, context, enterpriseNames, skipped }: EngineInput,
    previouslyOpen: OpenConflictState[],
    readStartedMs: number,
    actor: string,
    year?: number,
  ): Promise<{ detected: DetectedConflict[]; opened: number; closed: number; skipped: number }> {
    // A re-scan (with a year) runs alone under its lease and sweeps its own leftovers; only
    // write-time checks need to stamp unchanged conflicts against a concurrent close.
    const touchUnchanged = year === undefined;
    const ofYear = (c: { year: number }) => year === undefined || c.year === year;
    const detected = this.engine.detect(inspections, context).filter(ofYear);
    const diff = this.engine.diff(previouslyOpen, detected, inspections);
    const stamp = { at: this.clock.now(), ms: Date.now(), actor };
    // Side by side: what is closed was open and is no longer detected, so the two never write
    // the same conflict. Counted by the store: one a meeting resolved or exempted is not opened.
    const [opened, closed] = await Promise.all([
      this.conflicts.upsertDetected(detected, stamp, enterpriseNames, {
        touchUnchanged,
        open: previouslyOpen,
      }),
      this.conflicts.closeIfStale(
        diff.close.map((c) => ({ id: c.id, reason: c.reason, explanation: c.explanation })),
        readStartedMs,
        stamp,
      ),
    ]);
    return { detected, opened, closed, skipped: skipped.length };
  }
}
