// Preview, then commit. The preview reads the file as the import would and keeps the reading
// (every row, certain or marked as a guess, with its errors and the conflicts it would open)
// for PREVIEW_TTL; the officer corrects rows; the commit writes exactly the stored reading,
// refusing when the preview expired or the target plan changed meanwhile.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ErrorDetail,
  NotFoundError,
  StateConflictError,
} from '../../../common/errors/domain-errors';
import { Clock } from '../../../common/time/clock';
import { isCalendarDay } from '../../../domain/calendar-day';
import { parseTaxCode } from '../../../domain/tax-code';
import { normalizeLine, normalizeText } from '../../../domain/vietnamese-text';
import { FieldCatalog } from '../../../fields/field-catalog';
import { inspectionIdempotencyKey, type ImportedInspectionRow } from '../import';
import {
  importInvalid,
  PlanImportService,
  UnsupportedFileTypeError,
  type ImportPlanInput,
  type ImportPlanResult,
  type ResolvedImportRow,
} from '../plan-import.service';
import { PlanUpload, requirePlanFile } from '../plan-upload';
import { ImportConflictProbe, type PreviewConflict } from './import-conflict-probe';
import {
  ImportMappingRepository,
  ImportPreview,
  ImportPreviewRepository,
  PreviewRowRecord,
} from './import-preview';
import type { PreviewRowCorrection } from './preview.dto';

/** Throws unless the caller may act for the agency (the controller passes the identity check). */
export type AgencyScope = (agencyCode: string) => void;

/** How long a preview can be committed. */
export const PREVIEW_TTL_MS = 2 * 3600_000;

export interface PreviewRowView {
  row: number;
  continuationRows: number[];
  enterprise: { name: string | null; taxCode: string | null };
  taxCode: string | null;
  type: string | null;
  form: string | null;
  field: string | null;
  content: string | null;
  window: { from: string; to: string } | null;
  windowPrecision: string | null;
  agencies: { lead: string | null; participants: string[] };
  guesses: ImportedInspectionRow['guesses'];
  errors: ErrorDetail[];
  corrected: boolean;
}

export interface PreviewView {
  previewId: string;
  expiresAt: string;
  agencyCode: string;
  year: number;
  kind: string;
  planId: string | null;
  sheet: string | null;
  headerRow: number | null;
  sheetsTried: string[];
  convertedFrom: string | null;
  fileErrors: ErrorDetail[];
  summary: { rows: number; certain: number; withGuesses: number; withErrors: number };
  rows: PreviewRowView[];
  conflicts: PreviewConflict[];
}

@Injectable()
export class PlanImportPreviewService {
  constructor(
    private readonly importer: PlanImportService,
    private readonly previews: ImportPreviewRepository,
    private readonly mappings: ImportMappingRepository,
    private readonly probe: ImportConflictProbe,
    private readonly fields: FieldCatalog,
    private readonly clock: Clock,
  ) {}

