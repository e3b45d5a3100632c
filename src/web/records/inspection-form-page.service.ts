import { Injectable } from '@nestjs/common';
import { AgenciesService } from '../../agencies/agencies.service';
import { daysInMonth, type DayWindow } from '../../domain/calendar-day';
import {
  INSPECTION_FORM_LABEL_VI,
  INSPECTION_FORMS,
  INSPECTION_TYPE_LABEL_VI,
  INSPECTION_TYPES,
} from '../../domain/vocabulary';
import { FieldCatalog } from '../../fields/field-catalog';
import type { Principal } from '../../identity/authentication/principal';
import {
  CreateInspectionDto,
  UpdateInspectionDto,
} from '../../registry/inspections/inspection.dto';
import type { Inspection } from '../../registry/inspections/inspection';
import { InspectionsService } from '../../registry/inspections/inspections.service';
import { PlansService } from '../../registry/plans/plans.service';
import { FieldErrors, fieldErrorsOf, formAs } from '../forms/form-errors';
import { PageView } from '../rendering/page-renderer';
import { PageResult, redirectTo } from '../rendering/page-responder';

const pad = (n: number) => String(n).padStart(2, '0');

export type WindowKind = 'month' | 'quarter' | 'days';

/** A window the form writes as a month, a quarter or a day range, in the plan's year. */
export function windowOfForm(
  values: Record<string, unknown>,
  year: number,
): Partial<DayWindow> | undefined {
  const s = (k: string) => (typeof values[k] === 'string' ? (values[k] as string).trim() : '');
  const months = (first: number, last: number) => ({
    from: `${year}-${pad(first)}-01`,
    to: `${year}-${pad(last)}-${pad(daysInMonth(year, last))}`,
  });
  switch (s('windowKind')) {
    case 'month': {
      const m = Number(s('windowMonth'));
      return Number.isInteger(m) && m >= 1 && m <= 12 ? months(m, m) : undefined;
    }
    case 'quarter': {
      const q = Number(s('windowQuarter'));
      return Number.isInteger(q) && q >= 1 && q <= 4 ? months(3 * q - 2, 3 * q) : undefined;
    }
    default: {
      const from = s('windowFrom');
      const to = s('windowTo');
      return from || to ? { from, to } : undefined;
    }
  }
}

/** How the form shows a stored window: the month or quarter it is exactly, else its days. */
export function windowValues(w: DayWindow): Record<string, string> {
  const [fy, fm, fd] = w.from.split('-').map(Number);
  const [ty, tm, td] = w.to.split('-').map(Number);
  const wholeMonths = fy === ty && fd === 1 && td === daysInMonth(ty, tm);
  const base = { windowFrom: w.from, windowTo: w.to, windowMonth: '', windowQuarter: '' };
  if (wholeMonths && fm === tm) return { ...base, windowKind: 'month', windowMonth: String(fm) };
  if (wholeMonths && tm - fm === 2 && fm % 3 === 1)
    return { ...base, windowKind: 'quarter', windowQuarter: String((fm + 2) / 3) };
  return { ...base, windowKind: 'days' };
}

const codesOf = (v: unknown): string[] =>
  (typeof v === 'string' ? v : '')
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map((c) => c.toUpperCase());

/**
 * Inspection create and edit, with the API's DTOs and services (POST /plans/:id/inspections,
 * PATCH /inspections/:id): the form's month / quarter / day range becomes the window.
 */
@Injectable()
export class InspectionFormPage {
  constructor(
    private readonly plans: PlansService,
    private readonly inspections: InspectionsService,
    private readonly agencies: AgenciesService,
    private readonly fields: FieldCatalog,
  ) {}

  async createForm(planId: string): Promise<PageView> {
    const plan = await this.plans.get(planId);
    return this.page(
      'create',
      plan,
      { windowKind: 'month', type: 'kiem-tra', form: 'on-site' },
      {},
    );
  }

  async create(planId: string, body: Record<string, unknown>, who: Principal): Promise<PageResult> {
    const plan = await this.plans.get(planId);
    try {
      const dto = await formAs(CreateInspectionDto, this.bodyOf(body, plan.year, 'create'));
      const made = await this.inspections.addToPlan(planId, dto, who.username);
      return redirectTo(`/web/inspections/${encodeURIComponent(made.id)}?done=created`);
    } catch (error) {
      return this.page('create', plan, body, errorsOf(error), 422);
    }
  }

  async editForm(id: string): Promise<PageView> {
    const inspection = await this.inspections.get(id);
    const plan = await this.plans.get(inspection.planId);
    return this.page('edit', plan, valuesOf(inspection), {}, 200, inspection);
  }

