import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/time/clock';
import { InspectionRepository } from '../registry/inspections/inspection';
import { ConflictDigest, ParentsChangedBus, ParentsChanged } from '../registry/parents-changed';
import { Conflict } from './conflict';
import { ConflictRepository } from './conflict.repository';
import { CONFLICT_ENGINE } from './conflict-engine.provider';
import { ConflictEngine, DetectedConflict } from './engine';
import { EngineInputLoader } from './engine-input';

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
    private readonly inspections: InspectionRepository,
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
    const records = await this.inspections.findByParents(parents);
    const { inspections, context, enterpriseNames } = await this.input.build(records);
    const detected = this.engine.detect(inspections, context);
    await this.apply(
      detected,
      await this.conflicts.findOpenByParents(parents),
      inspections,
      enterpriseNames,
      readStartedMs,
      actor,
    );
    const stored = await this.conflicts.findByIds(detected.map((d) => d.id));
    return stored.map(toDigest);
  }

  /** Opens what is new, refreshes what stays, closes (with the reason) what went away. */
  async apply(
    detected: DetectedConflict[],
    previouslyOpen: Conflict[],
    inspections: Parameters<ConflictEngine['diff']>[2],
    enterpriseNames: Map<string, string>,
    readStartedMs: number,
    actor: string,
  ): Promise<{ opened: number; closed: number }> {
    const diff = this.engine.diff(previouslyOpen, detected, inspections);
    const stamp = { at: this.clock.now(), ms: Date.now(), actor };
    await this.conflicts.upsertDetected(detected, stamp, enterpriseNames);
    const closed = await this.conflicts.closeIfStale(
      diff.close.map((c) => ({ id: c.id, reason: c.reason, explanation: c.explanation })),
      readStartedMs,
      stamp,
    );
    return { opened: diff.open.length, closed };
  }
}
