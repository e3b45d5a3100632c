import { addDays } from '../../domain/calendar-day';
import { conflictToEvents } from './conflict-events';
import { inspectionSummary, inspectionToEvent } from './inspection-events';
import { withdrawnVisibleUntil } from './mapping-context';
import { meetingToEvent } from './meeting-events';
import {
  CONFLICTS,
  INSPECTIONS,
  MEETINGS,
  SO_KHCN,
  THANH_TRA_TINH,
  inspection,
  mappingContext,
} from './testing/fixtures';
import { eventUid, feedUidScope } from './uid';
import { domainDayOf, domainInstant } from './zone';

describe('inspection → event', () => {
  const ctx = mappingContext();

  it('writes the Vietnamese summary people expect', () => {
    expect(inspectionSummary(INSPECTIONS[0])).toBe(
      'Kiểm tra chuyên ngành đo lường — Công ty TNHH Thương mại và Dịch vụ Ánh Dương Việt Nam',
    );
    expect(inspectionSummary(INSPECTIONS[1])).toBe(
      'Thanh tra liên ngành thuế — Công ty Cổ phần Đầu tư Xây dựng Hồ Chí Minh',
    );
    expect(inspectionSummary(INSPECTIONS[3])).toMatch(
      /^Kiểm tra chuyên ngành đột xuất đo lường \(từ xa\) — /,
    );
    expect(inspectionSummary(INSPECTIONS[2])).toMatch(
      /^\[ĐÃ HỦY\] Kiểm tra chuyên ngành an toàn thực phẩm — /,
    );
  });

  it('is a lean all-day event: who inspects whom, what, where, and one link for the rest', () => {
    const e = inspectionToEvent(INSPECTIONS[1], ctx)!;
    expect(e.timing).toEqual({
      kind: 'all-day',
      startDay: '2025-04-01',
      endDayInclusive: '2025-04-30',
    });
    expect(e.status).toBe('TENTATIVE'); // planned
    expect(e.sequence).toBe(1);
    expect(e.dtstamp).toEqual(INSPECTIONS[1].updatedAt);
    expect(e.lastModified).toEqual(INSPECTIONS[1].updatedAt);
    expect(e.transparent).toBe(true);
    expect(e.url).toBe('https://lich.example.vn/api/web/inspections/65f0a1b2c3d4e5f601234568');
    expect(e.description).toBe(['Phối hợp: Thuế tỉnh; Sở Y tế', e.url].join('\n'));
    expect(e.organizer).toEqual({ name: 'Thanh tra tỉnh', email: 'lich@lich.example.vn' });
    expect(e.categories).toBeUndefined();
    expect(inspectionToEvent(INSPECTIONS[0], ctx)!.status).toBe('CONFIRMED');
  });

  it("is at the enterprise's address, organised by the lead agency's contact address", () => {
    const e = inspectionToEvent(
      inspection({
        enterpriseAddress: '12 Lê Lợi, phường Thuận Hóa, Huế',
        leadAgency: { ...SO_KHCN, contactEmail: 'khcn@hue.gov.vn' },
      }),
      ctx,
    )!;
    expect(e.location).toBe('12 Lê Lợi, phường Thuận Hóa, Huế');
    expect(e.organizer).toEqual({ name: SO_KHCN.name, email: 'khcn@hue.gov.vn' });
  });

  it('names State Audit work as such, and a kiểm tra by an inspectorate without "chuyên ngành"', () => {
    const audit = {
      code: 'KTNN',
      name: 'Kiểm toán nhà nước khu vực II',
      kind: 'state-audit' as const,
    };
    expect(inspectionSummary(inspection({ leadAgency: audit }))).toBe(
      'Kiểm toán nhà nước đo lường — Công ty TNHH Thương mại và Dịch vụ Ánh Dương Việt Nam',
    );
    const ttt = { ...THANH_TRA_TINH, kind: 'inspectorate' as const };
    expect(inspectionSummary(inspection({ leadAgency: ttt }))).toMatch(/^Kiểm tra đo lường — /);
  });

  it('in a public feed links to the enterprise page only', () => {
    const e = inspectionToEvent(
      inspection({ state: 'merged', mergedIntoId: 'joint-1' }),
      mappingContext({ publicEnterprise: true, asOf: '2025-02-21' }),
    )!;
    expect(e.url).toBe('https://lich.example.vn/api/public/enterprises/0100109106');
    expect(e.description).not.toContain('/web/');
  });

  describe('cancelled / merged policy', () => {
    const cancelledAt = new Date('2025-02-25T03:00:00Z'); // 25/02 in Ho Chi Minh
    const cancelled = inspection({ state: 'cancelled', revision: 5, updatedAt: cancelledAt });

    it('keeps it as STATUS:CANCELLED with its bumped SEQUENCE for 30 days, then drops it', () => {
      expect(withdrawnVisibleUntil(cancelledAt, ctx)).toBe('2025-03-27');
      for (const asOf of ['2025-02-25', '2025-03-27']) {
        const e = inspectionToEvent(cancelled, { ...ctx, asOf })!;
        expect(e.status).toBe('CANCELLED');
        expect(e.sequence).toBe(5);
        expect(e.summary.startsWith('[ĐÃ HỦY] ')).toBe(true);
        expect(e.description).toContain('Tự gỡ sau ngày 27/03/2025');
        // Same UID as while it was live: clients update the event rather than add one.
        expect(e.uid).toBe(inspectionToEvent(inspection(), ctx)!.uid);
      }
      expect(inspectionToEvent(cancelled, { ...ctx, asOf: '2025-03-28' })).toBeNull();
      expect(
        inspectionToEvent(cancelled, { ...ctx, asOf: '2025-03-01', withdrawnRetentionDays: 3 }),
      ).toBeNull();
    });

    it('counts retention from withdrawnAt in Ho Chi Minh days', () => {
      // 17:30Z on 28/02 is already 01/03 in Ho Chi Minh.
      const late = inspection({
        state: 'cancelled',
        withdrawnAt: new Date('2025-02-28T17:30:00Z'),
      });
      expect(withdrawnVisibleUntil(late.withdrawnAt!, ctx)).toBe(addDays('2025-03-01', 30));
    });

    it('treats merged inspections the same and points to the joint one', () => {
      const merged = inspection({
        state: 'merged',
        mergedIntoId: 'joint-1',
        updatedAt: cancelledAt,
      });
      const e = inspectionToEvent(merged, ctx)!;
      expect(e.status).toBe('CANCELLED');
      expect(e.summary.startsWith('[ĐÃ GỘP] ')).toBe(true);
      expect(e.description).toContain(
        'Gộp vào: https://lich.example.vn/api/web/inspections/joint-1',
      );
    });
  });
});

