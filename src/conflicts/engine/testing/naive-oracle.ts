// The rules written as plainly as possible, O(N²), for property tests to compare the engine
// against. Deliberately shares no code with the engine except the input type: the law is
// hard-coded here (CT20 up to 2024, NQ198 from 2025, default severities).
import { createHash } from 'node:crypto';
import type { EngineInspection } from '../types';

export interface OracleConflict {
  id: string;
  ruleId: string;
  severity: 'block' | 'warn';
  taxCode: string;
  year: number;
  inspectionIds: string[];
}

const SEVERITY: Record<string, 'block' | 'warn'> = {
  frequency: 'block',
  'frequency.thanh-tra': 'block',
  'frequency.kiem-tra': 'block',
  'same-field': 'block',
  'window-overlap': 'warn',
  'state-audit': 'warn',
  'ad-hoc-evidence': 'block',
  'ad-hoc-scope': 'block',
  'thanh-tra-authority': 'block',
  'good-complier-remote': 'warn',
};

function parent(i: EngineInspection): string {
  return i.taxCode.substring(0, 10);
}
function year(i: EngineInspection): number {
  return Number(i.window.from.substring(0, 4));
}
function book(y: number): string {
  return y <= 2024 ? 'ct20' : 'nq198';
}
function active(i: EngineInspection): boolean {
  return i.state !== 'cancelled' && i.state !== 'merged';
}
function hasEvidence(i: EngineInspection): boolean {
  return i.adHocEvidence !== undefined && i.adHocEvidence.trim() !== '';
}
function exempt(i: EngineInspection): boolean {
  return i.planKind === 'ad-hoc' && hasEvidence(i);
}
function audit(i: EngineInspection): boolean {
  return i.leadAgency.kind === 'state-audit';
}
function overlap(a: EngineInspection, b: EngineInspection): boolean {
  return a.window.from <= b.window.to && b.window.from <= a.window.to;
}

function make(
  rule: string,
  y: number,
  taxCode: string,
  members: EngineInspection[],
): OracleConflict {
  const ids = members.map((m) => m.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ruleId = `${book(y)}.${rule}`;
  return {
    id: `${ruleId}:${createHash('sha1').update(ids.join(',')).digest('hex')}`,
    ruleId,
    severity: SEVERITY[rule],
    taxCode,
    year: y,
    inspectionIds: ids,
  };
}

export function naiveConflicts(
  all: readonly EngineInspection[],
  goodCompliers: ReadonlySet<string>,
): OracleConflict[] {
  const out: OracleConflict[] = [];
  const live = all.filter(active);

  // Rules about one inspection.
  for (const i of live) {
    const y = year(i);
    if (i.planKind === 'ad-hoc' && !hasEvidence(i))
      out.push(make('ad-hoc-evidence', y, parent(i), [i]));
    if (i.planKind === 'ad-hoc' && i.adHocScope) {
      const s = i.adHocScope;
      const fieldOut = s.fields !== undefined && s.fields.length > 0 && !s.fields.includes(i.field);
      const windowOut =
        s.window !== undefined && (i.window.from < s.window.from || i.window.to > s.window.to);
      if (fieldOut || windowOut) out.push(make('ad-hoc-scope', y, parent(i), [i]));
    }
    if (
      book(y) === 'nq198' &&
      i.type === 'thanh-tra' &&
      i.window.from >= '2025-07-01' &&
      i.leadAgency.kind !== 'inspectorate'
    ) {
      out.push(make('thanh-tra-authority', y, parent(i), [i]));
    }
    if (book(y) === 'nq198' && goodCompliers.has(parent(i)) && i.form === 'on-site' && !exempt(i)) {
      out.push(make('good-complier-remote', y, parent(i), [i]));
    }
  }

  // Rules about a parent's year.
  const seen = new Set<string>();
  for (const i of live) {
    const key = `${parent(i)}|${year(i)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const y = year(i);
    const p = parent(i);
    const sameYear = live.filter((j) => parent(j) === p && year(j) === y);
    const counted = sameYear.filter((j) => !audit(j) && !exempt(j));
    if (book(y) === 'ct20') {
      if (counted.length > 1) out.push(make('frequency', y, p, counted));
    } else {
      const tt = counted.filter((j) => j.type === 'thanh-tra');
      const kt = counted.filter((j) => j.type === 'kiem-tra');
      if (tt.length > 1) out.push(make('frequency.thanh-tra', y, p, tt));
      if (kt.length > 1) out.push(make('frequency.kiem-tra', y, p, kt));
      const fields = new Set(counted.map((j) => j.field));
      for (const f of fields) {
        const inField = counted.filter((j) => j.field === f);
        if (
          inField.some((j) => j.type === 'thanh-tra') &&
          inField.some((j) => j.type === 'kiem-tra')
        ) {
          out.push(make('same-field', y, p, inField));
        }
      }
    }
    if (sameYear.some(audit) && sameYear.some((j) => !audit(j)))
      out.push(make('state-audit', y, p, sameYear));
  }

  // Overlap: connected components of "same parent and windows share a day".
  const nodes = live.filter((i) => !audit(i));
  const done = new Set<EngineInspection>();
  for (const start of nodes) {
    if (done.has(start)) continue;
    const component = [start];
    done.add(start);
    for (let k = 0; k < component.length; k++) {
      for (const other of nodes) {
        if (
          !done.has(other) &&
          parent(other) === parent(component[k]) &&
          overlap(other, component[k])
        ) {
          done.add(other);
          component.push(other);
        }
      }
    }
    if (component.length > 1) {
      const y = Math.min(...component.map(year));
      out.push(make('window-overlap', y, parent(start), component));
    }
  }
  return out;
}
