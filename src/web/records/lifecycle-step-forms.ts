// The inspection page's forms for the steps of its life: which steps the lifecycle's own
// transitions would take next, each step's fields (the API's DTO, in Vietnamese), and the
// service's refusals said in Vietnamese beside the field they name.
import { DomainError } from '../../common/errors/domain-errors';
import type { CalendarDay } from '../../domain/calendar-day';
import {
  LIFECYCLE_STEPS,
  type InspectionLifecycle,
  type LifecycleStep,
} from '../../lifecycle/lifecycle';
import {
  ConclusionDto,
  DatedStepDto,
  ExtensionDto,
  FollowUpDto,
  InspectionDecisionDto,
  NotCarriedOutDto,
  PublicationDto,
  SuspensionDto,
} from '../../lifecycle/lifecycle.dto';
import { applyStep, StepContext, StepInputs, StepRefused } from '../../lifecycle/transitions';
import { FieldErrors, messageViFor } from '../forms/form-errors';

export type StepFieldKind = 'date' | 'text' | 'number' | 'textarea' | 'lines' | 'check';

export interface StepField {
  name: string;
  label: string;
  kind: StepFieldKind;
  required?: boolean;
  hint?: string;
}

export interface StepForm {
  step: LifecycleStep;
  /** What the step is called on the page (the summary of its form, the notice after it). */
  label: string;
  dto: new () => object;
  fields: StepField[];
}

const date = (label: string): StepField => ({ name: 'date', label, kind: 'date', required: true });
const reason = (label = 'Lý do'): StepField => ({
  name: 'reason',
  label,
  kind: 'textarea',
  required: true,
});

/** Each step's form: the fields of the DTO the API's route takes for it. */
export const STEP_FORMS: Record<LifecycleStep, StepForm> = {
  decision: {
    step: 'decision',
    label: 'Quyết định thanh tra, kiểm tra',
    dto: InspectionDecisionDto,
    fields: [
      {
        name: 'number',
        label: 'Số quyết định',
        kind: 'text',
        required: true,
        hint: 'Ví dụ: 15/QĐ-TTT',
      },
      date('Ngày ký quyết định'),
      {
        name: 'signer',
        label: 'Người ký',
        kind: 'text',
        required: true,
        hint: 'Họ tên và chức vụ, ví dụ: Nguyễn Văn A, Chánh Thanh tra tỉnh',
      },
      {
        name: 'team',
        label: 'Thành viên đoàn',
        kind: 'lines',
        required: true,
        hint: 'Mỗi người một dòng, ví dụ: Trần Thị B (Trưởng đoàn)',
      },
      {
        name: 'complex',
        label: 'Cuộc phức tạp (thời hạn báo cáo và dự thảo kết luận dài hơn)',
        kind: 'check',
      },
    ],
  },
  announcement: {
    step: 'announcement',
    label: 'Công bố quyết định',
    dto: DatedStepDto,
    fields: [date('Ngày công bố quyết định')],
  },
  'on-site-start': {
    step: 'on-site-start',
    label: 'Bắt đầu làm việc tại doanh nghiệp',
    dto: DatedStepDto,
    fields: [date('Ngày bắt đầu')],
  },
  extension: {
    step: 'extension',
    label: 'Gia hạn thời gian làm việc tại doanh nghiệp',
    dto: ExtensionDto,
    fields: [
      date('Ngày quyết định gia hạn'),
      { name: 'days', label: 'Số ngày gia hạn', kind: 'number', required: true },
      reason('Lý do gia hạn'),
    ],
  },
  suspension: {
    step: 'suspension',
    label: 'Tạm dừng làm việc tại doanh nghiệp',
    dto: SuspensionDto,
    fields: [
      { name: 'from', label: 'Tạm dừng từ ngày', kind: 'date', required: true },
      { name: 'to', label: 'Đến hết ngày', kind: 'date', required: true },
      reason('Lý do tạm dừng'),
    ],
  },
  'on-site-end': {
    step: 'on-site-end',
    label: 'Kết thúc làm việc tại doanh nghiệp',
    dto: DatedStepDto,
    fields: [date('Ngày kết thúc')],
  },
  'results-report': {
    step: 'results-report',
    label: 'Báo cáo kết quả',
    dto: DatedStepDto,
    fields: [date('Ngày báo cáo kết quả')],
  },
  'draft-conclusion': {
    step: 'draft-conclusion',
    label: 'Dự thảo kết luận',
    dto: DatedStepDto,
    fields: [date('Ngày dự thảo kết luận')],
  },
  conclusion: {
    step: 'conclusion',
    label: 'Ký kết luận',
    dto: ConclusionDto,
    fields: [
      {
        name: 'number',
        label: 'Số kết luận',
        kind: 'text',
        required: true,
        hint: 'Ví dụ: 20/KL-TTT',
      },
      date('Ngày ký kết luận'),
      {
        name: 'violations',
        label: 'Vi phạm phát hiện',
        kind: 'lines',
        hint: 'Mỗi vi phạm một dòng',
      },
      {
        name: 'sanctions',
        label: 'Xử lý, thu hồi',
        kind: 'lines',
        hint: 'Mỗi dòng: nội dung; số tiền (đồng), ví dụ: Phạt vi phạm hành chính; 15.000.000',
      },
      {
        name: 'recommendations',
        label: 'Kiến nghị',
        kind: 'lines',
        hint: 'Mỗi kiến nghị một dòng',
      },
    ],
  },
  publication: {
    step: 'publication',
    label: 'Công khai kết luận',
    dto: PublicationDto,
    fields: [
      date('Ngày công khai'),
      {
        name: 'link',
        label: 'Địa chỉ trang công khai',
        kind: 'text',
        required: true,
        hint: 'Bắt đầu bằng https://',
      },
    ],
  },
  'follow-up': {
    step: 'follow-up',
    label: 'Theo dõi thực hiện kết luận',
    dto: FollowUpDto,
    fields: [
      date('Ngày'),
      { name: 'note', label: 'Nội dung', kind: 'textarea', required: true },
      { name: 'done', label: 'Doanh nghiệp đã thực hiện xong kết luận', kind: 'check' },
    ],
  },
  'not-carried-out': {
    step: 'not-carried-out',
    label: 'Không tiến hành',
    dto: NotCarriedOutDto,
    fields: [date('Ngày quyết định không tiến hành'), reason('Lý do không tiến hành')],
  },
};

