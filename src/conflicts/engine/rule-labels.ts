// Rule names people read (reports, minutes): Vietnamese first, English beside it. Beside the
// rulebooks because a rule's label is derived from its rulebook; an unknown rule keeps its id.
import { INSPECTION_TYPE_WORDS } from '../../domain/vocabulary';
import { BUILT_IN_RULEBOOKS } from './rulebooks';
import type { Bilingual, RuleFamily } from './types';

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

const RULE_LABELS = new Map<string, Bilingual>();
for (const book of BUILT_IN_RULEBOOKS) {
  for (const rule of book.rules) {
    let base = RULE_FAMILY_LABELS[rule.family];
    if (rule.family === 'frequency' && rule.params.types.length === 1) {
      const word = INSPECTION_TYPE_WORDS[rule.params.types[0]];
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
