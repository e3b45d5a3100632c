import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AgenciesService } from '../../agencies/agencies.service';
import { DomainError } from '../../common/errors/domain-errors';
import { Clock } from '../../common/time/clock';
import {
  INSPECTION_FORM_LABEL_VI,
  INSPECTION_FORMS,
  INSPECTION_TYPE_LABEL_VI,
  INSPECTION_TYPES,
} from '../../domain/vocabulary';
import { FieldCatalog } from '../../fields/field-catalog';
import type { Principal } from '../../identity/authentication/principal';
import { actsForEveryAgency, assertAgencyScope } from '../../identity/authorization/agency-scope';
import { ImportPlanDto } from '../../registry/plan-files/plan-files.dto';
import type { PlanUpload } from '../../registry/plan-files/plan-upload';
import {
  PlanImportPreviewService,
  type PreviewRowView,
  type PreviewView,
} from '../../registry/plan-files/preview/plan-import-preview.service';
import { PreviewRowCorrection } from '../../registry/plan-files/preview/preview.dto';
import { FieldErrors, fieldErrorsOf, formAs, withoutBlanks } from '../forms/form-errors';
import { pageOf, yearOf } from '../forms/query';
import { PageView, viDay } from '../rendering/page-renderer';
import { PageResult, redirectTo } from '../rendering/page-responder';

/** Why a preview can no longer be committed, as the officer reads it. */
/** Rows of the preview per page (each with its form). */
const PREVIEW_ROWS_PER_PAGE = 50;
/** Conflicts listed above the rows; each row says how many it joins. */
const PREVIEW_CONFLICTS_SHOWN = 20;

const CLOSED_VI: Record<string, string> = {
  PREVIEW_EXPIRED:
    'Bản xem trước này đã hết hạn (chỉ giữ 2 giờ sau khi tải lên), nên chưa dòng nào được nhập. Hãy tải tệp lên lại để xem và nhập.',
  PREVIEW_COMMITTED: 'Bản xem trước này đã được nhập rồi; không nhập lại lần nữa.',
  PLAN_CHANGED:
    'Kế hoạch đích vừa thay đổi sau khi xem trước (một lần nhập hoặc sửa khác), nên chưa dòng nào được nhập. Hãy tải tệp lên lại để xem bản mới.',
};

/** The row form's fields, as the preview row's names them. */
const ROW_FIELDS = [
  'enterpriseName',
  'taxCode',
  'type',
  'form',
  'field',
  'content',
  'window',
  'leadAgencyCode',
  'participantAgencyCodes',
] as const;
type RowField = (typeof ROW_FIELDS)[number];

/** The API field a guess or an error names → the row form's field. */
function rowFieldOf(apiField: string): string {
  const f = apiField
    .replace(/^rows\[\d+\]\./, '')
    .replace(/\[\d+\]$/, '')
    .replace(/^window\..*/, 'window');
  if (f === 'leadAgency') return 'leadAgencyCode';
  if (f === 'participantAgencies') return 'participantAgencyCodes';
  return f;
}

/** The row form's values, from the reading as it stands. */
function valuesOf(r: PreviewRowView): Record<string, string> {
  return {
    enterpriseName: r.enterprise.name ?? '',
    taxCode: r.taxCode ?? '',
    type: r.type ?? '',
    form: r.form ?? '',
    field: r.field ?? '',
    content: r.content ?? '',
    windowFrom: r.window?.from ?? '',
    windowTo: r.window?.to ?? '',
    leadAgencyCode: r.agencies.lead ?? '',
    participantAgencyCodes: r.agencies.participants.join(', '),
  };
}

/**
 * The upload page on the plan-file preview: the file is read and kept as a preview (nothing
 * saved), every row is shown as read with its guesses, each row can be corrected in place
 * through the preview service (the same as PATCH /plans/import/preview/:id/rows/:n), and the
 * commit writes exactly what was shown.
 */