describe('meeting → event', () => {
  const ctx = mappingContext({ feedScope: feedUidScope({ scope: 'meetings' }) });

  it('is a timed event with the meeting instants', () => {
    const e = meetingToEvent(MEETINGS[0], ctx)!;
    expect(e.timing).toEqual({ kind: 'timed', start: MEETINGS[0].start, end: MEETINGS[0].end });
    expect(e.summary).toBe(
      'Họp phối hợp — Rà soát chồng chéo kế hoạch thanh tra, kiểm tra năm 2025',
    );
    expect(e.status).toBe('CONFIRMED');
    expect(e.location).toBe(MEETINGS[0].place);
    expect(e.description).toContain('Chủ trì: Phó Chánh Thanh tra tỉnh Trần Văn Bình');
    expect(e.description).toContain('12 vụ chồng chéo cần xử lý');
    expect(e.url).toBe('https://lich.example.vn/api/web/meetings/mtg-2025-01');
    expect(e.transparent).toBe(false);
  });

  it('follows the withdrawn policy when cancelled', () => {
    const e = meetingToEvent(MEETINGS[1], ctx)!;
    expect(e.status).toBe('CANCELLED');
    expect(e.summary).toBe('[ĐÃ HỦY] Họp bổ sung — evening slot crossing UTC midnight');
    expect(meetingToEvent(MEETINGS[1], { ...ctx, asOf: '2025-06-01' })).toBeNull();
  });
});

