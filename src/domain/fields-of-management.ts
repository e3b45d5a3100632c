// Fields of state management (lĩnh vực quản lý nhà nước) as data, not code: a deployment can
// pass its own list. NQ198's same-field rule compares these codes, so free text from a plan
// table must map to exactly one code or be reported.
import { foldForMatch } from './vietnamese-text';

export interface FieldOfManagement {
  /** Stable machine code stored on inspections. */
  code: string;
  /** The Vietnamese label people read (and the export writes). */
  vi: string;
  en: string;
  /** Other ways plan tables name the field; compared without diacritics or case. */
  aliases?: readonly string[];
}

export const DEFAULT_FIELDS_OF_MANAGEMENT: readonly FieldOfManagement[] = [
  { code: 'tax', vi: 'Thuế', en: 'Tax', aliases: ['thuế, phí, lệ phí', 'quản lý thuế'] },
  { code: 'customs', vi: 'Hải quan', en: 'Customs' },
  {
    code: 'labour',
    vi: 'Lao động',
    en: 'Labour',
    aliases: [
      'lao động, tiền lương',
      'chính sách lao động',
      'pháp luật lao động',
      'an toàn vệ sinh lao động',
      'atvsld',
    ],
  },
  {
    code: 'social-insurance',
    vi: 'Bảo hiểm xã hội',
    en: 'Social insurance',
    aliases: [
      'bhxh',
      'bhyt',
      'bảo hiểm y tế',
      'bảo hiểm thất nghiệp',
      'bhxh, bhyt, bhtn',
      'đóng bhxh',
    ],
  },
  {
    code: 'fire-safety',
    vi: 'Phòng cháy, chữa cháy',
    en: 'Fire safety',
    aliases: ['pccc', 'phòng cháy chữa cháy', 'pccc và cnch', 'cứu nạn cứu hộ'],
  },
  {
    code: 'environment',
    vi: 'Môi trường',
    en: 'Environment',
    aliases: ['bảo vệ môi trường', 'bvmt', 'tài nguyên môi trường', 'tài nguyên và môi trường'],
  },
  {
    code: 'food-safety',
    vi: 'An toàn thực phẩm',
    en: 'Food safety',
    aliases: ['attp', 'vệ sinh an toàn thực phẩm', 'vsattp', 'thực phẩm'],
  },
  {
    code: 'measurement',
    vi: 'Đo lường, chất lượng',
    en: 'Measurement and quality',
    aliases: ['đo lường', 'tiêu chuẩn đo lường chất lượng', 'chất lượng sản phẩm hàng hóa', 'tđc'],
  },
  { code: 'land', vi: 'Đất đai', en: 'Land', aliases: ['quản lý đất đai', 'sử dụng đất'] },
  {
    code: 'natural-resources',
    vi: 'Tài nguyên nước, khoáng sản',
    en: 'Water and mineral resources',
    aliases: ['tài nguyên nước', 'khoáng sản'],
  },
  {
    code: 'construction',
    vi: 'Xây dựng',
    en: 'Construction',
    aliases: ['trật tự xây dựng', 'hoạt động xây dựng', 'quy hoạch xây dựng'],
  },
  {
    code: 'health',
    vi: 'Y tế',
    en: 'Health',
    aliases: [
      'dược phẩm',
      'kinh doanh dược',
      'khám bệnh chữa bệnh',
      'khám chữa bệnh',
      'dược, mỹ phẩm',
      'trang thiết bị y tế',
    ],
  },
  {
    code: 'education',
    vi: 'Giáo dục',
    en: 'Education',
    aliases: ['giáo dục và đào tạo', 'giáo dục đào tạo', 'đào tạo'],
  },
  {
    code: 'trade',
    vi: 'Công thương',
    en: 'Industry and trade',
    aliases: [
      'thương mại',
      'quản lý thị trường',
      'xăng dầu',
      'an toàn điện',
      'hóa chất',
      'vật liệu nổ công nghiệp',
      'điện lực',
    ],
  },
  {
    code: 'transport',
    vi: 'Giao thông vận tải',
    en: 'Transport',
    aliases: ['giao thông', 'vận tải', 'gtvt', 'kinh doanh vận tải', 'đăng kiểm'],
  },
  {
    code: 'finance',
    vi: 'Tài chính',
    en: 'Finance',
    aliases: [
      'tài chính doanh nghiệp',
      'kế toán',
      'quản lý giá',
      'đầu tư',
      'kế hoạch và đầu tư',
      'đăng ký doanh nghiệp',
    ],
  },
  {
    code: 'banking',
    vi: 'Ngân hàng',
    en: 'Banking',
    aliases: ['tiền tệ', 'tín dụng', 'ngoại hối'],
  },
  {
    code: 'agriculture',
    vi: 'Nông nghiệp',
    en: 'Agriculture',
    aliases: [
      'nông nghiệp và phát triển nông thôn',
      'thú y',
      'bảo vệ thực vật',
      'thủy sản',
      'lâm nghiệp',
      'phân bón',
      'giống cây trồng',
    ],
  },
  {
    code: 'culture',
    vi: 'Văn hóa, thể thao, du lịch',
    en: 'Culture, sports and tourism',
    aliases: ['văn hóa', 'du lịch', 'thể thao', 'quảng cáo', 'văn hóa thể thao du lịch'],
  },
  {
    code: 'information',
    vi: 'Thông tin và truyền thông',
    en: 'Information and communications',
    aliases: ['thông tin truyền thông', 'viễn thông', 'bưu chính', 'báo chí', 'xuất bản'],
  },
  {
    code: 'science-technology',
    vi: 'Khoa học và công nghệ',
    en: 'Science and technology',
    aliases: ['khoa học công nghệ', 'sở hữu trí tuệ', 'an toàn bức xạ', 'bức xạ hạt nhân'],
  },
  {
    code: 'security',
    vi: 'An ninh, trật tự',
    en: 'Security and order',
    aliases: ['an ninh trật tự', 'ngành nghề kinh doanh có điều kiện về an ninh trật tự', 'anttt'],
  },
  {
    code: 'anti-corruption',
    vi: 'Phòng, chống tham nhũng',
    en: 'Anti-corruption',
    aliases: ['pctn', 'phòng chống tham nhũng'],
  },
];

