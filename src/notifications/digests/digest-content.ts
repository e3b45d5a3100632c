// Digest mails in Vietnamese: what changed, one line per conflict, each with its page. Pure.
import { ruleLabel } from '../../conflicts/engine';
import type { RuleFamily } from '../../conflicts/engine';
import { RESOLUTION_KIND_LABELS, type ResolutionKind } from '../../domain/vocabulary';
import { viTime } from '../../feeds/calendar/vi-format';
import { formatDayVi } from '../../domain/calendar-day';
import { domainDayOf } from '../../domain/domain-zone';
import type { ConflictChange } from './conflict-changes';

export interface DigestLinks {
  conflict(id: string): string;
  meeting(id: string): string;
  unsubscribe: string;
}

const viInstant = (d: Date) => `${viTime(d)} ${formatDayVi(domainDayOf(d))}`;

function line(c: ConflictChange, links: DigestLinks): string {
  const enterprise = `${c.enterpriseName ? `${c.enterpriseName} ` : ''}(MST ${c.taxCode})`;
  const rule = ruleLabel(c.ruleId, c.family as RuleFamily).vi;
  const decided =
    c.decision &&
    [
      c.decision.status === 'exempted' ? 'miễn trừ' : 'đã xử lý',
      c.decision.kind && RESOLUTION_KIND_LABELS[c.decision.kind as ResolutionKind]?.vi,
      c.decision.meetingId && `tại cuộc họp ${links.meeting(c.decision.meetingId)}`,
    ]
      .filter(Boolean)
      .join(', ');
  return [
    `- ${enterprise}, năm ${c.year}: ${rule}.`,
    `  ${c.explanation.vi}`,
    decided ? `  Quyết định: ${decided}.` : '',
    `  Chi tiết: ${links.conflict(c.conflictId)}`,
  ]
    .filter(Boolean)
    .join('\n');
}

function section(title: string, changes: ConflictChange[], links: DigestLinks): string[] {
  if (changes.length === 0) return [];
  return [`${title} (${changes.length}):`, ...changes.map((c) => line(c, links)), ''];
}

function footer(links: DigestLinks): string[] {
  return [
    '—',
    'Thư tổng hợp tự động từ hệ thống điều phối kế hoạch thanh tra, kiểm tra doanh nghiệp.',
    'Loại thư và tần suất nhận: mục Thông báo sau khi đăng nhập.',
    `Ngừng nhận thư tổng hợp này: ${links.unsubscribe}`,
  ];
}

/** To an agency's officer: the conflicts opened or closed (incl. decided) touching the agency. */
export function agencyDigest(
  agency: { code: string; name: string },
  window: { from: Date; to: Date },
  changes: ConflictChange[],
  links: DigestLinks,
): { subject: string; text: string } | null {
  const opened = changes.filter((c) => c.kind === 'opened');
  const closed = changes.filter((c) => c.kind !== 'opened');
  if (opened.length + closed.length === 0) return null;
  return {
    subject: `[${agency.code}] Chồng chéo thanh tra, kiểm tra: ${opened.length} mới, ${closed.length} đã đóng`,
    text: [
      `Tổng hợp chồng chéo liên quan đến ${agency.name} (${agency.code})`,
      `từ ${viInstant(window.from)} đến ${viInstant(window.to)} (giờ Việt Nam).`,
      '',
      ...section('Chồng chéo mới phát sinh', opened, links),
      ...section('Chồng chéo đã đóng hoặc đã xử lý', closed, links),
      ...footer(links),
    ].join('\n'),
  };
}

/** To a coordinator: the province's new conflicts and the decisions taken. */
export function coordinatorDigest(
  window: { from: Date; to: Date },
  changes: ConflictChange[],
  links: DigestLinks,
): { subject: string; text: string } | null {
  const opened = changes.filter((c) => c.kind === 'opened');
  const decided = changes.filter((c) => c.kind === 'decided');
  if (opened.length + decided.length === 0) return null;
  return {
    subject: `Tổng hợp toàn tỉnh: ${opened.length} chồng chéo mới, ${decided.length} quyết định`,
    text: [
      'Tổng hợp chồng chéo thanh tra, kiểm tra toàn tỉnh',
      `từ ${viInstant(window.from)} đến ${viInstant(window.to)} (giờ Việt Nam).`,
      '',
      ...section('Chồng chéo mới phát sinh', opened, links),
      ...section('Quyết định xử lý', decided, links),
      ...footer(links),
    ].join('\n'),
  };
}
