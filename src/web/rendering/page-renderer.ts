// Server-rendered pages: one Nunjucks environment (autoescaping on), the templates beside
// this module, and the filters templates need to show domain values in Vietnamese.
import { join } from 'node:path';
import { withoutRecordIds } from './readable-text';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import nunjucks from 'nunjucks';
import { FieldCatalog } from '../../fields/field-catalog';
import { ruleLabel } from '../../conflicts/engine/rule-labels';
import {
  AGENCY_KIND_LABEL_VI,
  CONFLICT_STATUS_LABELS,
  INSPECTION_FORM_LABEL_VI,
  INSPECTION_STATE_LABEL_VI,
  INSPECTION_TYPE_LABEL_VI,
  PLAN_KIND_LABEL_VI,
  PLAN_STATUS_LABEL_VI,
  RESOLUTION_KIND_LABELS,
  ROLE_LABEL_VI,
} from '../../domain/vocabulary';
import { MEETING_STATUS_LABEL_VI } from '../../meetings/meeting';
import type { LayoutContext } from './layout-context';

/** What a page handler answers: the template, its data and the HTTP status. */
export interface PageView {
  template: string;
  title: string;
  data?: Record<string, unknown>;
  status?: number;
}

export const TEMPLATE_DIR = join(__dirname, '..', 'templates');

/** A conflict's history, as the page lists it. */
const HISTORY_ACTION_VI: Record<string, string> = {
  detected: 'Phát hiện',
  refreshed: 'Cập nhật',
  closed: 'Không còn chồng chéo',
  reopened: 'Mở lại',
  resolved: 'Đã xử lý',
  exempted: 'Miễn trừ',
};

/** A statutory deadline's status, as the pages say it. */
const DEADLINE_STATUS_VI: Record<string, string> = {
  due: 'Đang chờ',
  'done-in-time': 'Đã làm đúng hạn',
  late: 'Làm muộn',
  overdue: 'Quá hạn',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-03-05" → "05/03/2026" (Vietnamese day order); anything else is shown as given. */
export function viDay(day: unknown): string {
  if (typeof day !== 'string') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

/** An instant in Vietnam's time: "05/03/2026 08:30". */
export function viDateTime(value: unknown): string {
  if (!(value instanceof Date) && typeof value !== 'string') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const vn = new Date(date.getTime() + 7 * 3600_000); // Asia/Ho_Chi_Minh has no DST
  return `${pad(vn.getUTCDate())}/${pad(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()} ${pad(vn.getUTCHours())}:${pad(vn.getUTCMinutes())}`;
}

const labelFrom =
  (table: Record<string, string | { vi: string }>) =>
  (code: unknown): string => {
    const label = table[String(code)];
    return label === undefined ? String(code ?? '') : typeof label === 'string' ? label : label.vi;
  };

export function createEnvironment(dir = TEMPLATE_DIR, cache = true): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dir, { noCache: !cache }), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('day', viDay);
  env.addFilter('datetime', viDateTime);
  env.addFilter('window', (w: { from?: string; to?: string } | undefined) =>
    w ? `${viDay(w.from)} – ${viDay(w.to)}` : '',
  );
  env.addFilter('number', (n: unknown) =>
    typeof n === 'number' ? n.toLocaleString('vi-VN') : String(n ?? ''),
  );
  env.addFilter('percent', (n: unknown) =>
    typeof n === 'number' ? `${Math.round(n * 100)}%` : '—',
  );
  env.addFilter('vi', (m: { vi?: string } | undefined) => m?.vi ?? '');
  env.addFilter('readable', withoutRecordIds);
  env.addFilter('planStatus', labelFrom(PLAN_STATUS_LABEL_VI));
  env.addFilter('planKind', labelFrom(PLAN_KIND_LABEL_VI));
  env.addFilter('inspectionType', labelFrom(INSPECTION_TYPE_LABEL_VI));
  env.addFilter('inspectionForm', labelFrom(INSPECTION_FORM_LABEL_VI));
  env.addFilter('inspectionState', labelFrom(INSPECTION_STATE_LABEL_VI));
  env.addFilter('conflictStatus', labelFrom(CONFLICT_STATUS_LABELS));
  env.addFilter('resolutionKind', labelFrom(RESOLUTION_KIND_LABELS));
  env.addFilter('meetingStatus', labelFrom(MEETING_STATUS_LABEL_VI));
  env.addFilter('agencyKind', labelFrom(AGENCY_KIND_LABEL_VI));
  env.addFilter('role', labelFrom(ROLE_LABEL_VI));
  env.addFilter('rule', (id: unknown) => ruleLabel(String(id ?? '')).vi);
  env.addFilter('historyAction', labelFrom(HISTORY_ACTION_VI));
  env.addFilter('deadlineStatus', labelFrom(DEADLINE_STATUS_VI));
  env.addFilter('urlencode', (v: unknown) => encodeURIComponent(String(v ?? '')));
  return env;
}

@Injectable()
export class PageRenderer {
  private readonly env = createEnvironment(TEMPLATE_DIR, process.env.NODE_ENV !== 'development');

  constructor(fields: FieldCatalog) {
    // Fields of state management by their Vietnamese name (the catalog is configurable).
    this.env.addFilter('fieldName', (code: unknown) => fields.label(String(code ?? '')));
  }

  html(template: string, context: Record<string, unknown>): string {
    return this.env.render(template, context);
  }

  send(res: Response, view: PageView, layout: LayoutContext): void {
    const body = this.html(view.template, { ...view.data, title: view.title, layout });
    res.status(view.status ?? 200);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    // Pages show what one account may see: never kept by a shared cache or the back button.
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }
}
