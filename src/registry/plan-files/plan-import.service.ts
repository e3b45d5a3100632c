// Import of an agency's plan table (.xlsx/.csv): parse, resolve agencies, check every row,
// and only when the whole file is clean save it. ALL OR NOTHING: every problem of every row
// is answered in one 422 IMPORT_INVALID and nothing is written (no plan, no enterprise, no
// inspection). Without transactions (standalone MongoDB), all checks run before the first
// write; the writes go in batches, and the outbox keeps what undoes them (unfinished-import.ts)
// until they are whole: a failure midway is undone here, a crash midway at the next start.
//
// Memory per import is bounded, not by the file: the file streams (import/), rows are checked
// one by one keeping only their keys and problems, and are written batch by batch from a
// second read of the file (or from the rows kept, when they are few), or from a preview's
// stored chunks.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AgencyRepository } from '../../agencies/agency';
import { AuditEvent, AuditTrail } from '../../audit/audit';
import {
  DomainError,
  ErrorDetail,
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
  StateConflictError,
} from '../../common/errors/domain-errors';
import { Clock } from '../../common/time/clock';
import { type CalendarDay, workingDaysIn } from '../../domain/calendar-day';
import { InspectionType, PlanKind } from '../../domain/vocabulary';
import { AgencyResolver } from './agencies/agency-resolver';
import { EnterpriseRepository } from '../enterprises/enterprise';
import { FieldCatalog } from '../../fields/field-catalog';
import { Inspection, InspectionRepository } from '../inspections/inspection';
import {
  ConflictDigest,
  ParentsChangedBus,
  STILL_WRITING,
  type TouchedParents,
} from '../parents-changed';
import { checkInspectionDraft } from '../inspections/inspection-rules';
import { newInspection } from '../inspections/new-inspection';
import {
  openPlanTable,
  PLAN_COLUMNS,
  type ImportedInspectionRow,
  type ImportRowError,
  type PartialImportRow,
} from './import';
import { Plan, PlanRepository } from '../plans/plan';
import { CreatePlanDto } from '../plans/plan.dto';
import { PlansService } from '../plans/plans.service';
import { PlanUpload, requirePlanFile } from './plan-upload';
import { ImportMappingRepository, ImportPreviewRepository } from './preview/import-preview';
import {
  IMPORT_HEARTBEAT_MS,
  IMPORT_QUIET_MS,
  ImportUndoStore,
  UNFINISHED_IMPORT,
  undoneNote,
  type UnfinishedImport,
} from './unfinished-import';

/** A valid row of the file with its agencies resolved to codes: a candidate inspection. */
export interface ResolvedImportRow extends ImportedInspectionRow {
  /** The lead agency's code: the one written in the file, else the importing agency. */
  leadAgencyCode: string;
  participantAgencyCodes: string[];
  /** Ad-hoc plans only: the "Ghi chú" cell is the evidence reference. */
  adHocEvidence?: string;
}

export interface ReadPlanFileInput {
  agencyCode: string;
  year: number;
  filename?: string;
  mimeType?: string;
  /** The target plan's kind; ad-hoc rows need evidence. 'annual' when omitted. */
  planKind?: PlanKind;
  /** Type given with the upload, for rows whose own words and the title do not say. */
  type?: InspectionType;
  /** Mappings the officer remembered for this agency (written text → code). */
  remembered?: RememberedMappings;
}

/** Texts an agency's officer mapped once in a preview, remembered for its next files. */
export interface RememberedMappings {
  agencies: ReadonlyMap<string, string>;
  fields: ReadonlyMap<string, string>;
}

export interface ReadPlanFileResult {
  /** Every row of the file when `errors` is empty; otherwise the rows that passed. */
  rows: ResolvedImportRow[];
  /** Every problem, by row: field `rows[<row>].<apiField>`, row, column, en + vi message. */
  errors: ErrorDetail[];
  sheet?: string;
  headerRow?: number;
  sheetsTried?: string[];
  convertedFrom?: string;
  /** What could be read of the rows that did not parse, by row number (for the preview). */
  partialRows?: PartialImportRow[];
}

/** One record of the file, checked: its reading, or what could be read of it and why not. */
export interface CheckedRow {
  row: number;
  reading?: ResolvedImportRow;
  partial?: PartialImportRow;
  errors: ErrorDetail[];
}

/** One pass over a plan file's checked rows; `fileErrors` is known once the pass ended. */
export interface CheckedRead extends AsyncIterable<CheckedRow> {
  /** Problems of the whole file seen while reading: when any, the rows read do not count. */
  readonly fileErrors: ErrorDetail[];
}

/** A plan file opened for import: where its table is, and its rows read (again) on demand. */
export interface OpenedPlanFile {
  sheet?: string;
  headerRow?: number;
  sheetsTried?: string[];
  convertedFrom?: string;
  /** Problems of the whole file seen before any row: when any, there are no rows. */
  errors: ErrorDetail[];
  read(): CheckedRead;
}