@Injectable()
export class PlanUploadPage {
  constructor(
    private readonly previews: PlanImportPreviewService,
    private readonly agencies: AgenciesService,
    private readonly fields: FieldCatalog,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get uploadLimit(): number {
    return this.config.uploadLimitBytes;
  }

  async form(who: Principal, query: Record<string, unknown>): Promise<PageView> {
    const values = {
      agencyCode:
        typeof query.agencyCode === 'string'
          ? query.agencyCode.toUpperCase()
          : (who.agencyCodes[0] ?? ''),
      year: yearOf(query.year, Number(this.clock.today().slice(0, 4))),
      kind: query.kind === 'ad-hoc' ? 'ad-hoc' : 'annual',
      planId: typeof query.planId === 'string' ? query.planId : '',
    };
    return this.page(who, values, {});
  }

  /** Reads the file into a preview and shows it (303, so a reload does not upload again). */
  async submit(
    who: Principal,
    body: Record<string, unknown>,
    { file, failure }: { file?: PlanUpload; failure?: 'too-large' | 'unreadable' },
  ): Promise<PageResult> {
    const values = { ...body };
    if (failure)
      return this.page(
        who,
        values,
        {
          file:
            failure === 'too-large'
              ? `Tệp lớn hơn giới hạn ${Math.round(this.uploadLimit / 1_048_576)} MB.`
              : 'Không đọc được tệp gửi lên; hãy chọn lại tệp và thử lại.',
        },
        failure === 'too-large' ? 413 : 400,
      );
    try {
      const input = await formAs(ImportPlanDto, withoutBlanks(body));
      assertAgencyScope(who, input.agencyCode);
      const preview = await this.previews.preview(file, input, who.username);
      return redirectTo(`/web/plans/import/preview/${encodeURIComponent(preview.previewId)}`);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (errors['']) errors.file = errors[''];
      delete errors[''];
      return this.page(who, values, errors, error instanceof DomainError ? error.status : 422);
    }
  }

  async preview(id: string, who: Principal, query: Record<string, unknown>): Promise<PageView> {
    const view = await this.previews.get(id, (a) => assertAgencyScope(who, a));
    const fixed = typeof query.fixed === 'string' ? Number(query.fixed) : NaN;
    return this.previewPage(view, {
      notice: Number.isInteger(fixed) ? `Đã sửa dòng ${fixed}; dòng được kiểm tra lại.` : '',
      query,
      focusRow: Number.isInteger(fixed) ? fixed : undefined,
    });
  }

  /** One row's form → the preview service's correction (only what the officer changed or confirmed). */
  async correctRow(
    id: string,
    n: number,
    body: Record<string, unknown>,
    who: Principal,
  ): Promise<PageResult> {
    const scope = (a: string) => assertAgencyScope(who, a);
    const before = await this.previews.get(id, scope);
    const row = before.rows.find((r) => r.row === n);
    if (!row) return this.previewPage(before, { formError: `Không có dòng ${n} trong tệp.` }, 404);
    try {
      const fix = await formAs(PreviewRowCorrection, correctionOf(body, row));
      const after = await this.previews.correctRow(id, n, fix, who.username, scope);
      if (after.errors.length === 0)
        return redirectTo(
          `/web/plans/import/preview/${encodeURIComponent(id)}?${typeof body.show === 'string' && body.show === 'attention' ? 'show=attention&' : ''}fixed=${n}#row-${n}`,
        );
      return this.previewPage(
        await this.previews.get(id, scope),
        { open: { row: n, values: body, errors: rowErrorsOf(after) } },
        422,
      );
    } catch (error) {
      if (error instanceof DomainError && CLOSED_VI[error.code])
        return this.closed(error.code, before);
      const errors = fieldErrorsOf(error, { 'window.from': 'window', 'window.to': 'window' });
      return this.previewPage(before, { open: { row: n, values: body, errors } }, 422);
    }
  }

  /** Commits exactly what the preview shows; the result page lists the conflicts it opened. */
  async commit(id: string, who: Principal): Promise<PageView> {
    const scope = (a: string) => assertAgencyScope(who, a);
    try {
      const result = await this.previews.commit(id, who.username, scope);
      return {
        template: 'plan-import-result.njk',
        title: 'Đã nhập tệp kế hoạch',
        status: 201,
        data: { result },
      };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (CLOSED_VI[error.code]) return this.closed(error.code);
      const view = await this.previews.get(id, scope);
      return this.previewPage(
        view,
        {
          formError:
            error.code === 'IMPORT_INVALID'
              ? 'Còn dòng có lỗi; sửa các dòng được đánh dấu rồi nhập lại. Chưa dòng nào được nhập.'
              : messageViFor(error),
        },
        error.status,
      );
    }
  }

  private closed(code: string, view?: PreviewView): PageView {
    return {
      template: 'plan-import-closed.njk',
      title:
        code === 'PREVIEW_EXPIRED'
          ? 'Bản xem trước đã hết hạn'
          : code === 'PREVIEW_COMMITTED'
            ? 'Bản xem trước đã được nhập'
            : 'Kế hoạch đã thay đổi',
      status: 409,
      data: {
        explanation: CLOSED_VI[code],
        code,
        again: view
          ? `/web/plans/import?agencyCode=${encodeURIComponent(view.agencyCode)}&year=${view.year}`
          : '/web/plans/import',
      },
    };
  }

  private async previewPage(
    view: PreviewView,
    opts: {
      notice?: string;
      formError?: string;
      open?: { row: number; values: Record<string, unknown>; errors: FieldErrors };
      query?: Record<string, unknown>;
      /** The row whose page is shown (just fixed), else the page asked. */
      focusRow?: number;
    },
    status = 200,
  ): Promise<PageView> {
    const agencies = await this.agencies.list();
    const names = Object.fromEntries(agencies.map((a) => [a.code, a.name]));
    const expired = this.clock.now().getTime() > Date.parse(view.expiresAt);
    // A file of a thousand rows is read whole, shown a page at a time: every row's form is
    // in the page, so the page is as long as it has rows. "To check" keeps the guesses and
    // the errors only.
    const attention = (r: PreviewView['rows'][number]) =>
      r.errors.length > 0 || r.guesses.length > 0;
    const needing = view.rows.filter(attention).length;
    const show = opts.query?.show === 'attention' && needing > 0 ? 'attention' : 'all';
    const listed = show === 'attention' ? view.rows.filter(attention) : view.rows;
    const focus = opts.open?.row ?? opts.focusRow;
    const at = focus === undefined ? -1 : listed.findIndex((r) => r.row === focus);
    const last = Math.max(1, Math.ceil(listed.length / PREVIEW_ROWS_PER_PAGE));
    const pageNo = Math.min(
      last,
      at >= 0 ? Math.floor(at / PREVIEW_ROWS_PER_PAGE) + 1 : pageOf(opts.query?.page),
    );
    const shown = listed.slice(
      (pageNo - 1) * PREVIEW_ROWS_PER_PAGE,
      pageNo * PREVIEW_ROWS_PER_PAGE,
    );
    const rows = shown.map((r) => {
      const open = opts.open?.row === r.row ? opts.open : undefined;
      const errors = open?.errors ?? rowErrorsOf(r);
      return {
        ...r,
        guesses: r.guesses.map((g) => ({
          ...g,
          takenAsVi: this.takenAsVi(g.field, g.takenAs, names),
        })),
        guessed: Object.fromEntries(r.guesses.map((g) => [rowFieldOf(g.field), true])),
        errorList: r.errors.map((e) => ({
          column: e.column,
          message: e.messageVi ?? e.message,
        })),
        fix: {
          open: Boolean(open) || r.errors.length > 0,
          values: open?.values ?? valuesOf(r),
          errors,
        },
      };
    });
    const conflictsByRow: Record<number, number> = {};
    for (const c of view.conflicts)
      for (const n of c.rows) conflictsByRow[n] = (conflictsByRow[n] ?? 0) + 1;
    return {
      template: 'plan-import-preview.njk',
      title: `Xem trước tệp kế hoạch năm ${view.year}`,
      status,
      data: {
        preview: view,
        rows,
        rowsPage: {
          total: listed.length,
          page: pageNo,
          pageSize: PREVIEW_ROWS_PER_PAGE,
          first: (pageNo - 1) * PREVIEW_ROWS_PER_PAGE,
        },
        show,
        needing,
        shownConflicts: view.conflicts.slice(0, PREVIEW_CONFLICTS_SHOWN),
        names,
        expired,
        conflictsByRow,
        notice: opts.notice ?? '',
        formError: opts.formError ?? '',
        mayCommit: !expired && view.summary.withErrors === 0 && view.fileErrors.length === 0,
        typeOptions: INSPECTION_TYPES.map((t) => ({
          value: t,
          label: INSPECTION_TYPE_LABEL_VI[t],
        })),
        formOptions: INSPECTION_FORMS.map((t) => ({
          value: t,
          label: INSPECTION_FORM_LABEL_VI[t],
        })),
        fieldOptions: this.fields.active.map((f) => ({ value: f.code, label: f.vi })),
        agencyOptions: agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` })),
      },
    };
  }

  /** A guess's "taken as" (API terms) in Vietnamese words. */
  private takenAsVi(field: string, takenAs: string, names: Record<string, string>): string {
    const f = rowFieldOf(field);
    if (f === 'leadAgencyCode' || f === 'participantAgencyCodes')
      return names[takenAs] ? `${names[takenAs]} (${takenAs})` : takenAs;
    if (f === 'window') {
      const [from, to] = takenAs.split('..');
      return to ? `từ ${viDay(from)} đến ${viDay(to)}` : viDay(from);
    }
    if (f === 'field') return this.fields.label(takenAs);
    if (f === 'type') return INSPECTION_TYPE_LABEL_VI[takenAs as 'kiem-tra'] ?? takenAs;
    if (f === 'form') return INSPECTION_FORM_LABEL_VI[takenAs as 'remote'] ?? takenAs;
    return takenAs;
  }

  private async page(
    who: Principal,
    values: Record<string, unknown>,
    errors: Record<string, string>,
    status = 200,
  ): Promise<PageView> {
    const all = await this.agencies.list();
    const mine = actsForEveryAgency(who)
      ? all
      : all.filter((a) => who.agencyCodes.some((c) => c.toUpperCase() === a.code));
    return {
      template: 'plan-import.njk',
      title: 'Tải tệp kế hoạch lên',
      status,
      data: {
        values,
        errors,
        limitMb: Math.floor(this.uploadLimit / 1_048_576) || 1,
        agencyOptions: mine.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` })),
        kindOptions: [
          { value: 'annual', label: 'Kế hoạch năm' },
          { value: 'ad-hoc', label: 'Đột xuất (cột "Ghi chú" là căn cứ dấu hiệu vi phạm)' },
        ],
      },
    };
  }
}

