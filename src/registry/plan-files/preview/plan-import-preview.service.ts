// Preview, then commit. The preview reads the file as the import would and keeps the reading
// (every row, certain or marked as a guess, with its errors and the conflicts it would open)
// for PREVIEW_TTL; the officer corrects rows; the commit writes exactly the stored reading,
// refusing when the preview expired or the target plan changed meanwhile.
//
// Rows go to the store a chunk at a time as the file is read, and come back a chunk at a time
// (the commit's writes, the API's answer): what a preview holds in memory is one chunk and,
// for the conflict dry run, what the engine reads of each valid row (not its content).
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
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
  refuseFileProblems,
  type CheckedRow,
  type ImportPlanInput,
  type ImportPlanResult,
  type ResolvedImportRow,
} from '../plan-import.service';
import { PlanUpload, requirePlanFile } from '../plan-upload';
import { ImportConflictProbe, type PreviewConflict } from './import-conflict-probe';
import {
  ImportMappingRepository,
  ImportPreviewHeader,
  ImportPreviewRepository,
  PreviewRowRecord,
  ROWS_PER_CHUNK,
} from './import-preview';
import type { PreviewRowCorrection } from './preview.dto';

/** Throws unless the caller may act for the agency (the controller passes the identity check). */
export type AgencyScope = (agencyCode: string) => void;

/** Enterprises per conflict dry run of a preview. */
const PROBE_PARENTS = 1_000;

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

/** A preview to answer with, its rows read a chunk at a time (the API streams it). */
export interface PreviewDocument {
  head: Omit<PreviewView, 'rows'>;
  rows(): AsyncIterable<PreviewRowView[]>;
}