/** Checked rows to write, known by key and parent before the first write. */
export interface RowsToWrite {
  /** Every row's idempotency key and parent tax code, in file order. */
  keys: readonly string[];
  parents: readonly string[];
  /** The rows themselves, in the same order, a batch at a time. */
  batches(): AsyncIterable<ResolvedImportRow[]>;
}

/** Rows already in memory, to write. */
export function rowsInMemory(rows: readonly ResolvedImportRow[], batch = CHUNK): RowsToWrite {
  return {
    keys: rows.map((r) => r.idempotencyKey),
    parents: rows.map((r) => r.parentTaxCode),
    async *batches() {
      for (let i = 0; i < rows.length; i += batch) yield rows.slice(i, i + batch);
    },
  };
}

export interface ImportPlanInput {
  agencyCode: string;
  year: number;
  kind?: PlanKind;
  planId?: string;
  /** Type for rows whose own words and the title do not say. */
  type?: InspectionType;
}

export interface ImportPlanResult {
  planId: string;
  /** Whether this import created the target plan. */
  planCreated: boolean;
  /** Data rows in the file. */
  rows: number;
  created: number;
  /** Rows already imported before (same agency, year and row content): not duplicated. */
  alreadyPresent: number;
  /** Conflicts the new inspections take part in. */
  conflicts: ConflictDigest[];
  sheet?: string;
  headerRow?: number;
}

/** 413: the upload is larger than UPLOAD_LIMIT_BYTES. */
export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
}

/**
 * 409: the import lost the database for longer than IMPORT_QUIET_MS, an undo took it meanwhile
 * (as it would a crashed import's), and the import found out when it came back: it removed
 * what it wrote since and keeps nothing of the file.
 */
export class ImportUndoneError extends StateConflictError {
  constructor() {
    super(
      'IMPORT_UNDONE',
      `The import was undone: the service lost the database for more than ${IMPORT_QUIET_MS / 1000} s while writing it, so it was taken as cut short. Nothing of the file is kept; import it again.`,
    );
  }
}

/** 415: the upload is not a kind of file the import reads. */
export class UnsupportedFileTypeError extends DomainError {
  readonly status = 415;
}

/** The one answer for a file with problems: 422 listing every one of them. */
export function importInvalid(errors: ErrorDetail[]): RuleViolationError {
  const rows = new Set(errors.filter((e) => e.row).map((e) => e.row));
  const where = rows.size > 0 ? ` in ${rows.size} row${rows.size === 1 ? '' : 's'}` : '';
  return new RuleViolationError(
    'IMPORT_INVALID',
    `The file has ${errors.length} problem${errors.length === 1 ? '' : 's'}${where}; nothing was imported`,
    errors,
  );
}

/** File-level codes that mean "not a plan file we can read at all" (answered 415). */
const FILE_TYPE_CODES = new Set(['FILE_TYPE']);
/** File-level codes about its size (answered 413, as the upload's own bounds are). */
const FILE_SIZE_CODES = new Set(['FILE_TEXT_TOO_MUCH']);

/** Refuses a file whose problems are of the whole file: 415, 413 or 422, nothing read further. */
export function refuseFileProblems(errors: ErrorDetail[]): void {
  if (errors.length === 0) return;
  if (errors.some((e) => FILE_TYPE_CODES.has(e.code)))
    throw new UnsupportedFileTypeError('UNSUPPORTED_FILE_TYPE', errors[0].message, errors);
  if (errors.some((e) => FILE_SIZE_CODES.has(e.code)))
    throw new PayloadTooLargeError('PAYLOAD_TOO_LARGE', errors[0].message, errors);
  throw importInvalid(errors);
}

/**
 * Writes go to the database in chunks: bounded request sizes, and what a chunk holds (rows,
 * inspections, their BSON) dies young, before the heap has to grow for it.
 */
const CHUNK = 250;

/** Enterprises checked for conflicts per round once an import is whole. */
const PUBLISHED_PARENTS = 500;

/**
 * Characters of the checked rows an import keeps between checking and writing them; past it
 * they are read again from the file instead (a second parse beats holding a file of long
 * texts). 4 M characters: some 10,000 plan rows.
 */
const KEPT_ROW_CHARS = 4_000_000;

const COLUMN_BY_API_FIELD = new Map<string, string>();
for (const c of PLAN_COLUMNS)
  if (!COLUMN_BY_API_FIELD.has(c.apiField)) COLUMN_BY_API_FIELD.set(c.apiField, c.header);
COLUMN_BY_API_FIELD.set('adHocEvidence', 'Ghi chú');

@Injectable()
export class PlanImportService {
  /** Rows per database write; tests lower it to exercise compensation. */
  chunkSize = CHUNK;

