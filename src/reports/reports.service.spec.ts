import { agency, FakeAgencyRepository } from '../agencies/testing/fake-agency-repository';
import ExcelJS from 'exceljs';
import type { DataVersions } from '../common/data-versions/data-versions';
import { FakeClock } from '../common/testing/fake-clock';
import { ReportsService } from './reports.service';
import { FakeReportsRepository } from './testing/fake-reports-repository';

function setup() {
  const rows = new FakeReportsRepository();
  const agencies = new FakeAgencyRepository([agency('SYT', { name: 'Sở Y tế' })]);
  // The version of each collection, which a write to it would bump.
  const data = { versions: {} as Record<string, number>, asked: new Set<string>() };
  const versions = {
    fingerprint: async (collections: readonly string[]) => {
      collections.forEach((c) => data.asked.add(c));
      return collections.map((c) => `${c}:${data.versions[c] ?? 0}`).join(',');
    },
  } as unknown as DataVersions;
  return {
    rows,
    data,
    agencies,
    service: new ReportsService(rows, agencies, versions, new FakeClock()),
  };
}

describe('ReportsService', () => {
  it('reports an empty year as zeros, with nothing to settle (shareResolved null)', async () => {
    const { service, rows } = setup();
    const r = await service.year(2026);
    expect(rows.years).toEqual([2026]);
    expect(r.inspections).toEqual({ registered: 0, active: 0, cancelled: 0, merged: 0 });
    expect(r.byAgency).toEqual([]);
    expect(r.conflicts).toEqual({
      total: 0,
      byStatus: { open: 0, resolved: 0, exempted: 0, closed: 0 },
      byRule: [],
      shareResolved: null,
    });
  });

  it('counts inspections by state: active leaves out cancelled and merged ones', async () => {
    const { service, rows } = setup();
    rows.states = { planned: 4, done: 1, cancelled: 2, merged: 3 };
    expect((await service.year(2026)).inspections).toEqual({
      registered: 10,
      active: 5,
      cancelled: 2,
      merged: 3,
    });
  });

  it('passes the enterprise burden through as read', async () => {
    const { service, rows } = setup();
    rows.burden = {
      inspected: { beforeCoordination: 7, afterCoordination: 6 },
      inspectedMoreThanOnce: { beforeCoordination: 3, afterCoordination: 1 },
    };
    expect((await service.year(2026)).enterprises).toEqual(rows.burden);
  });

  it('groups conflicts by rule (sorted, labelled) and status; closed ones leave the share', async () => {
    const { service, rows } = setup();
    rows.ruleConflicts = [
      { ruleId: 'nq198.same-field', family: 'same-field', status: 'open', count: 1 },
      { ruleId: 'nq198.frequency.kiem-tra', family: 'frequency', status: 'resolved', count: 2 },
      { ruleId: 'nq198.frequency.kiem-tra', family: 'frequency', status: 'exempted', count: 1 },
      { ruleId: 'nq198.frequency.kiem-tra', family: 'frequency', status: 'closed', count: 4 },
      { ruleId: 'local.custom', status: 'open', count: 1 },
    ];
    const c = (await service.year(2026)).conflicts;
    expect(c.total).toBe(9);
    expect(c.byStatus).toEqual({ open: 2, resolved: 2, exempted: 1, closed: 4 });
    expect(c.shareResolved).toBe(3 / 5);
    expect(c.byRule).toEqual([
      {
        ruleId: 'local.custom',
        label: { vi: 'local.custom', en: 'local.custom' },
        total: 1,
        open: 1,
        resolved: 0,
        exempted: 0,
        closed: 0,
      },
      {
        ruleId: 'nq198.frequency.kiem-tra',
        label: {
          vi: 'Quá số lần kiểm tra trong năm (Nghị quyết 198/2025/QH15)',
          en: 'More kiểm tra (check) in a year than allowed (Resolution 198/2025/QH15)',
        },
        total: 7,
        open: 0,
        resolved: 2,
        exempted: 1,
        closed: 4,
      },
      expect.objectContaining({ ruleId: 'nq198.same-field', total: 1, open: 1 }),
    ]);
  });

  it('lists every agency with inspections or conflicts, by code, named where known', async () => {
    const { service, rows } = setup();
    rows.agencyInspections = [{ agencyCode: 'SYT', registered: 3, active: 2 }];
    rows.agencyConflicts = [
      { agencyCode: 'STC', status: 'open', count: 2 },
      { agencyCode: 'SYT', status: 'resolved', count: 1 },
    ];
    expect((await service.year(2026)).byAgency).toEqual([
      {
        agencyCode: 'STC',
        agencyName: 'STC',
        registered: 0,
        active: 0,
        conflicts: { total: 2, open: 2, resolved: 0, exempted: 0, closed: 0 },
      },
      {
        agencyCode: 'SYT',
        agencyName: 'Sở Y tế',
        registered: 3,
        active: 2,
        conflicts: { total: 1, open: 0, resolved: 1, exempted: 0, closed: 0 },
      },
    ]);
  });

  it('labels each status in both languages', async () => {
    const { service } = setup();
    const { labels } = await service.year(2026);
    expect(labels['status.closed']).toEqual({
      vi: 'Không còn chồng chéo',
      en: 'Closed (cause disappeared)',
    });
  });

  it('writes the report as a workbook: headline figures, by rule, numbers as numbers', async () => {
    const { service, rows } = setup();
    rows.burden = {
      inspected: { beforeCoordination: 7, afterCoordination: 6 },
      inspectedMoreThanOnce: { beforeCoordination: 3, afterCoordination: 1 },
    };
    rows.ruleConflicts = [
      { ruleId: 'nq198.frequency.kiem-tra', family: 'frequency', status: 'resolved', count: 2 },
      { ruleId: 'nq198.frequency.kiem-tra', family: 'frequency', status: 'open', count: 2 },
    ];
    const { body, filename } = await service.yearWorkbook(2026);
    expect(filename).toBe('bao-cao-thanh-tra-kiem-tra-2026.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      'Theo cơ quan',
      'Theo quy định',
    ]);
    const summary = book.getWorksheet('Tổng hợp')!;
    expect(summary.getCell('A1').value).toBe('Báo cáo thanh tra, kiểm tra doanh nghiệp năm 2026');
    expect(summary.getRow(5).values).toEqual([
      undefined,
      'Số doanh nghiệp bị thanh tra, kiểm tra quá 1 lần/năm',
      3,
      1,
    ]);
    expect(summary.getRow(11).getCell(3).value).toBe(50); // 2 of 4 settled
    const byRule = book.getWorksheet('Theo quy định')!;
    expect(byRule.getRow(4).values).toEqual([
      undefined,
      'Quá số lần kiểm tra trong năm (Nghị quyết 198/2025/QH15)',
      4,
      2,
      2,
      0,
      0,
    ]);
  });

  describe('kept per data version', () => {
    it('computes a year once while the collections it reads are unchanged', async () => {
      const { service, rows, data } = setup();
      rows.states = { planned: 2 };
      const first = await service.year(2026);
      rows.states = { planned: 5 }; // unseen: nothing was written as far as the versions say
      expect(await service.year(2026)).toBe(first);
      expect([rows.years, rows.conflictYears]).toEqual([[2026], [2026]]);
      expect([...data.asked].sort()).toEqual(['agencies', 'conflicts', 'inspections']);
    });

    it('after a write to inspections, reads the inspection figures again, not the conflicts', async () => {
      const { service, rows, data } = setup();
      rows.states = { planned: 2 };
      expect((await service.year(2026)).inspections.registered).toBe(2);
      rows.states = { planned: 2, cancelled: 1 };
      data.versions.inspections = 1;
      expect((await service.year(2026)).inspections).toMatchObject({ registered: 3, active: 2 });
      expect([rows.years, rows.conflictYears]).toEqual([[2026, 2026], [2026]]);
    });

    it('after a write to conflicts, reads the conflict figures again, not the inspections', async () => {
      const { service, rows, data } = setup();
      rows.ruleConflicts = [{ ruleId: 'nq198.same-field', status: 'open', count: 1 }];
      expect((await service.year(2026)).conflicts.byStatus.open).toBe(1);
      rows.ruleConflicts = [{ ruleId: 'nq198.same-field', status: 'exempted', count: 1 }];
      data.versions.conflicts = 1;
      expect((await service.year(2026)).conflicts.byStatus).toMatchObject({ open: 0, exempted: 1 });
      expect([rows.years, rows.conflictYears]).toEqual([[2026], [2026, 2026]]);
    });

    it('after an agency renamed, names it anew without reading any figure again', async () => {
      const { service, rows, data, agencies } = setup();
      rows.agencyInspections = [{ agencyCode: 'SYT', registered: 1, active: 1 }];
      expect((await service.year(2026)).byAgency[0].agencyName).toBe('Sở Y tế');
      await agencies.update('SYT', { name: 'Sở Y tế tỉnh' });
      data.versions.agencies = 1;
      expect((await service.year(2026)).byAgency[0].agencyName).toBe('Sở Y tế tỉnh');
      expect([rows.years, rows.conflictYears]).toEqual([[2026], [2026]]);
    });

    it('keeps each year apart and computes a year asked twice at once only once', async () => {
      const { service, rows } = setup();
      const [a, b, c] = await Promise.all([
        service.year(2026),
        service.year(2026),
        service.year(2025),
      ]);
      expect(a).toBe(b);
      expect(c.year).toBe(2025);
      expect(rows.years.sort()).toEqual([2025, 2026]);
    });

    it('hands out a frozen report: one reader cannot change what the next one reads', async () => {
      const { service } = setup();
      const report = await service.year(2026);
      expect(() => report.byAgency.push({} as never)).toThrow(TypeError);
      expect(Object.isFrozen(report.conflicts.byStatus)).toBe(true);
    });

    it('does not keep a failed computation', async () => {
      const { service, rows } = setup();
      const read = rows.inspectionFigures.bind(rows);
      rows.inspectionFigures = () => Promise.reject(new Error('database down'));
      await expect(service.year(2026)).rejects.toThrow('database down');
      rows.inspectionFigures = read;
      expect((await service.year(2026)).year).toBe(2026);
    });
  });
});