  async update(id: string, body: Record<string, unknown>, who: Principal): Promise<PageResult> {
    const inspection = await this.inspections.get(id);
    const plan = await this.plans.get(inspection.planId);
    try {
      const dto = await formAs(UpdateInspectionDto, this.bodyOf(body, plan.year, 'edit'));
      await this.inspections.update(id, dto, who.username);
      return redirectTo(`/web/inspections/${encodeURIComponent(id)}?done=updated`);
    } catch (error) {
      return this.page('edit', plan, body, errorsOf(error), 422, inspection);
    }
  }

  /** The form's fields as the API's request body (blanks left out, as a client would). */
  private bodyOf(
    values: Record<string, unknown>,
    year: number,
    mode: 'create' | 'edit',
  ): Record<string, unknown> {
    const s = (k: string) => (typeof values[k] === 'string' ? (values[k] as string).trim() : '');
    const out: Record<string, unknown> = {};
    const keys =
      mode === 'create'
        ? ['taxCode', 'enterpriseName', 'type', 'form', 'field', 'content']
        : ['type', 'form', 'field', 'content'];
    for (const k of [...keys, 'periodUnderReview', 'leadAgencyCode', 'adHocEvidence', 'notes'])
      if (s(k)) out[k] = values[k];
    const window = windowOfForm(values, year);
    if (window) out.window = window;
    if (s('durationWorkingDays'))
      out.durationWorkingDays = /^\d+$/.test(s('durationWorkingDays'))
        ? Number(s('durationWorkingDays'))
        : s('durationWorkingDays');
    out.participantAgencyCodes = codesOf(values.participantAgencyCodes);
    if (mode === 'edit') out.revision = Number(s('revision'));
    return out;
  }

  private async page(
    mode: 'create' | 'edit',
    plan: { id: string; year: number; kind: string; agencyCode: string; status: string },
    values: Record<string, unknown>,
    errors: FieldErrors,
    status = 200,
    inspection?: Inspection,
  ): Promise<PageView> {
    const agencies = await this.agencies.list();
    return {
      template: 'inspection-form.njk',
      title:
        mode === 'create'
          ? `Thêm cuộc thanh tra, kiểm tra vào kế hoạch năm ${plan.year}`
          : `Sửa cuộc ${inspection?.type === 'thanh-tra' ? 'thanh tra' : 'kiểm tra'} ${inspection?.enterpriseName ?? ''}`,
      status,
      data: {
        mode,
        plan,
        inspection,
        values,
        errors,
        action:
          mode === 'create'
            ? `/web/plans/${encodeURIComponent(plan.id)}/inspections`
            : `/web/inspections/${encodeURIComponent(inspection!.id)}`,
        typeOptions: INSPECTION_TYPES.map((t) => ({
          value: t,
          label: INSPECTION_TYPE_LABEL_VI[t],
        })),
        formOptions: INSPECTION_FORMS.map((t) => ({
          value: t,
          label: INSPECTION_FORM_LABEL_VI[t],
        })),
        // Active fields, plus an inactive one the inspection already has (it keeps its name).
        fieldOptions: this.fields.fields
          .filter((f) => f.active || f.code === inspection?.field)
          .map((f) => ({ value: f.code, label: f.vi })),
        agencyOptions: agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` })),
        monthOptions: Array.from({ length: 12 }, (_, i) => ({
          value: String(i + 1),
          label: `Tháng ${i + 1}/${plan.year}`,
        })),
        quarterOptions: ['I', 'II', 'III', 'IV'].map((q, i) => ({
          value: String(i + 1),
          label: `Quý ${q}/${plan.year}`,
        })),
      },
    };
  }
}

function valuesOf(i: Inspection): Record<string, unknown> {
  return {
    type: i.type,
    form: i.form,
    field: i.field,
    content: i.content,
    periodUnderReview: i.periodUnderReview ?? '',
    durationWorkingDays: i.durationWorkingDays ? String(i.durationWorkingDays) : '',
    leadAgencyCode: i.leadAgencyCode,
    participantAgencyCodes: i.participantAgencyCodes.join(', '),
    adHocEvidence: i.adHocEvidence ?? '',
    notes: i.notes ?? '',
    revision: String(i.revision),
    ...windowValues(i.window),
  };
}

/** The refusal by the form's field names (window.from → window, codes[2] → codes). */
function errorsOf(error: unknown): FieldErrors {
  const raw = fieldErrorsOf(error);
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(raw)) {
    const key = k.replace(/\[\d+\]$/, '');
    out[key === 'revision' ? '' : key] ??= v;
  }
  return out;
}
