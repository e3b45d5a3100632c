// Old provincial files are typed in 8-bit "font encodings": TCVN3 (ABC, fonts .VnTime,
// .VnArial...) and VNI (fonts VNI-Times...). Excel stores such text as Latin-1 letters that
// only the font draws as Vietnamese, so "Kế hoạch" arrives as "KÕ ho¹ch" (TCVN3) or
// "Keá hoaïch" (VNI). Detected from the text itself and converted to Unicode NFC.

// TCVN3: one byte per precomposed lower-case letter (the .VnTimeH capitals reuse these
// codes, so capitals with tone marks come out lower case), plus seven capitals.
const TCVN3_UNICODE = 'àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ';
const TCVN3_BYTES =
  'µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\u00adõøö÷ùúýûüþ¡¢§£¤¥¦';
const TCVN3_MAP = new Map<string, string>();
for (let i = 0; i < TCVN3_BYTES.length; i++) TCVN3_MAP.set(TCVN3_BYTES[i], TCVN3_UNICODE[i]);

// VNI: a base letter followed by mark characters (lower and upper case marks differ).
// Tone marks: ù sắc, ø huyền, û hỏi, õ ngã, ï nặng. Circumflex â (with tone á à å ã ä),
// breve ê (with tone é è ú ü ë). ô = ơ, ö = ư, ñ = đ; i and ỵ have single letters.
const TONES = { ù: '\u0301', ø: '\u0300', û: '\u0309', õ: '\u0303', ï: '\u0323' };
const HAT_TONES: Record<string, string> = {
  â: '',
  á: '\u0301',
  à: '\u0300',
  å: '\u0309',
  ã: '\u0303',
  ä: '\u0323',
};
const BREVE_TONES: Record<string, string> = {
  ê: '',
  é: '\u0301',
  è: '\u0300',
  ú: '\u0309',
  ü: '\u0303',
  ë: '\u0323',
};
const VNI_SINGLE: Record<string, string> = {
  ñ: 'đ',
  Ñ: 'Đ',
  ô: 'ơ',
  Ô: 'Ơ',
  ö: 'ư',
  Ö: 'Ư',
  ì: 'ì',
  Ì: 'Ì',
  í: 'í',
  Í: 'Í',
  æ: 'ỉ',
  Æ: 'Ỉ',
  ó: 'ĩ',
  Ó: 'Ĩ',
  ò: 'ị',
  Ò: 'Ị',
  î: 'ỵ',
  Î: 'Ỵ',
};

const upperMarks = (m: Record<string, string>) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k.toUpperCase(), v]));
const VNI_TONES: Record<string, string> = { ...TONES, ...upperMarks(TONES) };
const VNI_HAT: Record<string, string> = { ...HAT_TONES, ...upperMarks(HAT_TONES) };
const VNI_BREVE: Record<string, string> = { ...BREVE_TONES, ...upperMarks(BREVE_TONES) };

/** Converts VNI text: a base letter (or ơ/ư from ô/ö) and at most one mark character. */
export function vniToUnicode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = text[i + 1] ?? '';
    if (/[aeoAEO]/.test(c) && next in VNI_HAT) {
      out += `${c}\u0302${VNI_HAT[next]}`;
      i++;
    } else if (/[aA]/.test(c) && next in VNI_BREVE) {
      out += `${c}\u0306${VNI_BREVE[next]}`;
      i++;
    } else if (/[aeiouyAEIOUYôöÔÖ]/.test(c) && next in VNI_TONES) {
      out += `${VNI_SINGLE[c] ?? c}${VNI_TONES[next]}`;
      i++;
    } else {
      out += VNI_SINGLE[c] ?? c;
    }
  }
  return out.normalize('NFC');
}

export function tcvn3ToUnicode(text: string): string {
  let out = '';
  for (const c of text) out += TCVN3_MAP.get(c) ?? c;
  return out.normalize('NFC');
}

export type LegacyEncoding = 'TCVN3' | 'VNI';

