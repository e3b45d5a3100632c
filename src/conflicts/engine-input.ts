// Maps registry records to the engine's plain inputs, and loads the facts a check needs.
import { Injectable } from '@nestjs/common';
import { AgencyRepository } from '../agencies/agency';
import { EnterpriseRepository } from '../registry/enterprises/enterprise';
import { FieldCatalog } from '../fields/field-catalog';
import { Inspection } from '../registry/inspections/inspection';
import type { DetectionContext, EngineInspection, EnterpriseFacts } from './engine';
import type { AgencyKind } from '../domain/vocabulary';

export function toEngineInspection(
  i: Inspection,
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
    // A withdrawn plan's inspections no longer happen: they count like cancelled ones.
    state: i.planStatus === 'withdrawn' ? 'cancelled' : i.state,
    durationWorkingDays: i.durationWorkingDays,
  };
}

export interface EngineInput {
  inspections: EngineInspection[];
  context: DetectionContext;
  enterpriseNames: Map<string, string>;
}

@Injectable()
export class EngineInputLoader {
  constructor(
    private readonly agencies: AgencyRepository,
    private readonly enterprises: EnterpriseRepository,
    private readonly fields: FieldCatalog,
  ) {
    this.fieldNames = new Map(fields.fields.map((f) => [f.code, { vi: f.vi, en: f.en }]));
  }

  /** Explanations name fields as people know them ("Thuế"), not by code. */
  private readonly fieldNames: Map<string, { vi: string; en: string }>;

  /** Engine inputs for these records: agency kinds and names, enterprise flags of their parents. */
  async build(records: Inspection[], extraAgencyCodes: string[] = []): Promise<EngineInput> {
    const codes = new Set<string>(extraAgencyCodes);
    const parents = new Set<string>();
    for (const r of records) {
      codes.add(r.leadAgencyCode);
      r.participantAgencyCodes.forEach((c) => codes.add(c));
      parents.add(r.parentTaxCode);
    }
    const [agencies, enterprises] = await Promise.all([
      this.agencies.findByCodes([...codes]),
      this.enterprises.findByParents([...parents]),
    ]);
    const kinds = new Map(agencies.map((a) => [a.code, a.kind]));
    const names = new Map(agencies.map((a) => [a.code, a.name]));
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
      context: { enterprises: facts, agencyNames: names, fieldNames: this.fieldNames },
      enterpriseNames,
    };
  }
}