  constructor(
    private readonly plans: PlanRepository,
    private readonly plansService: PlansService,
    private readonly inspections: InspectionRepository,
    private readonly agencies: AgencyRepository,
    private readonly enterprises: EnterpriseRepository,
    private readonly fields: FieldCatalog,
    private readonly audit: AuditTrail,
    private readonly parentsChanged: ParentsChangedBus,
    private readonly clock: Clock,
    private readonly mappings: ImportMappingRepository,
    private readonly previews: ImportPreviewRepository,
    private readonly undo: ImportUndoStore,
  ) {
    this.parentsChanged.finishWith(UNFINISHED_IMPORT, (data, actor, entry) =>
      this.finishImport(data as UnfinishedImport, actor, entry),
    );
  }

  /** Outbox entries of the imports this process is writing now. */
  private readonly writing = new Set<string>();

  /**
   * Opens a plan file to read and check it as the import would, saving nothing: every row's
   * agencies resolved (by code or by name) and the inspection rules applied, one row at a
   * time as the file streams.
   */
  async openPlanFile(buffer: Buffer, input: ReadPlanFileInput): Promise<OpenedPlanFile> {
    const all = await this.agencies.list({});
    const importing = all.find((a) => a.code === input.agencyCode);
    const table = await openPlanTable(buffer, {
      agencyCode: input.agencyCode,
      year: input.year,
      filename: input.filename,
      mimeType: input.mimeType,
      // Rows are guessed and checked against the fields a new record may name.
      fields: this.fields.active,
      ...(input.type && { defaultType: input.type }),
      ...(importing && { agencyKind: importing.kind }),
      ...(input.remembered && { rememberedFields: input.remembered.fields }),
    });
    const index = new AgencyResolver(all, {
      remembered: input.remembered?.agencies,
      asOf: planYearStart(input.year),
    });
    const planKind = input.planKind ?? 'annual';
    const check = (row: ImportedInspectionRow) => this.checkRow(row, input, planKind, index);
    return {
      ...(table.sheet !== undefined && { sheet: table.sheet }),
      ...(table.headerRow !== undefined && { headerRow: table.headerRow }),
      ...(table.sheetsTried && { sheetsTried: table.sheetsTried }),
      ...(table.convertedFrom && { convertedFrom: table.convertedFrom }),
      errors: table.errors.map(fromParseError),
      read: () => {
        const pass = table.read();
        return {
          get fileErrors() {
            return pass.fileErrors.map(fromParseError);
          },
          async *[Symbol.asyncIterator]() {
            for await (const r of pass) {
              if (!r.row) {
                yield {
                  row: r.rowNumber,
                  ...(r.partial && { partial: r.partial }),
                  errors: r.errors.map(fromParseError),
                };
                continue;
              }
              const checked = check(r.row);
              yield checked.errors.length > 0
                ? { row: r.rowNumber, partial: checked.row, errors: checked.errors }
                : { row: r.rowNumber, reading: checked.row, errors: [] };
            }
          },
        };
      },
    };
  }

  /**
   * Parses a plan file and checks it as the import would, saving nothing, holding every row:
   * for the dry-run conflict check of a whole plan file.
   */
  async readPlanFile(buffer: Buffer, input: ReadPlanFileInput): Promise<ReadPlanFileResult> {
    const file = await this.openPlanFile(buffer, input);
    const where = {
      sheet: file.sheet,
      headerRow: file.headerRow,
      ...(file.sheetsTried && { sheetsTried: file.sheetsTried }),
      ...(file.convertedFrom && { convertedFrom: file.convertedFrom }),
    };
    if (file.errors.length > 0) return { rows: [], errors: file.errors, ...where };
    const rows: ResolvedImportRow[] = [];
    const errors: ErrorDetail[] = [];
    const partialRows: PartialImportRow[] = [];
    const read = file.read();
    for await (const r of read) {
      errors.push(...r.errors);
      if (r.reading) rows.push(r.reading);
      else if (r.partial) partialRows.push(r.partial);
    }
    if (read.fileErrors.length > 0) return { rows: [], errors: read.fileErrors, ...where };
    return { rows, errors, ...where, ...(partialRows.length > 0 && { partialRows }) };
  }

  /**
   * Checks rows read (or corrected) earlier, as readPlanFile does: agencies resolved, rules
   * applied. Used by the preview when the officer corrects a row.
   */
  async checkRows(
    rows: ImportedInspectionRow[],
    input: ReadPlanFileInput,
  ): Promise<{ row: ResolvedImportRow; errors: ErrorDetail[] }[]> {
    const index = new AgencyResolver(await this.agencies.list({}), {
      remembered: input.remembered?.agencies,
      asOf: planYearStart(input.year),
    });
    return rows.map((r) => this.checkRow(r, input, input.planKind ?? 'annual', index));
  }