type Summary = PreviewView['summary'];

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

  /** Reads a file into a stored preview; the whole view (rows included) in memory. */
  async preview(
    upload: PlanUpload | undefined,
    input: ImportPlanInput,
    actor: string,
  ): Promise<PreviewView> {
    return viewOf(await this.previewDocument(upload, input, actor));
  }

  /** Reads a file into a stored preview, a chunk of rows at a time; its rows read back the same way. */
  async previewDocument(
    upload: PlanUpload | undefined,
    input: ImportPlanInput,
    actor: string,
  ): Promise<PreviewDocument> {
    const file = requirePlanFile(upload);
    const agencyCode = await this.importer.requireAgency(input.agencyCode);
    const existing = await this.importer.findTarget({ ...input, agencyCode });
    const kind = existing?.kind ?? input.kind ?? 'annual';
    const opened = await this.importer.openPlanFile(file.buffer, {
      agencyCode,
      year: input.year,
      filename: file.filename,
      mimeType: file.mimeType,
      planKind: kind,
      ...(input.type && { type: input.type }),
      remembered: await this.importer.rememberedFor(agencyCode),
    });
    // A file that is no plan file at all, or too large to read, is refused; other problems
    // of the whole file are what the preview shows.
    refuseUnreadable(opened.errors);
    const now = this.clock.now();
    const header: ImportPreviewHeader = {
      id: randomUUID(),
      agencyCode,
      year: input.year,
      kind,
      ...(existing && { planId: existing.id }),
      planStamp: this.importer.planStamp(existing),
      planIdGiven: input.planId !== undefined,
      actor,
      filename: file.filename,
      ...(opened.sheet !== undefined && { sheet: opened.sheet }),
      ...(opened.headerRow !== undefined && { headerRow: opened.headerRow }),
      ...(opened.sheetsTried && { sheetsTried: opened.sheetsTried }),
      ...(opened.convertedFrom && { convertedFrom: opened.convertedFrom }),
      fileErrors: opened.errors,
      createdAt: now,
      expiresAt: new Date(now.getTime() + PREVIEW_TTL_MS),
    };
    let summary = noRows();
    let probeRows: ResolvedImportRow[] = [];
    let chunks = 0;
    if (opened.errors.length === 0) {
      let chunk: PreviewRowRecord[] = [];
      const read = opened.read();
      for await (const r of read) {
        const rec = record(r);
        count(summary, rec);
        if (rec.reading) probeRows.push(forProbe(rec.reading));
        chunk.push(rec);
        if (chunk.length === ROWS_PER_CHUNK) {
          await this.previews.saveRows(header.id, chunks++, chunk, header.expiresAt);
          chunk = [];
        }
      }
      if (read.fileErrors.length > 0) {
        await this.previews.dropRows(header.id);
        refuseUnreadable(read.fileErrors);
        header.fileErrors = read.fileErrors;
        [summary, probeRows, chunks] = [noRows(), [], 0];
      } else if (chunk.length > 0)
        await this.previews.saveRows(header.id, chunks++, chunk, header.expiresAt);
    }
    await this.previews.saveHeader(header, chunks);
    const conflicts = await this.probeRows(header, probeRows);
    probeRows = [];
    return this.document(header, summary, conflicts);
  }

  /** The whole view, rows included, from one read of the stored rows (the pages' read). */
  async get(id: string, scope: AgencyScope): Promise<PreviewView> {
    const header = await this.load(id, scope);
    const summary = noRows();
    const probeRows: ResolvedImportRow[] = [];
    const rows: PreviewRowView[] = [];
    for await (const chunk of this.previews.rowChunks(id))
      for (const r of chunk) {
        count(summary, r);
        if (r.reading) probeRows.push(forProbe(r.reading));
        rows.push(rowView(r));
      }
    const { conflicts, ...head } = this.document(
      header,
      summary,
      await this.probeRows(header, probeRows),
    ).head;
    return { ...head, rows, conflicts };
  }

  /** A stored preview with its corrections and current conflicts, rows read a chunk at a time. */
  async getDocument(id: string, scope: AgencyScope): Promise<PreviewDocument> {
    const header = await this.load(id, scope);
    const summary = noRows();
    const probeRows: ResolvedImportRow[] = [];
    for await (const chunk of this.previews.rowChunks(id))
      for (const r of chunk) {
        count(summary, r);
        if (r.reading) probeRows.push(forProbe(r.reading));
      }
    return this.document(header, summary, await this.probeRows(header, probeRows));
  }

  private document(
    p: ImportPreviewHeader,
    summary: Summary,
    conflicts: PreviewConflict[],
  ): PreviewDocument {
    const previews = this.previews;
    return {
      head: {
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
        summary,
        conflicts,
      },
      async *rows() {
        for await (const chunk of previews.rowChunks(p.id)) yield chunk.map(rowView);
      },
    };
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
    const rec = await this.previews.findRow(id, n);
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
    // A first pass over the stored rows: every problem, and the rows' keys for the write.
    const problems = [...p.fileErrors];
    const keys: string[] = [];
    const parents: string[] = [];
    for await (const chunk of this.previews.rowKeys(id))
      for (const r of chunk) {
        problems.push(...r.errors);
        if (r.reading) {
          keys.push(r.reading.idempotencyKey);
          parents.push(r.reading.parentTaxCode);
        }
      }
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
    const previews = this.previews;
    let result: ImportPlanResult;
    try {
      result = await this.importer.writeRows(
        {
          keys,
          parents,
          async *batches() {
            for await (const chunk of previews.rowChunks(id))
              yield chunk.filter((r) => r.reading).map((r) => r.reading!);
          },
        },
        { agencyCode: p.agencyCode, year: p.year, kind: p.kind, existing },
        actor,
        { filename: p.filename, sheet: p.sheet, headerRow: p.headerRow, previewId: id },
      );
    } catch (error) {
      await this.previews.releaseCommit(id);
      throw error;
    }
    await this.previews.dropRows(id);
    return result;
  }

  private async load(id: string, scope: AgencyScope): Promise<ImportPreviewHeader> {
    const p = await this.previews.findHeader(id);
    if (!p) throw new NotFoundError('Import preview', id);
    scope(p.agencyCode);
    return p;
  }

  private assertOpen(p: ImportPreviewHeader): void {
    if (p.committedAt)
      throw new StateConflictError('PREVIEW_COMMITTED', `Preview ${p.id} was already committed`);
    if (this.clock.now() > p.expiresAt)
      throw new StateConflictError(
        'PREVIEW_EXPIRED',
        `Preview ${p.id} expired at ${p.expiresAt.toISOString()}: preview the file again`,
      );
  }

  /**
   * The dry run, a batch of enterprises at a time: conflicts are per enterprise, so the
   * batches find what one run would, and the engine holds a batch's records, not the year's.
   */
  private async probeRows(
    p: ImportPreviewHeader,
    rows: ResolvedImportRow[],
  ): Promise<PreviewConflict[]> {
    const byParent = new Map<string, ResolvedImportRow[]>();
    for (const r of rows) {
      const same = byParent.get(r.parentTaxCode);
      if (same) same.push(r);
      else byParent.set(r.parentTaxCode, [r]);
    }
    const meta = { agencyCode: p.agencyCode, year: p.year, kind: p.kind };
    const groups = [...byParent.values()];
    const conflicts: PreviewConflict[] = [];
    for (let i = 0; i < groups.length; i += PROBE_PARENTS)
      conflicts.push(...(await this.probe.probe(groups.slice(i, i + PROBE_PARENTS).flat(), meta)));
    return conflicts;
  }
}

