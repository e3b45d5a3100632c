// The consolidated plan of a year (every agency, one row per inspection) as .xlsx or .csv,
// in the import layout so that an export re-imports, and the downloadable import template.
import { Injectable, Logger } from '@nestjs/common';
import { AgencyRepository } from '../../agencies/agency';
import { InvalidInputError } from '../../common/errors/domain-errors';
import { Clock } from '../../common/time/clock';
import { INACTIVE_INSPECTION_STATES } from '../../domain/vocabulary';
import { FieldCatalog } from '../../fields/field-catalog';
import { effectiveState } from '../inspections/effective-state';
import { Inspection, InspectionRepository } from '../inspections/inspection';
import { unsoundReason } from '../inspections/inspection-soundness';
import {
  buildImportTemplateXlsx,
  CSV_MIME_TYPE,
  exportPlanCsv,
  exportPlanXlsx,
  planExportFilename,
  XLSX_MIME_TYPE,
  type PlanExportRow,
} from './export';

export type PlanExportFormat = 'xlsx' | 'csv';

export interface PlanFile {
  body: Buffer;
  contentType: string;
  filename: string;
  /** Stored records left out because they cannot be written (each logged). */
  skipped?: number;
}

export interface ExportPlanInput {
  year: number;
  format: PlanExportFormat;
  /** Only the plans of this agency (the registering agency); all agencies when omitted. */
  agencyCode?: string;
}

/**
 * Which inspections the consolidated plan shows: those of plans that still stand (not
 * withdrawn) and that are still going to happen or happened (not cancelled, not merged into
 * a joint inspection — the joint one is listed instead). A cancelled row re-imported from an
 * export would otherwise come back as planned.
 */
export function isExported(i: Inspection): boolean {
  return !INACTIVE_INSPECTION_STATES.includes(effectiveState(i));
}

@Injectable()
export class PlanExportService {
  private readonly logger = new Logger('PlanExport');

  constructor(
    private readonly inspections: InspectionRepository,
    private readonly agencies: AgencyRepository,
    private readonly fields: FieldCatalog,
    private readonly clock: Clock,
  ) {}

  /** `within`: an agency-scoped reader's agencies (undefined: all); their plans' rows only. */
  async export(input: ExportPlanInput, within?: string[]): Promise<PlanFile> {
    const agencyCode = input.agencyCode?.trim().toUpperCase() || undefined;
    const agencies = await this.agencies.list({});
    if (agencyCode && !agencies.some((a) => a.code === agencyCode)) {
      throw new InvalidInputError('VALIDATION_FAILED', `agency ${agencyCode} does not exist`, [
        {
          field: 'agencyCode',
          code: 'AGENCY_NOT_FOUND',
          message: `agency ${agencyCode} does not exist`,
        },
      ]);
    }
    // Readers know agencies by name; the importer resolves names (and codes) back.
    const nameOf = new Map(agencies.map((a) => [a.code, a.name]));
    const label = (code: string) => nameOf.get(code) ?? code;

    // Lean cursor → export rows one by one: no full inspection list is held in memory.
    const rows: PlanExportRow[] = [];
    let skipped = 0;
    for await (const i of this.inspections.stream(
      { year: input.year, ...(agencyCode && { agencyCode }) },
      'window.from',
    )) {
      if (!isExported(i) || (within && !within.includes(i.agencyCode))) continue;
      const unsound = unsoundReason(i);
      if (unsound) {
        skipped++;
        this.logger.warn(`inspection ${i.id} left out of the export: ${unsound}`);
        continue;
      }
      rows.push({
        enterpriseName: i.enterpriseName,
        taxCode: i.taxCode,
        content: i.content,
        field: i.field,
        type: i.type,
        form: i.form,
        window: i.window,
        leadAgency: label(i.leadAgencyCode),
        participantAgencies: i.participantAgencyCodes.map(label),
        ...(i.periodUnderReview && { periodUnderReview: i.periodUnderReview }),
        ...(i.durationWorkingDays !== undefined && { durationWorkingDays: i.durationWorkingDays }),
        ...(i.notes && { note: i.notes }),
      });
    }

    const suffix = agencyCode ? `-${agencyCode.toLowerCase()}` : '';
    const filename = planExportFilename(input.year, input.format).replace(
      /\.(xlsx|csv)$/,
      `${suffix}.$1`,
    );
    if (input.format === 'csv') {
      return {
        body: exportPlanCsv(rows, { fields: this.fields.fields }),
        contentType: CSV_MIME_TYPE,
        filename,
        skipped,
      };
    }
    const title = agencyCode
      ? `KẾ HOẠCH THANH TRA, KIỂM TRA DOANH NGHIỆP NĂM ${input.year} – ${label(agencyCode).toLocaleUpperCase('vi')}`
      : undefined;
    return {
      body: await exportPlanXlsx(rows, {
        year: input.year,
        fields: this.fields.fields,
        generatedAt: this.clock.now(),
        ...(title && { title }),
      }),
      contentType: XLSX_MIME_TYPE,
      filename,
      skipped,
    };
  }

  /** The template for a plan year; next year's when none is given. */
  async template(year = Number(this.clock.now().toISOString().slice(0, 4)) + 1): Promise<PlanFile> {
    return {
      body: await buildImportTemplateXlsx({
        year,
        fields: this.fields.fields,
        generatedAt: this.clock.now(),
      }),
      contentType: XLSX_MIME_TYPE,
      filename: `mau-ke-hoach-thanh-tra-kiem-tra-${year}.xlsx`,
    };
  }
}
