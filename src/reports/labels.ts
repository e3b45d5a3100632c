// Words people read for the conflict vocabulary (reports, minutes): Vietnamese first, English
// beside it. Rules are looked up in the built-in rulebooks; an unknown rule keeps its id.
import type { ConflictStatus } from '../conflicts/conflict';
import { BUILT_IN_RULEBOOKS, type Bilingual, type RuleFamily } from '../conflicts/engine';

export const RULE_FAMILY_LABELS: Record<RuleFamily, Bilingual> = {
  frequency: {
    vi: 'Quá số lần thanh tra, kiểm tra trong năm',
    en: 'More inspections in a year than allowed',
  },
  'same-field': {
    vi: 'Thanh tra và kiểm tra cùng lĩnh vực trong một năm',
    en: 'A thanh tra and a kiểm tra in the same field in one year',
  },
  'window-overlap': {
    vi: 'Trùng thời gian thanh tra, kiểm tra',
    en: 'Overlapping inspection windows',
  },
  'state-audit': {
    vi: 'Trùng với kế hoạch của Kiểm toán nhà nước',
    en: 'Overlaps a State Audit plan',
  },
  'ad-hoc-evidence': {
    vi: 'Thanh tra, kiểm tra đột xuất không có căn cứ dấu hiệu vi phạm',
    en: 'Ad-hoc inspection without evidence of violation',
  },
  'ad-hoc-scope': {
    vi: 'Thanh tra, kiểm tra đột xuất vượt phạm vi quyết định',
    en: 'Ad-hoc inspection wider than its decision',
  },
  'thanh-tra-authority': {
    vi: 'Thanh tra do cơ quan không phải cơ quan thanh tra tiến hành',
    en: 'Thanh tra by a body that is not an inspectorate',
  },
  'good-complier-remote': {
    vi: 'Kiểm tra trực tiếp doanh nghiệp chấp hành tốt (nên kiểm tra từ xa)',
    en: 'On-site check of a good complier (remote check preferred)',
  },
};

export const CONFLICT_STATUS_LABELS: Record<ConflictStatus, Bilingual> = {
  open: { vi: 'Chưa xử lý', en: 'Open' },
  resolved: { vi: 'Đã xử lý', en: 'Resolved' },
  exempted: { vi: 'Được miễn trừ', en: 'Exempted' },
  closed: { vi: 'Không còn chồng chéo', en: 'Closed (cause disappeared)' },
};

const TYPE_WORDS: Record<string, Bilingual> = {
  'thanh-tra': { vi: 'thanh tra', en: 'thanh tra (inspection)' },
  'kiem-tra': { vi: 'kiểm tra', en: 'kiểm tra (check)' },
};

const RULE_LABELS = new Map<string, Bilingual>();
for (const book of BUILT_IN_RULEBOOKS) {
  for (const rule of book.rules) {
    let base = RULE_FAMILY_LABELS[rule.family];
    if (rule.family === 'frequency' && rule.params.types.length === 1) {
      const word = TYPE_WORDS[rule.params.types[0]];
      base = {
        vi: `Quá số lần ${word.vi} trong năm`,
        en: `More ${word.en} in a year than allowed`,
      };
    }
    RULE_LABELS.set(rule.id, {
      vi: `${base.vi} (${book.title.vi})`,
      en: `${base.en} (${book.title.en})`,
    });
  }
}

/** "Quá số lần kiểm tra trong năm (Nghị quyết 198/2025/QH15)" for `nq198.frequency.kiem-tra`. */
export function ruleLabel(ruleId: string, family?: RuleFamily): Bilingual {
  const known = RULE_LABELS.get(ruleId);
  if (known) return known;
  const base = family ? RULE_FAMILY_LABELS[family] : undefined;
  return base
    ? { vi: `${base.vi} (${ruleId})`, en: `${base.en} (${ruleId})` }
    : { vi: ruleId, en: ruleId };
}