  /** Imports a plan file into a draft plan: all rows or none. */
  async import(
    upload: PlanUpload | undefined,
    input: ImportPlanInput,
    actor: string,
  ): Promise<ImportPlanResult> {
    const file = requirePlanFile(upload);
    const agencyCode = await this.requireAgency(input.agencyCode);
    const existing = await this.findTarget({ ...input, agencyCode });
    const kind = existing?.kind ?? input.kind ?? 'annual';

    const opened = await this.openPlanFile(file.buffer, {
      agencyCode,
      year: input.year,
      filename: file.filename,
      mimeType: file.mimeType,
      planKind: kind,
      ...(input.type && { type: input.type }),
      remembered: await this.rememberedFor(agencyCode),
    });
    refuseFileProblems(opened.errors);
    const rows = await this.checkedRows(opened);
    return this.writeRows(rows, { agencyCode, year: input.year, kind, existing }, actor, {
      filename: file.filename,
      sheet: opened.sheet,
      headerRow: opened.headerRow,
    });
  }

  /**
   * Reads every row once to check it (422 with every problem when any), keeping their keys
   * and parents, and the rows themselves while they are few; the write reads the rest again.
   */
  private async checkedRows(opened: OpenedPlanFile): Promise<RowsToWrite> {
    const errors: ErrorDetail[] = [];
    const keys: string[] = [];
    const parents: string[] = [];
    let kept: ResolvedImportRow[] | undefined = [];
    let keptChars = 0;
    const read = opened.read();
    for await (const r of read) {
      errors.push(...r.errors);
      if (!r.reading) continue;
      keys.push(r.reading.idempotencyKey);
      parents.push(r.reading.parentTaxCode);
      if (!kept || errors.length > 0) continue;
      keptChars += rowChars(r.reading);
      if (keptChars > KEPT_ROW_CHARS) kept = undefined;
      else kept.push(r.reading);
    }
    refuseFileProblems(read.fileErrors);
    if (errors.length > 0) throw importInvalid(errors);
    if (kept) return rowsInMemory(kept, this.chunkSize);
    const size = this.chunkSize;
    return {
      keys,
      parents,
      async *batches() {
        // The file read again: the same rows, checked the same way (the write checks the keys).
        let batch: ResolvedImportRow[] = [];
        const again = opened.read();
        for await (const r of again) {
          if (!r.reading) throw new Error(`row ${r.row} read differently the second time`);
          batch.push(r.reading);
          if (batch.length === size) {
            yield batch;
            batch = [];
          }
        }
        if (again.fileErrors.length > 0)
          throw new Error('the file read differently the second time');
        if (batch.length > 0) yield batch;
      },
    };
  }

  /** The agency's code, normalised; 400 when no such agency exists. */
  async requireAgency(code: string): Promise<string> {
    const agencyCode = code.trim().toUpperCase();
    if (!(await this.agencies.findByCode(agencyCode))) {
      throw new InvalidInputError('VALIDATION_FAILED', `agency ${agencyCode} does not exist`, [
        {
          field: 'agencyCode',
          code: 'AGENCY_NOT_FOUND',
          message: `agency ${agencyCode} does not exist`,
          messageVi: `Không có cơ quan mã ${agencyCode}`,
        },
      ]);
    }
    return agencyCode;
  }

  /** What the agency's officers mapped once in previews. */
  async rememberedFor(agencyCode: string): Promise<RememberedMappings> {
    const agencies = new Map<string, string>();
    const fields = new Map<string, string>();
    for (const m of await this.mappings.listFor(agencyCode))
      (m.kind === 'agency' ? agencies : fields).set(m.written, m.value);
    return { agencies, fields };
  }