function messageViFor(error: DomainError): string {
  return fieldErrorsOf(error)[''] ?? error.message;
}

/** A row's errors by the row form's field ('' for what names no field). */
function rowErrorsOf(r: PreviewRowView): FieldErrors {
  const out: FieldErrors = {};
  for (const e of r.errors) {
    const f = rowFieldOf(e.field ?? '');
    const key = (ROW_FIELDS as readonly string[]).includes(f) ? f : '';
    out[key] ??= e.messageVi ?? e.message;
  }
  return out;
}

/**
 * The correction a row form asks for: each value the officer changed, and each value that
 * was a guess (sending the row's form confirms its guesses). Untouched certain readings are
 * left out, so their reading stays as it was.
 */
export function correctionOf(
  body: Record<string, unknown>,
  row: PreviewRowView,
): Record<string, unknown> {
  const typed = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  const before = valuesOf(row);
  const guessed = new Set<string>([
    ...row.guesses.map((g) => rowFieldOf(g.field)),
    ...row.errors.map((e) => rowFieldOf(e.field ?? '')),
  ]);
  const fix: Record<string, unknown> = {};
  const take = (k: RowField, changed: boolean, value: unknown) => {
    if (changed || guessed.has(k)) fix[k] = value;
  };
  for (const k of ['enterpriseName', 'taxCode', 'type', 'form', 'field', 'content'] as const) {
    const v = typed(k);
    if (v) take(k, v !== before[k], v);
  }
  const from = typed('windowFrom');
  const to = typed('windowTo');
  if (from || to)
    take('window', from !== before.windowFrom || to !== before.windowTo, { from, to });
  const lead = typed('leadAgencyCode');
  if (lead) take('leadAgencyCode', lead !== before.leadAgencyCode, lead);
  const participants = typed('participantAgencyCodes')
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map((c) => c.toUpperCase());
  if (
    participants.join(', ') !== before.participantAgencyCodes ||
    guessed.has('participantAgencyCodes')
  )
    fix.participantAgencyCodes = participants;
  if (body.remember === 'on' || body.remember === '1' || body.remember === 'true')
    fix.remember = true;
  return fix;
}
