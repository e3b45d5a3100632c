// The deadline core over a national year: 300,000 approved inspections, a third of them with a
// lifecycle on site or concluded. Prints time and memory; goal: well under 2 s of CPU, so
// GET /deadlines is bounded by the database read, not by the computation.
//
//   npm run bench -- deadlines
import { addDays } from '../src/domain/calendar-day';
import { createWorkingCalendar } from '../src/lifecycle/calendar/public-holidays';
import { deadlinesOf, type DeadlineSubject } from '../src/lifecycle/deadlines/deadlines';
import type { InspectionLifecycle } from '../src/lifecycle/lifecycle';

const SIZE = Number(process.argv[2] ?? 300_000);
const GOAL_CPU_MS = 2000;

function subject(i: number): DeadlineSubject {
  const from = addDays('2026-01-05', i % 330);
  return {
    inspectionId: `i${i}`,
    type: i % 3 === 0 ? 'thanh-tra' : 'kiem-tra',
    window: { from, to: addDays(from, 30) },
    planStatus: 'approved',
    state: 'planned',
    level: i % 10 === 0 ? 'commune' : 'province',
  };
}

function lifecycle(i: number, s: DeadlineSubject): InspectionLifecycle | null {
  if (i % 3 !== 0) return null;
  const at = new Date('2026-01-01T00:00:00Z');
  const start = addDays(s.window.from, 3);
  const end = i % 2 === 0 ? addDays(start, 30) : undefined;
  return {
    inspectionId: s.inspectionId,
    registrationCode: 'ABCD-EFGH',
    decision: { number: `${i}/QĐ`, date: s.window.from, signer: 'x', team: ['y'] },
    announced: { date: addDays(s.window.from, 1) },
    onSite: { start, end },
    ...(end && { resultsReport: { date: addDays(end, 10) } }),
    followUps: [],
    history: [],
    revision: 4,
    createdAt: at,
    updatedAt: at,
  };
}

const calendar = createWorkingCalendar();
const inputs = Array.from({ length: SIZE }, (_, i) => {
  const s = subject(i);
  return [s, lifecycle(i, s)] as const;
});
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const cpu = process.cpuUsage();
const wall = Date.now();
let count = 0;
const byStatus: Record<string, number> = {};
for (const [s, lc] of inputs) {
  for (const d of deadlinesOf(s, lc, { calendar, today: '2026-12-02' })) {
    count++;
    byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
  }
}
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
console.log(
  JSON.stringify({
    inspections: SIZE,
    deadlines: count,
    byStatus,
    wallMs: Date.now() - wall,
    cpuMs: Math.round(cpuMs),
    heapDeltaMb: Math.round((process.memoryUsage().heapUsed - heapBefore) / 1e6),
    goalCpuMs: GOAL_CPU_MS,
    met: cpuMs < GOAL_CPU_MS,
  }),
);