/** Letters Unicode Vietnamese has and Latin-1 lacks: their presence means real Unicode. */
const UNICODE_VIETNAMESE = /[ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9]|[\u0300-\u0323]/;
/** Characters that mean TCVN3 (never in Unicode Vietnamese text, nor in VNI). */
const TCVN3_SIGNS = /[µ¸¶·¹¨»¾¼½©®ª«¬\u00ad¡¢£¤¥¦§×ÞßÐ÷þ]/g;
/** VNI's letter-plus-mark pairs and its đ / ư. */
const VNI_SIGNS = /[aeoAEO][âáàåãäÂÁÀÅÃÄ]|[aA][êéèúüëÊÉÈÚÜË]|[aeiouyôöAEIOUYÔÖ][ùøûõïÙØÛÕÏ]|[ñÑ]/g;

/** How strongly a text looks TCVN3 and VNI: counts of their tell-tale letters. */
export function legacyScores(text: string): { TCVN3: number; VNI: number } {
  return {
    TCVN3: text.match(TCVN3_SIGNS)?.length ?? 0,
    VNI: text.match(VNI_SIGNS)?.length ?? 0,
  };
}

/**
 * Which legacy encoding a body of text is in, or null for Unicode (or plain ASCII). The
 * text of a whole sheet is judged at once: a single cell is too short to tell.
 */
export function detectLegacyEncoding(text: string): LegacyEncoding | null {
  if (UNICODE_VIETNAMESE.test(text)) return null;
  const { TCVN3: tcvn, VNI: vni } = legacyScores(text);
  // One sign is not enough: "ABC®" or "Café" in a Unicode file must stay as written.
  if (Math.max(tcvn, vni) < 2) return null;
  return tcvn >= vni ? 'TCVN3' : 'VNI';
}

export function legacyToUnicode(text: string, encoding: LegacyEncoding): string {
  return encoding === 'TCVN3' ? tcvn3ToUnicode(text) : vniToUnicode(text);
}

/** Unicode → legacy, for the test corpus (files made the way old offices make them). */
export function unicodeToLegacy(text: string, encoding: LegacyEncoding): string {
  const out: string[] = [];
  for (const ch of text.normalize('NFC')) {
    if (encoding === 'TCVN3') {
      const i = TCVN3_UNICODE.indexOf(ch);
      const lower = TCVN3_UNICODE.indexOf(ch.toLowerCase());
      out.push(i >= 0 ? TCVN3_BYTES[i] : lower >= 0 ? TCVN3_BYTES[lower] : ch);
      continue;
    }
    out.push(toVni(ch));
  }
  return out.join('');
}

const TONE_MARKS = '\u0301\u0300\u0309\u0303\u0323';
const markFor = (table: Record<string, string>, tone: string, upper: boolean): string =>
  Object.keys(table).find(
    (k) => table[k] === tone && (upper ? k === k.toUpperCase() : k === k.toLowerCase()),
  ) ?? '';

function toVni(ch: string): string {
  const single = Object.keys(VNI_SINGLE).find((k) => VNI_SINGLE[k] === ch && k !== ch);
  if (single) return single;
  const d = ch.normalize('NFD');
  if (d.length === 1) return ch;
  const base = d[0];
  const upper = base !== base.toLowerCase();
  const marks = d.slice(1);
  const tone = [...marks].find((m) => TONE_MARKS.includes(m)) ?? '';
  if (marks.includes('\u031b')) {
    const hook = /[oO]/.test(base) ? (upper ? 'Ô' : 'ô') : upper ? 'Ö' : 'ö';
    return hook + (tone ? markFor(VNI_TONES, tone, upper) : '');
  }
  if (/[iI]/.test(base) && tone) {
    const s = Object.keys(VNI_SINGLE).find((k) => VNI_SINGLE[k] === (base + tone).normalize('NFC'));
    if (s) return s;
  }
  if (/[yY]/.test(base) && tone === '\u0323') return upper ? 'Î' : 'î';
  if (marks.includes('\u0302')) return base + markFor(VNI_HAT, tone, upper);
  if (marks.includes('\u0306')) return base + markFor(VNI_BREVE, tone, upper);
  return base + markFor(VNI_TONES, tone, upper);
}