/** File problems that leave nothing to preview: not a plan file, or too large to read. */
function refuseUnreadable(errors: ErrorDetail[]): void {
  const fatal = errors.filter((e) => e.code === 'FILE_TYPE' || e.code === 'FILE_TEXT_TOO_MUCH');
  if (fatal.length > 0) refuseFileProblems(errors);
}

function record(r: CheckedRow): PreviewRowRecord {
  return {
    row: r.row,
    ...(r.reading && { reading: r.reading }),
    ...(r.partial && { partial: r.partial }),
    errors: r.errors,
    corrected: false,
  };
}

const noRows = (): Summary => ({ rows: 0, certain: 0, withGuesses: 0, withErrors: 0 });

function count(summary: Summary, r: PreviewRowRecord): void {
  summary.rows++;
  const guesses = (r.reading ?? r.partial)?.guesses.length ?? 0;
  if (r.errors.length > 0) summary.withErrors++;
  else if (guesses > 0) summary.withGuesses++;
  else summary.certain++;
}

/**
 * What the conflict dry run reads of a valid row: its enterprise, kind, field, window and
 * agencies. Its texts (content, address, notes) and guesses are left out, so the rows of a
 * large file are held for the dry run at a fraction of their size.
 */
function forProbe(r: ResolvedImportRow): ResolvedImportRow {
  return {
    row: r.row,
    guesses: [],
    enterpriseName: r.enterpriseName,
    taxCode: r.taxCode,
    parentTaxCode: r.parentTaxCode,
    isBranch: r.isBranch,
    content: '',
    field: r.field,
    type: r.type,
    form: r.form,
    window: r.window,
    windowPrecision: r.windowPrecision,
    participantAgencies: [],
    idempotencyKey: r.idempotencyKey,
    leadAgencyCode: r.leadAgencyCode,
    participantAgencyCodes: r.participantAgencyCodes,
    ...(r.durationWorkingDays !== undefined && { durationWorkingDays: r.durationWorkingDays }),
    ...(r.adHocEvidence !== undefined && { adHocEvidence: r.adHocEvidence }),
  };
}

/** The whole view, rows read in. */
async function viewOf(doc: PreviewDocument): Promise<PreviewView> {
  const rows: PreviewRowView[] = [];
  for await (const chunk of doc.rows()) rows.push(...chunk);
  const { conflicts, ...head } = doc.head;
  return { ...head, rows, conflicts };
}

/** The view as JSON text, its rows written a chunk at a time. */
export function previewJson(doc: PreviewDocument): Readable {
  const { conflicts, ...head } = doc.head;
  return Readable.from(
    (async function* () {
      yield Buffer.from(`${JSON.stringify(head).slice(0, -1)},"rows":[`);
      let first = true;
      for await (const chunk of doc.rows()) {
        if (chunk.length === 0) continue;
        yield Buffer.from(`${first ? '' : ','}${JSON.stringify(chunk).slice(1, -1)}`);
        first = false;
      }
      yield Buffer.from(`],"conflicts":${JSON.stringify(conflicts)}}`);
    })(),
    { objectMode: false },
  );
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
