// The verify page, server-rendered, self-contained (inline style, no script, no external
// asset) and escaped. The facts are shared with the site's own page (src/web), which
// registers itself through VerificationPages when the web pages are part of the app.
import { formatDayVi } from '../../domain/calendar-day';
import { INSPECTION_TYPE_LABEL_VI } from '../../domain/vocabulary';
import type { PublicVerification } from './verification';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const STATUS_VI: Record<PublicVerification['status'], string> = {
  current: 'Đã đăng ký, đã phê duyệt và đang có hiệu lực',
  completed: 'Đã kết thúc',
  'not-current': 'Không còn hiệu lực',
};

const REASON_VI: Record<string, string> = {
  'plan-not-approved': 'Kế hoạch chưa được phê duyệt',
  'inspection-cancelled': 'Cuộc thanh tra, kiểm tra đã bị hủy',
  'inspection-merged': 'Đã gộp vào một cuộc liên ngành',
  'not-carried-out': 'Không tiến hành',
};

const vnd = (n: number) => `${n.toLocaleString('vi-VN')} đồng`;

/** What the verify page says: its heading, its rows (label, value) and the conclusion's link. */
export interface VerificationFacts {
  heading: string;
  rows: [string, string][];
  conclusionLink: string | null;
}

export function verificationFacts(v: PublicVerification | null, code: string): VerificationFacts {
  const rows: [string, string][] = [];
  let heading: string;
  if (!v) {
    heading = 'Không tìm thấy mã đăng ký';
    rows.push(['Mã', code]);
  } else {
    heading = STATUS_VI[v.status];
    rows.push(['Mã đăng ký', v.code]);
    rows.push([
      'Cơ quan',
      v.agency.currentName ? `${v.agency.name}, nay là ${v.agency.currentName}` : v.agency.name,
    ]);
    if (v.reason) rows.push(['Lý do', REASON_VI[v.reason] ?? v.reason]);
    if (!v.visible)
      rows.push([
        'Ghi chú',
        'Cuộc kiểm tra chưa được công bố; thông tin chi tiết hiển thị khi bắt đầu kiểm tra',
      ]);
    if (v.type) rows.push(['Hình thức', INSPECTION_TYPE_LABEL_VI[v.type]]);
    if (v.enterprise)
      rows.push(['Doanh nghiệp', `${v.enterprise.name} (MST ${v.enterprise.taxCode})`]);
    if (v.window)
      rows.push([
        'Thời gian dự kiến',
        `${formatDayVi(v.window.from)} – ${formatDayVi(v.window.to)}`,
      ]);
    if (v.planDecision)
      rows.push([
        'Kế hoạch',
        `Quyết định ${v.planDecision.number} ngày ${formatDayVi(v.planDecision.date)}`,
      ]);
    if (v.decision)
      rows.push(['Quyết định', `${v.decision.number} ngày ${formatDayVi(v.decision.date)}`]);
    if (v.announcedOn) rows.push(['Công bố', formatDayVi(v.announcedOn)]);
    if (v.onSite?.start) rows.push(['Bắt đầu', formatDayVi(v.onSite.start)]);
    if (v.onSite?.end) rows.push(['Kết thúc', formatDayVi(v.onSite.end)]);
    if (v.conclusion) {
      const c = v.conclusion;
      rows.push([
        'Kết luận',
        `${c.number} ngày ${formatDayVi(c.date)}, công khai ngày ${formatDayVi(c.publishedOn)}`,
      ]);
      if (c.findings.violations.length) rows.push(['Vi phạm', c.findings.violations.join('; ')]);
      if (c.findings.sanctions.length)
        rows.push([
          'Xử lý',
          c.findings.sanctions.map((s) => `${s.description}: ${vnd(s.amountVnd)}`).join('; '),
        ]);
      if (c.findings.recommendations.length)
        rows.push(['Kiến nghị', c.findings.recommendations.join('; ')]);
    }
  }
  return { heading, rows, conclusionLink: v?.conclusion?.link ?? null };
}

/** The page without the site (kept for a deployment without the web pages). */
export function renderVerificationPage(v: PublicVerification | null, code: string): string {
  const { heading, rows, conclusionLink } = verificationFacts(v, code);
  const body = rows
    .map(([k, val]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(val)}</td></tr>`)
    .join('');
  const link = conclusionLink
    ? `<p><a href="${escapeHtml(conclusionLink)}" rel="noopener">Xem toàn văn kết luận</a></p>`
    : '';
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Tra cứu cuộc thanh tra, kiểm tra</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.4rem;border-bottom:1px solid #ddd}th{width:35%;font-weight:600}</style></head><body><p>Tra cứu cuộc thanh tra, kiểm tra doanh nghiệp</p><h1>${escapeHtml(heading)}</h1><table>${body}</table>${link}</body></html>`;
}
