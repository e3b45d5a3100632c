import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorDetail, InvalidInputError, RuleViolationError } from '../common/errors/domain-errors';
import { DataVersions } from '../common/data-versions/data-versions';
import { KeptByVersion } from '../common/data-versions/kept-by-version';
import { Clock } from '../common/time/clock';
import { yearOf } from '../domain/calendar-day';
import { parseTaxCode } from '../domain/tax-code';
import { PlanKind } from '../domain/vocabulary';
import { FieldCatalog } from '../fields/field-catalog';
import { AgencyRepository } from '../agencies/agency';
import { Inspection, InspectionRepository } from '../registry/inspections/inspection';
import { checkInspectionDraft } from '../registry/inspections/inspection-rules';
import { newInspection } from '../registry/inspections/new-inspection';
import {
  PlanImportService,
  type ResolvedImportRow,
} from '../registry/plan-files/plan-import.service';
import {
  ImportConflictProbe,
  type PreviewConflict,
} from '../registry/plan-files/preview/import-conflict-probe';
import { ConflictRepository } from './conflict.repository';
import { CONFLICT_ENGINE } from './conflict-engine.provider';
import { CandidateInspectionDto, CheckConflictsDto } from './conflict.dto';
import { ConflictEngine, DetectedConflict } from './engine';
import type { InspectionNamer } from './engine/types';
import { EngineInputLoader } from './engine-input';

export interface PlanFileToCheck {
  buffer: Buffer;
  agencyCode: string;
  year: number;
  kind?: PlanKind;
  filename?: string;
  mimeType?: string;
}

/**
 * What a preview's dry run reads: the stored records of its enterprises, their flags, the
 * agencies' kinds and names, the statuses of the conflicts it would join.
 */
const PREVIEW_CHECK_SOURCES = ['inspections', 'enterprises', 'agencies', 'conflicts'] as const;

/** Previews whose conflicts are kept (an officer pages through one, fixes a row, commits). */
const KEPT_PREVIEW_CHECKS = 16;

/** Dry runs: the conflicts candidates would create or join, from what is stored now. Saves nothing. */
@Injectable()
export class ConflictDryRunService {
  /** A preview's conflicts, by what its rows read, at the data version they were found at. */
  private readonly keptPreviewChecks = new KeptByVersion<PreviewConflict[]>(KEPT_PREVIEW_CHECKS);

  constructor(
    @Inject(CONFLICT_ENGINE) private readonly engine: ConflictEngine,
    private readonly conflicts: ConflictRepository,
    private readonly inspections: InspectionRepository,
    private readonly agencies: AgencyRepository,
    private readonly fields: FieldCatalog,
    private readonly input: EngineInputLoader,
    private readonly planFiles: PlanImportService,
    private readonly clock: Clock,
    private readonly versions: DataVersions,
    probe: ImportConflictProbe,
  ) {
    // The plan-file preview shows the conflicts its rows would open: this dry run.
    probe.provide((rows, meta) => this.checkRows(rows, meta));
  }

  /**
   * The preview's rows as candidates of the agency's plan; conflicts name rows, not ids. Each
   * view of a preview asks again for the same rows: the answer is kept until one of them, the
   * stored data it reads, the fields' names or the day changes.
   */
  private async checkRows(
    rows: readonly ResolvedImportRow[],
    meta: { agencyCode: string; year: number; kind: PlanKind },
  ): Promise<PreviewConflict[]> {
    // Read before computing: a write landing meanwhile bumps the version past the one kept.
    const version = [
      this.clock.today(),
      this.fields.signature,
      await this.versions.fingerprint(PREVIEW_CHECK_SOURCES),
    ].join('|');
    const asked = createHash('sha256')
      .update(JSON.stringify([meta.agencyCode, meta.year, meta.kind, rows]))
      .digest('base64');
    return this.keptPreviewChecks.get(asked, version, () => this.findRowConflicts(rows, meta));
  }

  private async findRowConflicts(
    rows: readonly ResolvedImportRow[],
    meta: { agencyCode: string; year: number; kind: PlanKind },
  ): Promise<PreviewConflict[]> {
    const candidates = rows.map((row) => this.fileCandidate(row, meta));
    const codes = new Set<string>([meta.agencyCode]);
    rows.forEach((r) =>
      [r.leadAgencyCode, ...r.participantAgencyCodes].forEach((c) => codes.add(c)),
    );
    const result = await this.dryRun(
      candidates.map((c, i) => this.candidateRecord(c, i)),
      [...codes],
      previewInspectionName,
    );
    return result.conflicts.map((c) => ({
      id: c.id,
      ruleId: c.ruleId,
      rulebook: c.rulebook,
      severity: c.severity,
      taxCode: c.taxCode,
      year: c.year,
      rows: c.inspectionIds.filter((id) => id.startsWith('row-')).map((id) => Number(id.slice(4))),
      inspectionIds: c.inspectionIds.filter((id) => !id.startsWith('row-')),
      explanation: c.explanation,
      existingStatus: c.existingStatus,
    }));
  }

  private fileCandidate(
    row: ResolvedImportRow,
    meta: { agencyCode: string; kind?: PlanKind },
  ): CandidateInspectionDto {
    return {
      taxCode: row.taxCode,
      enterpriseName: row.enterpriseName,
      type: row.type,
      form: row.form,
      field: row.field,
      content: row.content,
      window: row.window,
      durationWorkingDays: row.durationWorkingDays,
      leadAgencyCode: row.leadAgencyCode,
      participantAgencyCodes: row.participantAgencyCodes,
      adHocEvidence: row.adHocEvidence,
      agencyCode: meta.agencyCode,
      planKind: meta.kind ?? 'annual',
      replacesInspectionId: `row-${row.row}`,
    };
  }