  async preview(
    upload: PlanUpload | undefined,
    input: ImportPlanInput,
    actor: string,
  ): Promise<PreviewView> {
    const file = requirePlanFile(upload);
    const agencyCode = await this.importer.requireAgency(input.agencyCode);
    const existing = await this.importer.findTarget({ ...input, agencyCode });
    const kind = existing?.kind ?? input.kind ?? 'annual';
    const read = await this.importer.readPlanFile(file.buffer, {
      agencyCode,
      year: input.year,
      filename: file.filename,
      mimeType: file.mimeType,
      planKind: kind,
      ...(input.type && { type: input.type }),
      remembered: await this.importer.rememberedFor(agencyCode),
    });
    if (read.errors.some((e) => e.code === 'FILE_TYPE'))
      throw new UnsupportedFileTypeError(
        'UNSUPPORTED_FILE_TYPE',
        read.errors[0].message,
        read.errors,
      );

    const byRow = new Map<number, PreviewRowRecord>();
    for (const r of read.rows)
      byRow.set(r.row, { row: r.row, reading: r, errors: [], corrected: false });
    for (const p of read.partialRows ?? [])
      if (!byRow.has(p.row))
        byRow.set(p.row, { row: p.row, partial: p, errors: [], corrected: false });
    const fileErrors: ErrorDetail[] = [];
    for (const e of read.errors) {
      if (!e.row) {
        fileErrors.push(e);
        continue;
      }
      const rec = byRow.get(e.row) ?? { row: e.row, errors: [], corrected: false };
      rec.errors.push(e);
      byRow.set(e.row, rec);
    }
    const now = this.clock.now();
    const preview: ImportPreview = {
      id: randomUUID(),
      agencyCode,
      year: input.year,
      kind,
      ...(existing && { planId: existing.id }),
      planStamp: this.importer.planStamp(existing),
      planIdGiven: input.planId !== undefined,
      actor,
      filename: file.filename,
      ...(read.sheet !== undefined && { sheet: read.sheet }),
      ...(read.headerRow !== undefined && { headerRow: read.headerRow }),
      ...(read.sheetsTried && { sheetsTried: read.sheetsTried }),
      ...(read.convertedFrom && { convertedFrom: read.convertedFrom }),
      fileErrors,
      rows: [...byRow.values()].sort((a, b) => a.row - b.row),
      createdAt: now,
      expiresAt: new Date(now.getTime() + PREVIEW_TTL_MS),
    };
    await this.previews.save(preview);
    return this.view(preview, await this.conflictsOf(preview));
  }

  async get(id: string, scope: AgencyScope): Promise<PreviewView> {
    const p = await this.load(id, scope);
    return this.view(p, await this.conflictsOf(p));
  }

