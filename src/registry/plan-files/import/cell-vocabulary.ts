// Free text → the closed vocabularies (type, form) and agency lists.
import { foldForMatch } from '../../../domain/vietnamese-text';
import type { InspectionForm, InspectionType } from '../../../domain/vocabulary';

export function matchInspectionType(text: string): InspectionType | null {
  const f = foldForMatch(text);
  const thanh = /\bthanh tra\b/.test(f) || f === 'tt' || f === 'thanh tra';
  const kiem = /\bkiem tra\b/.test(f) || f === 'kt';
  // "Thanh tra, kiểm tra" names both: the row must choose.
  if (thanh === kiem) return null;
  return thanh ? 'thanh-tra' : 'kiem-tra';
}

const REMOTE =
  /\b(tu xa|truc tuyen|online|remote|qua du lieu|du lieu dien tu|tai tru so co quan|tai co quan)\b/;
const ON_SITE =
  /\b(truc tiep|tai tru so|tai doanh nghiep|tai don vi|tai co so|tai dia diem|on ?site|tai cho|thuc dia)\b/;

/**
 * "Trực tiếp", "Tại doanh nghiệp" → on-site; "Từ xa", "Trực tuyến", "Qua dữ liệu điện tử" →
 * remote. Tax offices' "kiểm tra tại trụ sở cơ quan thuế" (desk check at the office) is
 * remote for the enterprise, so office phrases are tested before "tại trụ sở".
 */
export function matchInspectionForm(text: string): InspectionForm | null {
  const f = foldForMatch(text);
  if (REMOTE.test(f)) return 'remote';
  if (ON_SITE.test(f)) return 'on-site';
  return null;
}

/**
 * Splits a list of agencies written in one cell. Semicolons and newlines separate when any
 * is present; otherwise commas do. Never " và " or a comma inside a list that uses ";":
 * agency names contain both ("Sở Văn hóa, Thể thao và Du lịch"). Export writes "; ".
 */
export function splitAgencies(text: string): string[] {
  return text
    .split(/[;\n]/.test(text) ? /[;\n]/ : /[,+]/)
    .map((s) => s.replace(/^[\s\-•*]+|[\s.]+$/g, ''))
    .filter((s) => s !== '');
}

/**
 * The combined "Đơn vị chủ trì / phối hợp" cell. "Chủ trì: A; Phối hợp: B, C" is read by its
 * labels; otherwise the first agency leads and the rest take part ("A / B, C" or "A, B").
 */
export function splitLeadAndParticipants(text: string): { lead?: string; participants: string[] } {
  const labelled =
    /ch[ủu]\s*tr[ìi]\s*:?\s*([\s\S]*?)[;,\n.]?\s*ph[ốo]i\s*h[ợo]p\s*:?\s*([\s\S]*)$/i.exec(text);
  if (labelled) {
    const lead = labelled[1].replace(/^[\s\-•*]+|[\s;,.]+$/g, '');
    return { lead: lead || undefined, participants: splitAgencies(labelled[2]) };
  }
  const [first, ...rest] = text.split('/');
  const head = splitAgencies(first);
  const participants = [...head.slice(1), ...rest.flatMap(splitAgencies)];
  return { lead: head[0], participants };
}