  async check(body: CheckConflictsDto) {
    const candidates = body.inspections;
    const codes = new Set<string>();
    for (const c of candidates)
      [c.agencyCode, c.leadAgencyCode ?? c.agencyCode, ...(c.participantAgencyCodes ?? [])].forEach(
        (x) => codes.add(x),
      );
    const known = new Set((await this.agencies.findByCodes([...codes])).map((a) => a.code));
    const errors: ErrorDetail[] = [];
    candidates.forEach((c, i) => {
      if (!known.has(c.agencyCode))
        errors.push({
          field: `inspections[${i}].agencyCode`,
          code: 'AGENCY_NOT_FOUND',
          message: `agency ${c.agencyCode} does not exist`,
        });
      errors.push(
        ...checkInspectionDraft(
          {
            planYear: yearOf(c.window.from),
            planKind: c.planKind ?? 'annual',
            window: c.window,
            field: c.field,
            durationWorkingDays: c.durationWorkingDays,
            leadAgencyCode: c.leadAgencyCode ?? c.agencyCode,
            participantAgencyCodes: c.participantAgencyCodes ?? [],
            adHocEvidence: c.adHocEvidence,
            adHocScope: c.adHocScope,
            enterpriseKnown: true,
          },
          { knownField: (f) => this.fields.has(f), knownAgency: (a) => known.has(a) },
          `inspections[${i}]`,
        ),
      );
    });
    if (errors.length > 0)
      throw new InvalidInputError(
        'VALIDATION_FAILED',
        `Invalid candidates: ${errors.map((e) => e.field).join(', ')}`,
        errors,
      );
    return this.dryRun(
      candidates.map((c, i) => this.candidateRecord(c, i)),
      [...codes],
    );
  }

  /** The dry run of a whole plan file: its rows as candidates of the agency's plan. */
  async checkFile({ buffer, ...meta }: PlanFileToCheck) {
    const read = await this.planFiles.readPlanFile(buffer, { ...meta, planKind: meta.kind });
    if (read.errors.length > 0)
      throw new RuleViolationError(
        'IMPORT_INVALID',
        `The file has ${read.errors.length} problem(s); nothing was checked`,
        read.errors,
      );
    const candidates = read.rows.map((row) => this.fileCandidate(row, meta));
    const codes = new Set<string>([meta.agencyCode]);
    read.rows.forEach((r) =>
      [r.leadAgencyCode, ...r.participantAgencyCodes].forEach((c) => codes.add(c)),
    );
    return {
      rows: read.rows.length,
      ...(await this.dryRun(
        candidates.map((c, i) => this.candidateRecord(c, i)),
        [...codes],
      )),
    };
  }

  private async dryRun(
    records: Inspection[],
    agencyCodes: string[],
    inspectionName?: InspectionNamer,
  ) {
    const parents = [...new Set(records.map((r) => r.parentTaxCode))];
    const stored = await this.inspections.findByParents(parents);
    // One build for both: the candidates' enterprises (a new one may be a good complier) and
    // agencies join the context of the stored ones.
    const input = await this.input.build([...stored, ...records], agencyCodes);
    const result = this.engine.dryRun(
      input.inspections.slice(0, stored.length),
      input.inspections.slice(stored.length),
      inspectionName ? { ...input.context, inspectionName } : input.context,
    );
    const existing = new Map(
      (await this.conflicts.findByIds(result.conflicts.map((c) => c.id))).map((c) => [
        c.id,
        c.status,
      ]),
    );
    return {
      conflicts: result.conflicts.map((c) => ({
        ...publicConflict(c),
        existingStatus: existing.get(c.id) ?? null,
      })),
      created: result.created.map((c) => c.id),
      superseded: result.superseded,
    };
  }

  /** A candidate as an inspection of a plan that is not stored (revision 0). */
  private candidateRecord(c: CandidateInspectionDto, index: number): Inspection {
    const tax = parseTaxCode(c.taxCode);
    const kind = c.planKind ?? 'annual';
    return newInspection(
      {
        id: 'candidate',
        kind,
        status: 'draft',
        agencyCode: c.agencyCode,
        year: yearOf(c.window.from),
      },
      {
        ...c,
        taxCode: tax.ok ? tax.taxCode : c.taxCode,
        parentTaxCode: tax.ok ? tax.parent : c.taxCode,
        enterpriseName: c.enterpriseName ?? '',
        leadAgencyCode: c.leadAgencyCode ?? c.agencyCode,
        participantAgencyCodes: c.participantAgencyCodes ?? [],
      },
      {
        id: c.replacesInspectionId ?? `candidate-${index + 1}`,
        actor: 'dry-run',
        now: this.clock.now(),
        revision: 0,
      },
    );
  }
}

const FILE_ROW = /^row-(\d+)$/;

/**
 * The preview's names: a row of the file by its row number ("dòng 2"), a stored inspection by
 * its lead agency and the month its window opens ("Sở …, 06/2026") — never an id.
 */
export const previewInspectionName: InspectionNamer = (i, agencyName) => {
  const row = FILE_ROW.exec(i.id);
  if (row) return { vi: `(dòng ${row[1]})`, en: `(row ${row[1]} of the file)` };
  const [year, month] = i.window.from.split('-');
  const name = agencyName(i.leadAgency.code);
  return { vi: `(${name}, ${month}/${year})`, en: `(${name}, ${month}/${year})` };
};

function publicConflict(c: DetectedConflict) {
  return {
    id: c.id,
    ruleId: c.ruleId,
    family: c.family,
    rulebook: c.rulebook,
    severity: c.severity,
    taxCode: c.taxCode,
    year: c.year,
    inspectionIds: c.inspectionIds,
    facts: c.facts,
    explanation: c.explanation,
    legalBasis: c.legalBasis,
  };
}