/** The page lists the steps of the usual course first, then the occasional ones. */
const PAGE_ORDER: LifecycleStep[] = [
  'decision',
  'announcement',
  'on-site-start',
  'on-site-end',
  'results-report',
  'draft-conclusion',
  'conclusion',
  'publication',
  'follow-up',
  'extension',
  'suspension',
  'not-carried-out',
];
const OCCASIONAL = new Set<LifecycleStep>(['extension', 'suspension', 'not-carried-out']);

export function isStep(value: string): value is LifecycleStep {
  return (LIFECYCLE_STEPS as readonly string[]).includes(value);
}

/** A value of the right shape for each step, dated `day`: only the machine's order is asked. */
function probe(step: LifecycleStep, day: CalendarDay): StepInputs[LifecycleStep] {
  const findings = { violations: [], sanctions: [], recommendations: [] };
  const inputs: StepInputs = {
    decision: { number: '-', date: day, signer: '-', team: ['-'] },
    announcement: { date: day },
    'on-site-start': { date: day },
    extension: { date: day, days: 1, reason: '-' },
    suspension: { from: day, to: day, reason: '-' },
    'on-site-end': { date: day },
    'results-report': { date: day },
    'draft-conclusion': { date: day },
    conclusion: { number: '-', date: day, findings },
    publication: { date: day, link: 'https://-' },
    'follow-up': { date: day, note: '-' },
    'not-carried-out': { date: day, reason: '-' },
  };
  return inputs[step];
}

/**
 * The steps the lifecycle's transitions would take now, tried on a copy with today's date
 * (nothing is stored). A refusal that names the step or the inspection (already recorded,
 * out of order, ended, inactive) means "not now"; one that names a value (a date, a length)
 * is the officer's to fix, so the step is offered.
 */
export function offeredSteps(
  record: InspectionLifecycle,
  ctx: StepContext,
): { step: LifecycleStep; occasional: boolean }[] {
  const open: { step: LifecycleStep; occasional: boolean }[] = [];
  for (const step of PAGE_ORDER) {
    try {
      applyStep(record, step, probe(step, ctx.today), ctx);
    } catch (e) {
      if (!(e instanceof StepRefused)) throw e;
      if (e.field === step || e.field === 'inspectionId') continue;
    }
    open.push({ step, occasional: OCCASIONAL.has(step) });
  }
  return open;
}

