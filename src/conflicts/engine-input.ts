// Maps registry records to the engine's plain inputs, and loads the facts a check needs.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Agency, AgencyRepository } from '../agencies/agency';
import { agencyDisplayNames } from '../agencies/succession.service';
import { Clock } from '../common/time/clock';
import { Enterprise, EnterpriseRepository } from '../registry/enterprises/enterprise';
import { FieldCatalog } from '../fields/field-catalog';
import { effectiveState } from '../registry/inspections/effective-state';
import {
  DetectionRecord,
  Inspection,
  InspectionRepository,
} from '../registry/inspections/inspection';
import { partitionSound } from '../registry/inspections/inspection-soundness';
import type { Conflict } from './conflict';
import { CONFLICT_ENGINE } from './conflict-engine.provider';
import type {
  ConflictEngine,
  DetectedConflict,
  DetectionContext,
  EngineInspection,
  EnterpriseFacts,
  Suggestion,
} from './engine';
import type { AgencyKind } from '../domain/vocabulary';

export function toEngineInspection(
  i: DetectionRecord,
  agencyKind: (code: string) => AgencyKind,
): EngineInspection {
  return {
    id: i.id,
    taxCode: i.taxCode,
    enterpriseName: i.enterpriseName,
    type: i.type,
    form: i.form,
    field: i.field,
    window: i.window,
    leadAgency: { code: i.leadAgencyCode, kind: agencyKind(i.leadAgencyCode) },
    participantAgencyCodes: i.participantAgencyCodes,
    planKind: i.planKind,
    planId: i.planId,
    adHocEvidence: i.adHocEvidence,
    adHocScope: i.adHocScope,
    state: effectiveState(i),
    durationWorkingDays: i.durationWorkingDays,
  };
}

export interface EngineInput {
  inspections: EngineInspection[];
  context: DetectionContext;
  enterpriseNames: Map<string, string>;
  /** Stored records the engine cannot read (logged): left out, so they break nothing. */
  skipped: string[];
}

/** What one conflict is decided on: its enterprise's records, as stored and as engine input. */
export interface ConflictInput {
  records: Inspection[];
  input: EngineInput;
  /** The engine's suggestions, numbered as GET /conflicts/:id shows them. */
  suggestions: Suggestion[];
}

@Injectable()
export class EngineInputLoader {
  constructor(
    @Inject(CONFLICT_ENGINE) private readonly engine: ConflictEngine,
    private readonly inspections: InspectionRepository,
    private readonly agencies: AgencyRepository,
    private readonly enterprises: EnterpriseRepository,
    private readonly fields: FieldCatalog,
    private readonly clock: Clock,
  ) {}

  private readonly logger = new Logger('EngineInput');

  /** Engine inputs for these records: agency kinds and names, enterprise flags of their parents. */
  async build(all: DetectionRecord[], extraAgencyCodes: string[] = []): Promise<EngineInput> {
    const sorted = this.sound(all);
    const codes = new Set<string>(extraAgencyCodes);
    const parents = new Set<string>();
    for (const r of sorted.sound) {
      codes.add(r.leadAgencyCode);
      r.participantAgencyCodes.forEach((c) => codes.add(c));
      parents.add(r.parentTaxCode);
    }
    const [agencies, enterprises] = await Promise.all([
      this.agencies.findByCodes([...codes]),
      this.enterprises.findByParents([...parents]),
    ]);
    return this.assemble(sorted, agencies, enterprises);
  }

  /**
   * Every inspection of `parents` and the engine inputs for them, read side by side: the
   * parents are known, so their enterprises and the agencies (a province has a few dozen, read
   * whole) need not wait for the records. One round trip less in turn on every check.
   */
  async forParents(parents: string[]): Promise<{ records: Inspection[]; input: EngineInput }> {
    const [records, agencies, enterprises] = await Promise.all([
      this.inspections.findByParents(parents),
      this.agencies.list({}),
      this.enterprises.findByParents(parents),
    ]);
    return { records, input: await this.assemble(this.sound(records), agencies, enterprises) };
  }

  private sound(all: DetectionRecord[]): ReturnType<typeof partitionSound> {
    const sorted = partitionSound(all);
    for (const u of sorted.unsound)
      this.logger.warn(`inspection ${u.id} left out of conflict detection: ${u.reason}`);
    return sorted;
  }

  private async assemble(
    { sound: records, unsound }: ReturnType<typeof partitionSound>,
    agencies: Agency[],
    enterprises: Enterprise[],
  ): Promise<EngineInput> {
    const kinds = new Map(agencies.map((a) => [a.code, a.kind]));
    // A merged agency reads "<old name>, nay là <successor>" in explanations.
    const names = await agencyDisplayNames(this.agencies, agencies, this.clock.today());
    const facts = new Map<string, EnterpriseFacts>();
    const enterpriseNames = new Map<string, string>();
    for (const e of enterprises) {
      if (e.isBranch) continue;
      facts.set(e.taxCode, { goodComplier: e.goodComplier, name: e.name });
      enterpriseNames.set(e.taxCode, e.name);
    }
    for (const r of records)
      if (!enterpriseNames.has(r.parentTaxCode))
        enterpriseNames.set(r.parentTaxCode, r.enterpriseName);
    return {
      inspections: records.map((r) => toEngineInspection(r, (c) => kinds.get(c) ?? 'other')),
      context: { enterprises: facts, agencyNames: names, fieldNames: this.fields.names },
      enterpriseNames,
      skipped: unsound.map((u) => u.id),
    };
  }

  /**
   * The one load behind GET /conflicts/:id and resolve: the same records, context and day,
   * so suggestion N names the same change on both paths. A closed or decided conflict, or
   * `withSuggestions: false`, gets none (the engine's re-checks are the costly part).
   */
  async forConflict(
    conflict: Conflict,
    { withSuggestions = true }: { withSuggestions?: boolean } = {},
  ): Promise<ConflictInput> {
    const { records, input } = await this.forParents([conflict.taxCode]);
    const suggestions =
      withSuggestions && conflict.status === 'open'
        ? this.engine.suggest(conflict as unknown as DetectedConflict, input.inspections, {
            today: this.clock.today(),
            context: input.context,
          })
        : [];
    return { records, input, suggestions };
  }

  /**
   * The suggestions forConflict gives, for the open conflicts among these (a page of them):
   * their enterprises' records read together, each conflict's suggestions computed on its
   * own enterprise's records only, with the same context and day.
   */
  async suggestionsFor(conflicts: readonly Conflict[]): Promise<Map<string, Suggestion[]>> {
    const open = conflicts.filter((c) => c.status === 'open');
    if (open.length === 0) return new Map();
    const { records, input } = await this.forParents([...new Set(open.map((c) => c.taxCode))]);
    const parentOf = new Map(records.map((r) => [r.id, r.parentTaxCode]));
    const byParent = new Map<string, EngineInspection[]>();
    for (const i of input.inspections) {
      const parent = parentOf.get(i.id)!;
      const group = byParent.get(parent);
      if (group) group.push(i);
      else byParent.set(parent, [i]);
    }
    const today = this.clock.today();
    return new Map(
      open.map((c) => [
        c.id,
        this.engine.suggest(c as unknown as DetectedConflict, byParent.get(c.taxCode) ?? [], {
          today,
          context: input.context,
        }),
      ]),
    );
  }
}