  /**
   * Writes checked rows into the target plan (creating a draft plan when there is none):
   * enterprises, inspections (re-imported rows skipped), audit, conflict detection; batch by
   * batch, undone whole when cut short (here on a failure, by the sweep after a crash).
   */
  async writeRows(
    rows: RowsToWrite,
    target: { agencyCode: string; year: number; kind: PlanKind; existing: Plan | null },
    actor: string,
    source: { filename?: string; sheet?: string; headerRow?: number; previewId?: string },
  ): Promise<ImportPlanResult> {
    const { agencyCode, kind, existing } = target;
    const newPlan: CreatePlanDto = { agencyCode, year: target.year, kind };
    // An annual draft is made once per agency and year even by simultaneous first imports.
    const made = existing
      ? { plan: existing, created: false }
      : kind === 'annual'
        ? await this.plansService.createImportDraft(newPlan, actor)
        : { plan: await this.plansService.create(newPlan, actor), created: true };
    const plan = made.plan;
    const now = this.clock.now();
    const answer = (created: number, alreadyPresent: number, conflicts: ConflictDigest[]) => ({
      planId: plan.id,
      planCreated: made.created,
      rows: rows.keys.length,
      created,
      alreadyPresent,
      conflicts,
      ...(source.sheet !== undefined && { sheet: source.sheet }),
      ...(source.headerRow !== undefined && { headerRow: source.headerRow }),
    });

    // Keys are made of the importing agency and year, and imports go only into that
    // agency's plans of that year: one pass over them finds the rows imported before, so a
    // re-import writes nothing. insertNewImports still guards against concurrent imports.
    const known = new Set<string>();
    for await (const i of this.inspections.stream({ year: plan.year, agencyCode: plan.agencyCode }))
      if (i.importKey) known.add(i.importKey);
    // Every inspection's id is made before the first write: they are what undoes the import.
    const ids: (string | undefined)[] = rows.keys.map((k) =>
      known.has(k) ? undefined : randomUUID(),
    );
    known.clear();
    const inspectionIds = ids.filter((id): id is string => id !== undefined);
    if (inspectionIds.length === 0) {
      await this.recordImported(
        plan,
        rows.keys.length,
        0,
        rows.keys.length,
        source.filename,
        actor,
      );
      return answer(0, rows.keys.length, []);
    }
    const unfinished: UnfinishedImport = {
      planId: plan.id,
      planCreated: made.created,
      ...(!made.created && {
        planBefore: { updatedAt: plan.updatedAt.toISOString(), updatedBy: plan.updatedBy },
      }),
      touchedAt: now.toISOString(),
      inspectionIds,
      ...(source.previewId && { previewId: source.previewId }),
      ...(source.filename && { filename: source.filename }),
    };
    const touched = (await this.parentsChanged.announce(
      rows.parents.filter((_, i) => ids[i] !== undefined),
      actor,
      { kind: UNFINISHED_IMPORT, data: unfinished },
    ))!;
    this.writing.add(touched.id);
    // Between batches too (a slow file, a slow database): silent too long, it would be undone.
    const alive = setInterval(
      () => void this.parentsChanged.keepAlive(touched).catch(() => undefined),
      IMPORT_HEARTBEAT_MS,
    );
    alive.unref();
    const inserted = new Set<string>();
    const insertedParents = new Set<string>();
    let alreadyPresent = rows.keys.length - inspectionIds.length;
    try {
      let at = 0;
      for await (const rowsRead of rows.batches())
        for (let b = 0; b < rowsRead.length; b += this.chunkSize) {
          const batch = rowsRead.slice(b, b + this.chunkSize);
          const candidates: Inspection[] = [];
          for (const r of batch) {
            const k = at++;
            if (r.idempotencyKey !== rows.keys[k])
              throw new Error(`row ${r.row} is not the row checked`);
            const id = ids[k];
            if (id) candidates.push(toInspection(r, plan, actor, now, id));
          }
          await this.ensureEnterprises(batch, now);
          const r = await this.inspections.insertNewImports(candidates);
          alreadyPresent += r.alreadyPresent;
          const fresh = new Set(r.inserted);
          for (const c of candidates)
            if (fresh.has(c.id)) {
              inserted.add(c.id);
              insertedParents.add(c.parentTaxCode);
            }
          await this.recordCreated(plan, r.inserted, source.filename, actor);
          // After every batch: if an undo took the import while this writer was cut off, it
          // stops here and removes what it wrote since, rather than writing on.
          if (!(await this.parentsChanged.keepAlive(touched))) throw new ImportUndoneError();
        }
      if (at !== rows.keys.length) throw new Error(`${at} rows written of ${rows.keys.length}`);
      if (inserted.size > 0) await this.plans.touch(plan.id, now, actor);
      await this.recordImported(
        plan,
        rows.keys.length,
        inserted.size,
        alreadyPresent,
        source.filename,
        actor,
      );
      if (!(await this.parentsChanged.settle(touched))) throw new ImportUndoneError();
    } catch (error) {
      clearInterval(alive);
      this.writing.delete(touched.id);
      // Undone now as the sweep would after a crash; if the undo fails too, the sweep does it.
      const why =
        error instanceof ImportUndoneError
          ? `came back after an undo had taken it (silent over ${IMPORT_QUIET_MS / 1000} s)`
          : `failed midway (${String((error as Error)?.message ?? error).slice(0, 200)})`;
      const undone = await this.finishImport(unfinished, actor, undefined, why).then(
        () => true,
        () => false,
      );
      if (undone)
        await this.parentsChanged
          .publish({ parentTaxCodes: touched.parentTaxCodes, actor }, touched)
          .catch(() => undefined);
      throw error;
    } finally {
      clearInterval(alive);
      this.writing.delete(touched.id);
    }
    if (source.previewId) await this.previews.dropRows(source.previewId);
    // Checked a batch of enterprises at a time: what the checks hold at once stays bounded.
    const parents = [...insertedParents];
    insertedParents.clear();
    const conflicts: ConflictDigest[] = [];
    for (let i = 0; i < parents.length || i === 0; i += PUBLISHED_PARENTS) {
      const last = i + PUBLISHED_PARENTS >= parents.length;
      const digests = await this.parentsChanged.publish(
        { parentTaxCodes: parents.slice(i, i + PUBLISHED_PARENTS), actor },
        last ? touched : undefined,
      );
      conflicts.push(...digests.filter((d) => d.inspectionIds.some((id) => inserted.has(id))));
    }
    return answer(inserted.size, alreadyPresent, conflicts);
  }