// NFC here too: not every text of the DTOs normalizes (the findings' lists do not).
const text = (v: unknown) => (typeof v === 'string' ? v.normalize('NFC') : '');
const linesOf = (v: unknown) =>
  text(v)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** "Phạt vi phạm hành chính; 15.000.000" → a sanction; an unreadable amount is left as typed. */
function sanctionOf(line: string): { description: string; amountVnd: unknown } {
  const at = line.lastIndexOf(';');
  const description = at < 0 ? line : line.slice(0, at).trim();
  const amount = at < 0 ? '' : line.slice(at + 1).replace(/[\s.,]|đồng|đ/gi, '');
  return { description, amountVnd: /^\d{1,16}$/.test(amount) ? Number(amount) : amount };
}

/**
 * A day as the form sent it: YYYY-MM-DD from the date input, or 03/12/2026 typed where the
 * browser has no date input (the hint asks for ngày/tháng/năm).
 */
function dayOf(v: unknown): string {
  const typed = text(v).trim();
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(typed);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : typed;
}

/** The form's fields as the API's request body for the step. */
export function stepBody(form: StepForm, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const findings: Record<string, unknown> = {};
  for (const f of form.fields) {
    const v = values[f.name];
    switch (f.kind) {
      case 'check':
        if (v !== undefined && v !== '') out[f.name] = true;
        break;
      case 'date':
        out[f.name] = dayOf(v);
        break;
      case 'number':
        out[f.name] = /^\s*\d{1,6}\s*$/.test(text(v)) ? Number(text(v)) : text(v);
        break;
      case 'lines':
        if (form.step === 'conclusion')
          findings[f.name] = f.name === 'sanctions' ? linesOf(v).map(sanctionOf) : linesOf(v);
        else out[f.name] = linesOf(v);
        break;
      default:
        out[f.name] = text(v).trim();
    }
  }
  if (form.step === 'conclusion') out.findings = findings;
  return out;
}

/** A refusal's Vietnamese: the lifecycle's own where it gives one, else the DTO check's. */
function messageOf(code: string, messageVi: string | undefined, kind: StepFieldKind | undefined) {
  if (messageVi) return messageVi;
  switch (code) {
    case 'IS_CALENDAR_DAY':
      return 'Ngày không hợp lệ (ngày/tháng/năm)';
    case 'IS_URL':
      return 'Địa chỉ phải là một trang https://';
    case 'IS_INT':
      return 'Phải là một số nguyên';
    case 'MIN':
    case 'MAX':
      return kind === 'number' ? 'Từ 1 đến 60 ngày' : messageViFor(code);
    default:
      return messageViFor(code);
  }
}

/** The form's field a detail names: findings.sanctions.0.amountVnd → sanctions, team.2 → team. */
function fieldOf(path: string): string {
  const parts = path.split('.');
  return parts[0] === 'findings' && parts[1] ? parts[1] : parts[0].replace(/\[\d+\]$/, '');
}

/** The refusal by the form's fields; '' holds what concerns the whole step. */
export function stepErrorsOf(
  error: unknown,
  form: StepForm,
  values: Record<string, unknown>,
): FieldErrors {
  if (!(error instanceof DomainError)) throw error;
  const errors: FieldErrors = {};
  for (const d of error.details ?? []) {
    const field = form.fields.find((f) => f.name === fieldOf(d.field));
    const key = field?.name ?? '';
    if (key in errors) continue;
    const amount = /^findings\.sanctions\.(\d+)\.amountVnd$/.exec(d.field);
    if (amount) {
      errors[key] = `Dòng ${Number(amount[1]) + 1}: ghi nội dung; số tiền bằng chữ số (đồng)`;
      continue;
    }
    const blank =
      field && field.kind !== 'check' && text(values[field.name]).trim() === '' && field.required;
    errors[key] = blank
      ? field.kind === 'date'
        ? 'Chưa chọn ngày'
        : field.name === 'team'
          ? 'Cần ít nhất một thành viên đoàn'
          : 'Chưa nhập thông tin này'
      : messageOf(d.code, d.messageVi, field?.kind);
  }
  if (Object.keys(errors).length === 0)
    errors[''] = messageOf(error.code, error.details?.[0]?.messageVi, undefined);
  return errors;
}