describe('conflict → events on the dates they concern', () => {
  const ctx = mappingContext({ feedScope: feedUidScope({ scope: 'conflicts', ref: 'SKHCN' }) });

  it('uses the exact concerned days when given', () => {
    const events = conflictToEvents(CONFLICTS[0], ctx);
    expect(events).toHaveLength(1);
    expect(events[0].timing).toEqual({
      kind: 'all-day',
      startDay: '2025-03-13',
      endDayInclusive: '2025-03-14',
    });
    expect(events[0].summary).toBe(
      'Trùng thời gian kiểm tra — Công ty TNHH Thương mại và Dịch vụ Ánh Dương Việt Nam',
    );
    expect(events[0].status).toBe('CONFIRMED');
  });

  it("otherwise marks each involved inspection's window, with distinct UIDs", () => {
    const events = conflictToEvents(CONFLICTS[1], ctx);
    expect(events.map((e) => e.timing)).toEqual([
      { kind: 'all-day', startDay: '2025-04-01', endDayInclusive: '2025-04-30' },
      { kind: 'all-day', startDay: '2025-10-01', endDayInclusive: '2025-10-31' },
    ]);
    expect(new Set(events.map((e) => e.uid)).size).toBe(2);
    expect(events[0].url).toMatch(/^https:\/\/lich\.example\.vn\/api\/web\/conflicts\//);
  });

  it('shows a decided conflict as decided, not as cancelled', () => {
    const resolved = {
      ...CONFLICTS[0],
      status: 'resolved' as const,
      resolution: 'Gộp thành đoàn liên ngành',
      revision: 2,
      updatedAt: new Date('2025-02-26T00:00:00Z'),
    };
    const [e] = conflictToEvents(resolved, ctx);
    expect(e.status).toBe('CONFIRMED');
    expect(e.summary.startsWith('[ĐÃ XỬ LÝ] ')).toBe(true);
    expect(e.description).toContain('Kết quả: Gộp thành đoàn liên ngành');
    expect(conflictToEvents(resolved, { ...ctx, asOf: '2025-04-30' })).toHaveLength(1);
  });

  it('a superseded or vanished conflict leaves as cancelled, never as settled, then drops', () => {
    for (const [status, prefix] of [
      ['superseded', '[ĐÃ THAY THẾ] '],
      ['closed', '[KHÔNG CÒN CHỒNG CHÉO] '],
    ] as const) {
      const gone = { ...CONFLICTS[0], status, updatedAt: new Date('2025-02-26T00:00:00Z') };
      const [e] = conflictToEvents(gone, ctx);
      expect(e.status).toBe('CANCELLED');
      expect(e.summary.startsWith(prefix)).toBe(true);
      expect(e.summary).not.toContain('GIẢI QUYẾT');
      expect(conflictToEvents(gone, { ...ctx, asOf: '2025-04-30' })).toEqual([]);
    }
  });
});

describe('UIDs', () => {
  it('are stable per record and feed, and differ across feeds', () => {
    const province = mappingContext();
    const agency = mappingContext({ feedScope: feedUidScope({ scope: 'agency', ref: 'SKHCN' }) });
    const enterprise = mappingContext({
      feedScope: feedUidScope({ scope: 'enterprise', ref: '0100109106' }),
    });
    const uids = [province, agency, enterprise].map(
      (c) => inspectionToEvent(INSPECTIONS[0], c)!.uid,
    );
    expect(new Set(uids).size).toBe(3);
    expect(uids[0]).toBe('inspection-65f0a1b2c3d4e5f601234567.province@lich.example.vn');
    expect(uids[1]).toBe('inspection-65f0a1b2c3d4e5f601234567.agency-SKHCN@lich.example.vn');
    // A later revision keeps the UID.
    expect(inspectionToEvent({ ...INSPECTIONS[0], revision: 9 }, agency)!.uid).toBe(uids[1]);
  });

  it('give filtered feeds their own stable scope, whatever the key order', () => {
    const a = feedUidScope({
      scope: 'agency',
      ref: 'SKHCN',
      filters: { year: 2025, field: 'DLCL', type: undefined },
    });
    const b = feedUidScope({
      scope: 'agency',
      ref: 'SKHCN',
      filters: { field: 'DLCL', year: 2025 },
    });
    expect(a).toBe(b);
    expect(a).toMatch(/^agency-SKHCN-[0-9a-f]{10}$/);
    expect(a).not.toBe(feedUidScope({ scope: 'agency', ref: 'SKHCN', filters: { year: 2026 } }));
    expect(feedUidScope({ scope: 'agency', ref: 'SKHCN', filters: {} })).toBe('agency-SKHCN');
  });

  it('encode parts so separators cannot be forged', () => {
    expect(eventUid('conflict', ['a.b', 'c'], 'province', 'x.vn')).not.toBe(
      eventUid('conflict', ['a', 'b.c'], 'province', 'x.vn'),
    );
    expect(eventUid('inspection', ['ỏ@;,'], 'province', 'x.vn')).toMatch(
      /^[A-Za-z0-9%_.-]+@x\.vn$/,
    );
    expect(() => eventUid('inspection', [], 'province', 'x.vn')).toThrow();
  });
});

describe('zone helpers', () => {
  it('map instants to Ho Chi Minh days and back', () => {
    expect(domainDayOf(new Date('2025-02-28T16:59:59Z'))).toBe('2025-02-28');
    expect(domainDayOf(new Date('2025-02-28T17:00:00Z'))).toBe('2025-03-01');
    expect(domainInstant('2025-03-05', '08:30').toISOString()).toBe('2025-03-05T01:30:00.000Z');
    expect(() => domainInstant('2025-02-30', '08:30')).toThrow(RangeError);
  });
});