  /** Corrects one row's reading; `remember` maps the texts as written for the agency. */
  async correctRow(
    id: string,
    n: number,
    fix: PreviewRowCorrection,
    actor: string,
    scope: AgencyScope,
  ): Promise<PreviewRowView> {
    const p = await this.load(id, scope);
    this.assertOpen(p);
    const rec = p.rows.find((r) => r.row === n);
    if (!rec) throw new NotFoundError('Preview row', String(n));
    const base = rec.reading ?? rec.partial;
    const errors: ErrorDetail[] = [];
    const prefix = `rows[${n}]`;
    const bad = (field: string, code: string, message: string, messageVi: string) =>
      errors.push({ field: `${prefix}.${field}`, code, message, messageVi, row: n });

    const name = normalizeLine(fix.enterpriseName ?? base?.enterpriseName ?? '');
    if (!name)
      bad(
        'enterpriseName',
        'NAME_REQUIRED',
        'The enterprise name is missing',
        'Thiếu tên doanh nghiệp',
      );
    const tax = parseTaxCode(fix.taxCode ?? base?.taxCode ?? '');
    if (!tax.ok) bad('taxCode', tax.code, tax.message.en, tax.message.vi);
    const content = normalizeText(fix.content ?? base?.content ?? '');
    if (!content) bad('content', 'CONTENT_REQUIRED', 'The content is missing', 'Thiếu nội dung');
    const field = fix.field ?? base?.field;
    if (!field || !this.fields.has(field))
      bad(
        'field',
        field ? 'FIELD_UNKNOWN' : 'FIELD_REQUIRED',
        `field "${field ?? ''}" is not in the list of fields`,
        `Lĩnh vực "${field ?? ''}" không có trong danh mục`,
      );
    const type = fix.type ?? base?.type;
    if (!type)
      bad(
        'type',
        'TYPE_REQUIRED',
        'The type is missing (thanh-tra or kiem-tra)',
        'Thiếu loại (Thanh tra hoặc Kiểm tra)',
      );
    const form = fix.form ?? base?.form ?? 'on-site';
    const window = fix.window ?? base?.window;
    if (!window || !isCalendarDay(window.from) || !isCalendarDay(window.to))
      bad(
        'window',
        'WINDOW_REQUIRED',
        'The visit window is missing or not YYYY-MM-DD',
        'Thiếu thời gian thực hiện hoặc không đúng dạng YYYY-MM-DD',
      );

    // Texts as written that the officer maps to codes, to remember for the agency's next files.
    const lead = fix.leadAgencyCode ?? base?.leadAgency;
    const participants = fix.participantAgencyCodes ?? base?.participantAgencies ?? [];
    if (fix.remember) {
      const now = this.clock.now();
      if (fix.leadAgencyCode && base?.leadAgency && base.leadAgency !== fix.leadAgencyCode)
        await this.mappings.remember(
          p.agencyCode,
          'agency',
          base.leadAgency,
          fix.leadAgencyCode,
          actor,
          now,
        );
      if (fix.participantAgencyCodes && base?.participantAgencies)
        for (
          let i = 0;
          i < Math.min(fix.participantAgencyCodes.length, base.participantAgencies.length);
          i++
        )
          if (base.participantAgencies[i] !== fix.participantAgencyCodes[i])
            await this.mappings.remember(
              p.agencyCode,
              'agency',
              base.participantAgencies[i],
              fix.participantAgencyCodes[i],
              actor,
              now,
            );
      const fieldRead =
        base?.guesses.find((g) => g.field === 'field')?.read ?? rec.partial?.fieldText;
      if (fix.field && fieldRead)
        await this.mappings.remember(p.agencyCode, 'field', fieldRead, fix.field, actor, now);
    }

    const corrected = new Set(Object.keys(fix).filter((k) => k !== 'remember'));
    const keptGuesses = (base?.guesses ?? []).filter(
      (g) =>
        !corrected.has(g.field.replace(/\[\d+\]$/, '').replace(/^window\..*/, 'window')) &&
        !(g.field === 'leadAgencyCode' && corrected.has('leadAgencyCode')) &&
        !(g.field.startsWith('participantAgencyCodes') && corrected.has('participantAgencyCodes')),
    );

    let next: PreviewRowRecord;
    if (errors.length === 0 && tax.ok && field && type && window) {
      const row: ImportedInspectionRow = {
        ...(rec.reading ?? {}),
        row: n,
        ...(base?.continuationRows && { continuationRows: base.continuationRows }),
        guesses: keptGuesses,
        enterpriseName: name,
        taxCode: tax.taxCode,
        parentTaxCode: tax.parent,
        isBranch: tax.isBranch,
        content,
        field,
        type,
        form,
        window,
        windowPrecision: fix.window ? 'days' : (rec.reading?.windowPrecision ?? 'days'),
        ...(lead ? { leadAgency: lead } : {}),
        participantAgencies: participants,
        idempotencyKey: inspectionIdempotencyKey({
          agencyCode: p.agencyCode,
          year: p.year,
          taxCode: tax.taxCode,
          type,
          field,
          window,
          content,
        }),
      } as ImportedInspectionRow;
      if (!lead) delete row.leadAgency;
      const [checked] = await this.importer.checkRows([row], {
        agencyCode: p.agencyCode,
        year: p.year,
        planKind: p.kind,
        remembered: await this.importer.rememberedFor(p.agencyCode),
      });
      next =
        checked.errors.length === 0
          ? { row: n, reading: checked.row, errors: [], corrected: true }
          : {
              row: n,
              partial: { ...row, participantAgencies: participants },
              errors: checked.errors,
              corrected: true,
            };
    } else {
      next = {
        row: n,
        partial: {
          ...(base ?? { participantAgencies: [] }),
          row: n,
          guesses: keptGuesses,
          participantAgencies: participants,
          ...(lead && { leadAgency: lead }),
        },
        errors,
        corrected: true,
      };
    }
    await this.previews.replaceRow(id, next);
    return rowView(next);
  }