  /**
   * Undoes an import cut short: removes the inspections it names, the draft plan it made (when
   * nothing else is in it), puts back the stamp it gave a plan (when nobody changed it since),
   * opens its preview for a commit again, and audits it. Repeating it removes nothing more.
   *
   * From the outbox (`entry`), it first claims the import from its writer, which must have
   * been silent for IMPORT_QUIET_MS: from then on the writer's keepAlive and settle fail, so
   * it stops after the batch in hand and removes that too. A batch of its already on its way
   * may still land after this undo, so the entry is kept and, once quiet as long again,
   * undone a second time and audited before its parents are checked.
   */
  async finishImport(
    u: UnfinishedImport,
    actor: string,
    entry?: TouchedParents,
    why = 'cut short (the process stopped or the database was lost)',
  ): Promise<void | typeof STILL_WRITING> {
    if (!entry) return this.undoImport(u, actor, why, true);
    if (this.writing.has(entry.id)) return STILL_WRITING;
    const claim = await this.parentsChanged.claim(entry, IMPORT_QUIET_MS);
    if (!claim) return STILL_WRITING;
    const strayWindowOver = Date.now() - claim.claimedAt.getTime() >= IMPORT_QUIET_MS;
    if (claim.first || strayWindowOver) await this.undoImport(u, actor, why, strayWindowOver);
    return strayWindowOver ? undefined : STILL_WRITING;
  }

  private async undoImport(
    u: UnfinishedImport,
    actor: string,
    why: string,
    audit: boolean,
  ): Promise<void> {
    for (let i = 0; i < u.inspectionIds.length; i += this.chunkSize)
      await this.inspections.deleteByIds(u.inspectionIds.slice(i, i + this.chunkSize));
    let planDeleted = false;
    if (u.planCreated) {
      // Gone already: an earlier pass of this undo removed it.
      if ((await this.inspections.countByPlan(u.planId, false)) === 0)
        planDeleted =
          (await this.undo.deleteDraftPlan(u.planId)) || !(await this.plans.findById(u.planId));
    } else if (u.planBefore) {
      const plan = await this.plans.findById(u.planId);
      if (plan && plan.updatedAt.toISOString() === u.touchedAt && plan.updatedBy === actor)
        await this.plans.touch(u.planId, new Date(u.planBefore.updatedAt), u.planBefore.updatedBy);
    }
    if (u.previewId) await this.previews.releaseCommit(u.previewId);
    if (!audit) return;
    await this.audit.record({
      entityType: 'plan',
      entityId: u.planId,
      action: 'import-undone',
      actor: 'system',
      note: undoneNote(u, actor, planDeleted, why),
    });
  }

  /** A plan's state as far as a preview of it cares: it changes with every write to the plan. */
  planStamp(plan: Plan | null): string {
    return plan
      ? `${plan.id}|${plan.status}|${plan.revision}|${plan.updatedAt.toISOString()}`
      : 'none';
  }

  /** The given plan, else the agency's draft annual plan of the year; null: create one. */
  async findTarget(input: ImportPlanInput): Promise<Plan | null> {
    if (!input.planId) {
      return (input.kind ?? 'annual') === 'annual'
        ? this.plans.findDraftAnnual(input.agencyCode, input.year)
        : null;
    }
    const plan = await this.plans.findById(input.planId);
    if (!plan) throw new NotFoundError('Plan', input.planId);
    const mismatch: ErrorDetail[] = [];
    if (plan.agencyCode !== input.agencyCode)
      mismatch.push({
        field: 'planId',
        code: 'PLAN_OF_ANOTHER_AGENCY',
        message: `plan ${plan.id} belongs to agency ${plan.agencyCode}, not ${input.agencyCode}`,
      });
    if (plan.year !== input.year)
      mismatch.push({
        field: 'planId',
        code: 'PLAN_OF_ANOTHER_YEAR',
        message: `plan ${plan.id} is for ${plan.year}, not ${input.year}`,
      });
    if (input.kind && plan.kind !== input.kind)
      mismatch.push({
        field: 'kind',
        code: 'PLAN_KIND_MISMATCH',
        message: `plan ${plan.id} is ${plan.kind}, not ${input.kind}`,
      });
    if (mismatch.length > 0)
      throw new InvalidInputError(
        'VALIDATION_FAILED',
        `The plan does not match the import: ${mismatch.map((m) => m.message).join('; ')}`,
        mismatch,
      );
    if (plan.status !== 'draft') {
      throw new RuleViolationError(
        'PLAN_NOT_EDITABLE',
        `The plan is ${plan.status}: inspections are imported into a draft (approved plans change through POST /plans/${plan.id}/revise)`,
      );
    }
    return plan;
  }

