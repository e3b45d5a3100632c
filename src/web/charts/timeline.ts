// Geometry of a small timeline (one bar per visit window, months along the top), computed
// here so the template only draws: pure, no I/O.
export interface TimelineItem {
  id: string;
  label: string;
  from: string; // YYYY-MM-DD
  to: string; // inclusive
  href?: string;
  tone?: 'normal' | 'conflict' | 'inactive';
}

export interface Timeline {
  width: number;
  height: number;
  labelWidth: number;
  months: Array<{ x: number; label: string }>;
  bars: Array<TimelineItem & { x: number; y: number; w: number; textY: number }>;
  years: Array<{ x: number; label: string }>;
}

const DAY = 86_400_000;
const epochDay = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY);

export function timeline(items: TimelineItem[], width = 900, rowHeight = 26): Timeline {
  const labelWidth = Math.min(260, Math.round(width * 0.3));
  const valid = items.filter(
    (i) => /^\d{4}-\d{2}-\d{2}$/.test(i.from) && /^\d{4}-\d{2}-\d{2}$/.test(i.to),
  );
  const firstYear = valid.length ? Math.min(...valid.map((i) => Number(i.from.slice(0, 4)))) : 2026;
  const lastYear = valid.length
    ? Math.max(...valid.map((i) => Number(i.to.slice(0, 4))))
    : firstYear;
  const start = epochDay(`${firstYear}-01-01`);
  const end = epochDay(`${lastYear + 1}-01-01`);
  const scale = (width - labelWidth - 8) / (end - start);
  const x = (day: number) => labelWidth + Math.round((day - start) * scale);
  const months: Timeline['months'] = [];
  const years: Timeline['years'] = [];
  for (let y = firstYear; y <= lastYear; y++) {
    years.push({ x: x(epochDay(`${y}-01-01`)), label: String(y) });
    for (let m = 1; m <= 12; m++)
      months.push({ x: x(epochDay(`${y}-${String(m).padStart(2, '0')}-01`)), label: `T${m}` });
  }
  const top = 40;
  const bars = valid.map((item, row) => {
    const from = x(epochDay(item.from));
    const to = x(epochDay(item.to) + 1);
    const y = top + row * rowHeight;
    return { ...item, x: from, y, w: Math.max(3, to - from), textY: y + rowHeight / 2 + 4 };
  });
  return { width, height: top + bars.length * rowHeight + 8, labelWidth, months, bars, years };
}
