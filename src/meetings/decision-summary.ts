// A meeting's decision in the words the minutes use: inspections named by type, lead agency
// and window (never by their ids), dates as dd/MM/yyyy. Pure.
import type { Resolution } from '../conflicts/conflict';
import { formatDayVi } from '../domain/calendar-day';
import { INSPECTION_TYPE_WORDS } from '../domain/vocabulary';
import type { InspectionFact } from '../conflicts/engine';

type Decided = Omit<Resolution, 'decidedBy' | 'decidedAt'>;

const windowVi = (w: { from: string; to: string }) => `${formatDayVi(w.from)}–${formatDayVi(w.to)}`;

function describe(id: string | undefined, facts: Map<string, InspectionFact>): string {
  const f = id ? facts.get(id) : undefined;
  if (!f) return `cuộc ${id ?? '(không rõ)'}`;
  return `cuộc ${INSPECTION_TYPE_WORDS[f.type].vi} của ${f.leadAgencyCode} (${windowVi(f.window)})`;
}

/** "Gộp 2 cuộc thành một cuộc liên ngành: ...", "Miễn trừ. Căn cứ: ...", and so on. */
export function decisionSummaryVi(r: Decided, inspections: readonly InspectionFact[]): string {
  const facts = new Map(inspections.map((f) => [f.id, f]));
  const reason = r.reason ? `. Lý do: ${r.reason}` : '';
  switch (r.kind) {
    case 'merge': {
      const others = (r.mergedInspectionIds ?? []).filter((id) => id !== r.keepInspectionId);
      return [
        `Gộp thành một cuộc liên ngành: giữ ${describe(r.keepInspectionId, facts)}`,
        others.length ? `, gộp ${others.map((id) => describe(id, facts)).join('; ')} vào` : '',
        r.window ? `; thời gian ${windowVi(r.window)}` : '',
      ].join('');
    }
    case 'reschedule':
      return `Điều chỉnh thời gian ${describe(r.inspectionId, facts)} sang ${r.window ? windowVi(r.window) : '(không rõ)'}${reason}`;
    case 'cancel':
      return `Hủy ${describe(r.inspectionId, facts)}${reason}`;
    case 'exempt':
      return `Miễn trừ. Căn cứ: ${r.legalBasis ?? ''}${r.evidence ? `. Chứng cứ: ${r.evidence}` : ''}`;
    case 'switch-to-remote':
      return `Chuyển ${describe(r.inspectionId, facts)} sang hình thức kiểm tra từ xa${reason}`;
    case 'switch-to-kiem-tra':
      return `Chuyển ${describe(r.inspectionId, facts)} thành kiểm tra${reason}`;
  }
}