  private checkRow(
    row: ImportedInspectionRow,
    input: ReadPlanFileInput,
    planKind: PlanKind,
    index: AgencyResolver,
  ): { row: ResolvedImportRow; errors: ErrorDetail[] } {
    const prefix = `rows[${row.row}]`;
    const errors: ErrorDetail[] = [];
    const guesses = [...row.guesses];
    // Texts that did not resolve are reported here once, and pass through as themselves.
    const reported = new Set<string>();
    const resolve = (text: string, apiField: string): string => {
      const r = index.resolve(text);
      if (r.ok) {
        if (r.guess)
          guesses.push({
            column: columnOf(apiField),
            field: apiField,
            read: text,
            takenAs: r.code,
            why: r.guess.why,
            whyVi: r.guess.whyVi,
          });
        return r.code;
      }
      errors.push({
        field: `${prefix}.${apiField}`,
        ...agencyError(text, r.code, r.candidates),
        row: row.row,
      });
      reported.add(text);
      return text;
    };
    // A name with a comma ("Sở Văn hóa, Thể thao và Du lịch") alone in its cell was split
    // at the comma by the reader: glue the pieces back where together they name an agency.
    let written = row.leadAgency ? [row.leadAgency, ...row.participantAgencies] : [];
    written = rejoinSplitNames(written, index);
    const leadText = row.leadAgency ? written[0] : undefined;
    const participantTexts = row.leadAgency
      ? written.slice(1)
      : rejoinSplitNames(row.participantAgencies, index);
    const leadAgencyCode = leadText ? resolve(leadText, 'leadAgencyCode') : input.agencyCode;
    const participantAgencyCodes = participantTexts.map((p, i) =>
      resolve(p, `participantAgencyCodes[${i}]`),
    );
    const adHocEvidence = planKind === 'ad-hoc' ? row.note : undefined;
    const ruleErrors = checkInspectionDraft(
      {
        planYear: input.year,
        planKind,
        window: row.window,
        field: row.field,
        durationWorkingDays: row.durationWorkingDays,
        leadAgencyCode,
        participantAgencyCodes,
        adHocEvidence,
        enterpriseKnown: true,
        enterpriseName: row.enterpriseName,
      },
      {
        knownField: (c) => this.fields.has(c),
        knownAgency: (c) => index.resolve(c).ok || reported.has(c),
      },
      prefix,
    );
    for (const e of ruleErrors) errors.push(localiseRuleError(e, row, participantTexts));
    for (const e of errors) e.column ??= columnOf(e.field);
    return {
      row: {
        ...row,
        guesses,
        leadAgencyCode,
        participantAgencyCodes,
        ...(adHocEvidence && { adHocEvidence }),
      },
      errors,
    };
  }

  /** One upsert per tax code (first name written wins; existing records are left alone). */
  private async ensureEnterprises(rows: ResolvedImportRow[], now: Date): Promise<void> {
    const byTaxCode = new Map<string, ResolvedImportRow>();
    for (const r of rows) if (!byTaxCode.has(r.taxCode)) byTaxCode.set(r.taxCode, r);
    const entries = [...byTaxCode.values()].map((r) => ({
      taxCode: r.taxCode,
      parentTaxCode: r.parentTaxCode,
      isBranch: r.isBranch,
      name: r.enterpriseName,
      ...(r.address && { address: r.address }),
    }));
    for (let i = 0; i < entries.length; i += this.chunkSize) {
      await this.enterprises.ensureExist(entries.slice(i, i + this.chunkSize), now);
    }
  }

  private async recordCreated(
    plan: Plan,
    ids: string[],
    filename: string | undefined,
    actor: string,
  ): Promise<void> {
    const source = filename ? `imported from ${filename.normalize('NFC')}` : 'imported';
    const events: Omit<AuditEvent, 'at'>[] = ids.map((id) => ({
      entityType: 'inspection',
      entityId: id,
      action: 'created',
      actor,
      note: `${source} into plan ${plan.id}`,
    }));
    for (let i = 0; i < events.length; i += this.chunkSize)
      await this.audit.recordMany(events.slice(i, i + this.chunkSize));
  }

  private async recordImported(
    plan: Plan,
    rows: number,
    created: number,
    alreadyPresent: number,
    filename: string | undefined,
    actor: string,
  ): Promise<void> {
    const source = filename ? `imported from ${filename.normalize('NFC')}` : 'imported';
    await this.audit.recordMany([
      {
        entityType: 'plan',
        entityId: plan.id,
        action: 'imported',
        actor,
        note: `${source}: ${rows} rows, ${created} created, ${alreadyPresent} already present`,
      },
    ]);
  }
}