export type FieldMatch =
  | { ok: true; field: FieldOfManagement }
  | { ok: false; reason: 'empty' | 'unknown' }
  | { ok: false; reason: 'ambiguous'; candidates: FieldOfManagement[] };

export type FieldMatcher = (text: string) => FieldMatch;

/**
 * Builds a matcher over a field list. An exact match of code, label or alias wins (ignoring
 * diacritics, case, punctuation and a leading "lĩnh vực"). Otherwise the text must contain
 * the words of aliases naming exactly one field ("Kiểm tra việc chấp hành PCCC" → fire-safety);
 * if aliases of several fields appear, the match is ambiguous rather than guessed.
 */
export function createFieldMatcher(
  fields: readonly FieldOfManagement[] = DEFAULT_FIELDS_OF_MANAGEMENT,
): FieldMatcher {
  const exact = new Map<string, FieldOfManagement>();
  const terms: { key: string; field: FieldOfManagement }[] = [];
  for (const field of fields) {
    for (const name of [field.code, field.vi, field.en, ...(field.aliases ?? [])]) {
      const key = foldForMatch(name);
      if (key === '') continue;
      if (!exact.has(key)) exact.set(key, field);
      terms.push({ key, field });
    }
  }
  terms.sort((a, b) => b.key.length - a.key.length);

  // Plan tables repeat a handful of field texts thousands of times.
  const memo = new Map<string, FieldMatch>();
  return (text: string): FieldMatch => {
    let hit = memo.get(text);
    if (!hit) {
      hit = match(text);
      if (memo.size < 10_000) memo.set(text, hit);
    }
    return hit;
  };

  function match(text: string): FieldMatch {
    let key = foldForMatch(text);
    if (key === '') return { ok: false, reason: 'empty' };
    const direct = exact.get(key);
    if (direct) return { ok: true, field: direct };
    key = key.replace(/^(linh vuc|quan ly nha nuoc ve|quan ly)\s+/, '');
    const stripped = exact.get(key);
    if (stripped) return { ok: true, field: stripped };

    // Longest terms first; a shorter term inside an already-matched span does not count.
    let rest = ` ${key} `;
    const found = new Map<string, FieldOfManagement>();
    for (const term of terms) {
      const needle = ` ${term.key} `;
      if (!rest.includes(needle)) continue;
      found.set(term.field.code, term.field);
      rest = rest.split(needle).join('  ');
    }
    if (found.size === 1) return { ok: true, field: [...found.values()][0] };
    if (found.size > 1) return { ok: false, reason: 'ambiguous', candidates: [...found.values()] };
    return { ok: false, reason: 'unknown' };
  }
}

/** A province's own codes: lower-case words joined by hyphens, like the built-in ones. */
export const FIELD_CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,47}$/;

/** Two Vietnamese names are one name when NFC, case-folded and single-spaced agree. */
export function fieldNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export interface FieldNameClash {
  /** Which part of the candidate reads like another field: its code, vi, en or an alias. */
  part: 'code' | 'vi' | 'en' | 'aliases';
  name: string;
  /** The field it reads like. */
  otherCode: string;
}

/**
 * Names of `candidate` that the matcher would read as another field: plan tables are matched
 * on code, names and aliases folded (no diacritics, case or punctuation), so two fields sharing
 * a folded name would make an exact match depend on list order. Fields with the candidate's
 * code are the candidate itself (its stored version) and do not count.
 */
export function fieldNameClashes(
  candidate: FieldOfManagement,
  others: readonly FieldOfManagement[],
): FieldNameClash[] {
  const claimed = new Map<string, string>();
  for (const other of others) {
    if (other.code === candidate.code) continue;
    for (const name of [other.code, other.vi, other.en, ...(other.aliases ?? [])]) {
      const key = foldForMatch(name);
      if (key !== '' && !claimed.has(key)) claimed.set(key, other.code);
    }
  }
  const parts: [FieldNameClash['part'], string][] = [
    ['code', candidate.code],
    ['vi', candidate.vi],
    ['en', candidate.en],
    ...(candidate.aliases ?? []).map((a): [FieldNameClash['part'], string] => ['aliases', a]),
  ];
  const clashes: FieldNameClash[] = [];
  for (const [part, name] of parts) {
    const otherCode = claimed.get(foldForMatch(name));
    if (otherCode) clashes.push({ part, name, otherCode });
  }
  return clashes;
}

/**
 * A renamed field keeps its former Vietnamese name as an alias: plan tables written before the
 * rename still name it that way, and the import should keep reading them.
 */
export function aliasesAfterRename(
  before: Pick<FieldOfManagement, 'vi' | 'aliases'>,
  vi: string,
  aliases: readonly string[] = before.aliases ?? [],
): string[] {
  const out = [...aliases];
  const known = new Set([vi, ...out].map(foldForMatch));
  if (!known.has(foldForMatch(before.vi))) out.push(before.vi);
  return out;
}