  /** Commits exactly what was previewed (with its corrections). */
  async commit(id: string, actor: string, scope: AgencyScope): Promise<ImportPlanResult> {
    const p = await this.load(id, scope);
    this.assertOpen(p);
    const problems = [...p.fileErrors, ...p.rows.flatMap((r) => r.errors)];
    if (problems.length > 0) throw importInvalid(problems);
    const existing = await this.importer.findTarget({
      agencyCode: p.agencyCode,
      year: p.year,
      kind: p.kind,
      ...(p.planIdGiven && p.planId && { planId: p.planId }),
    });
    if (this.importer.planStamp(existing) !== p.planStamp)
      throw new StateConflictError(
        'PLAN_CHANGED',
        'The target plan changed after the preview (another import or edit): preview the file again',
      );
    if (!(await this.previews.claimCommit(id, this.clock.now())))
      throw new StateConflictError('PREVIEW_COMMITTED', `Preview ${id} was already committed`);
    let result: ImportPlanResult;
    try {
      result = await this.importer.writeRows(
        p.rows.map((r) => r.reading!),
        { agencyCode: p.agencyCode, year: p.year, kind: p.kind, existing },
        actor,
        { filename: p.filename, sheet: p.sheet, headerRow: p.headerRow },
      );
    } catch (error) {
      await this.previews.releaseCommit(id);
      throw error;
    }
    await this.previews.dropRows(id);
    return result;
  }

  private async load(id: string, scope: AgencyScope): Promise<ImportPreview> {
    const p = await this.previews.find(id);
    if (!p) throw new NotFoundError('Import preview', id);
    scope(p.agencyCode);
    return p;
  }

  private assertOpen(p: ImportPreview): void {
    if (p.committedAt)
      throw new StateConflictError('PREVIEW_COMMITTED', `Preview ${p.id} was already committed`);
    if (this.clock.now() > p.expiresAt)
      throw new StateConflictError(
        'PREVIEW_EXPIRED',
        `Preview ${p.id} expired at ${p.expiresAt.toISOString()}: preview the file again`,
      );
  }

  private async conflictsOf(p: ImportPreview): Promise<PreviewConflict[]> {
    const rows = p.rows.filter((r) => r.reading).map((r) => r.reading!) as ResolvedImportRow[];
    return this.probe.probe(rows, { agencyCode: p.agencyCode, year: p.year, kind: p.kind });
  }

  private view(p: ImportPreview, conflicts: PreviewConflict[]): PreviewView {
    const rows = p.rows.map(rowView);
    return {
      previewId: p.id,
      expiresAt: p.expiresAt.toISOString(),
      agencyCode: p.agencyCode,
      year: p.year,
      kind: p.kind,
      planId: p.planId ?? null,
      sheet: p.sheet ?? null,
      headerRow: p.headerRow ?? null,
      sheetsTried: p.sheetsTried ?? [],
      convertedFrom: p.convertedFrom ?? null,
      fileErrors: p.fileErrors,
      summary: {
        rows: rows.length,
        certain: rows.filter((r) => r.errors.length === 0 && r.guesses.length === 0).length,
        withGuesses: rows.filter((r) => r.errors.length === 0 && r.guesses.length > 0).length,
        withErrors: rows.filter((r) => r.errors.length > 0).length,
      },
      rows,
      conflicts,
    };
  }
}

function rowView(r: PreviewRowRecord): PreviewRowView {
  const x = r.reading;
  const q = r.partial;
  const taxCode = x?.taxCode ?? q?.taxCode ?? null;
  const name = x?.enterpriseName ?? q?.enterpriseName ?? null;
  return {
    row: r.row,
    continuationRows: x?.continuationRows ?? q?.continuationRows ?? [],
    enterprise: { name, taxCode },
    taxCode,
    type: x?.type ?? q?.type ?? null,
    form: x?.form ?? q?.form ?? null,
    field: x?.field ?? q?.field ?? null,
    content: x?.content ?? q?.content ?? null,
    window: x?.window ?? q?.window ?? null,
    windowPrecision: x?.windowPrecision ?? null,
    agencies: x
      ? { lead: x.leadAgencyCode, participants: x.participantAgencyCodes }
      : { lead: q?.leadAgency ?? null, participants: q?.participantAgencies ?? [] },
    guesses: x?.guesses ?? q?.guesses ?? [],
    errors: r.errors,
    corrected: r.corrected,
  };
}