/** Characters a kept row holds, roughly: its texts and a fixed share for the rest. */
function rowChars(r: ResolvedImportRow): number {
  return (
    200 +
    r.enterpriseName.length +
    r.content.length +
    (r.address?.length ?? 0) +
    (r.note?.length ?? 0) +
    (r.periodUnderReview?.length ?? 0) +
    r.guesses.reduce((n, g) => n + g.read.length + g.why.length + g.whyVi.length, 0)
  );
}

function fromParseError(e: ImportRowError): ErrorDetail {
  if (e.row === 0) {
    return {
      field: 'file',
      code: e.code,
      message: e.message.en,
      messageVi: e.message.vi,
      ...(e.column && { column: e.column }),
    };
  }
  return {
    field: `rows[${e.row}].${e.field}`,
    code: e.code,
    message: e.message.en,
    messageVi: e.message.vi,
    row: e.row,
    column: e.column,
  };
}

function agencyError(
  text: string,
  code: 'AGENCY_NOT_FOUND' | 'AGENCY_AMBIGUOUS',
  candidates: string[] = [],
): Omit<ErrorDetail, 'field'> {
  if (code === 'AGENCY_AMBIGUOUS') {
    const codes = candidates.join(', ');
    return {
      code,
      message: `"${text}" names several agencies (${codes}); write the code`,
      messageVi: `"${text}" trùng tên nhiều cơ quan (${codes}); hãy ghi mã cơ quan`,
    };
  }
  return {
    code,
    message: `agency "${text}" does not exist (neither a code nor a name of a registered agency)`,
    messageVi: `Không tìm thấy cơ quan "${text}" (không khớp mã hoặc tên cơ quan nào đã đăng ký)`,
  };
}

/**
 * Joins neighbouring pieces that only together name a registered agency ("Sở Văn hóa" +
 * "Thể thao và Du lịch"), longest match first; other pieces stay as they are.
 */
/**
 * The day agencies are read at for a plan of `year`: an agency abolished before the year began
 * is read as its successor (a 2026 file naming "Sở TN&MT" means Sở NN&MT).
 */
function planYearStart(year: number): CalendarDay {
  return `${year}-01-01`;
}

function rejoinSplitNames(parts: readonly string[], index: AgencyResolver): string[] {
  if (parts.length < 2) return [...parts];
  const out: string[] = [];
  for (let i = 0; i < parts.length;) {
    let taken = 1;
    for (let j = parts.length; j > i + 1; j--) {
      const joined = parts.slice(i, j).join(', ');
      if (index.names(joined)) {
        taken = j - i;
        break;
      }
    }
    out.push(parts.slice(i, i + taken).join(', '));
    i += taken;
  }
  return out;
}

function columnOf(field: string): string {
  const api = field.replace(/^rows\[\d+\]\./, '').replace(/\[\d+\]$/, '');
  return COLUMN_BY_API_FIELD.get(api) ?? '';
}

/** checkInspectionDraft speaks English; a plan officer also reads Vietnamese. */
function localiseRuleError(
  e: ErrorDetail,
  row: ImportedInspectionRow,
  participants: readonly string[],
): ErrorDetail {
  const participant = /participantAgencyCodes\[(\d+)\]$/.exec(e.field);
  const p = participant ? participants[Number(participant[1])] : '';
  const vi: Record<string, () => string> = {
    WINDOW_REVERSED: () => 'Ngày bắt đầu sau ngày kết thúc',
    WINDOW_OUTSIDE_PLAN_YEAR: () => 'Thời gian thực hiện phải nằm trong năm kế hoạch',
    DURATION_EXCEEDS_WINDOW: () =>
      `${row.durationWorkingDays} ngày làm việc không vừa trong thời gian thực hiện (${workingDaysIn(row.window)} ngày làm việc)`,
    UNKNOWN_FIELD_OF_MANAGEMENT: () => `Lĩnh vực "${row.field}" không có trong danh mục`,
    AGENCY_NOT_FOUND: () => `Không tìm thấy cơ quan "${p || row.leadAgency || ''}"`,
    PARTICIPANT_IS_LEAD: () => `"${p}" đã là đơn vị chủ trì, không ghi lại ở đơn vị phối hợp`,
    DUPLICATE_PARTICIPANT: () => `"${p}" trùng với một đơn vị phối hợp khác (cùng một cơ quan)`,
    AD_HOC_EVIDENCE_REQUIRED: () =>
      'Cuộc thanh tra, kiểm tra đột xuất phải ghi căn cứ (dấu hiệu vi phạm rõ ràng) ở cột Ghi chú',
    ENTERPRISE_NAME_REQUIRED: () => 'Mã số thuế mới: cần ghi tên doanh nghiệp',
  };
  return { ...e, row: row.row, messageVi: vi[e.code]?.() ?? e.message };
}

function toInspection(
  r: ResolvedImportRow,
  plan: Plan,
  actor: string,
  now: Date,
  id: string,
): Inspection {
  return newInspection(
    plan,
    { ...r, notes: r.note, importKey: r.idempotencyKey },
    { id, actor, now },
  );
}
