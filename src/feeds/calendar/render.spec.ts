/**
 * @jest-environment ./src/feeds/calendar/testing/process-tz.environment.ts
 */
import { ICalCalendar, ICalEvent } from 'ical-generator';
import ICAL from 'ical.js';
import * as nodeIcal from 'node-ical';
import fc from 'fast-check';
import { addDays, DOMAIN_TIME_ZONE } from '../../domain/calendar-day';
import { conflictEvents } from './conflict-events';
import { strongEtag } from './etag';
import { inspectionEvents } from './inspection-events';
import { lintIcs } from './lint';
import { meetingEvents } from './meeting-events';
import type { CalendarEvent, CalendarFeed } from './model';
import {
  plainText,
  renderCalendar,
  renderCalendarBytes,
  renderCalendarBytesAsync,
  renderCalendarDocument,
} from './render';
import { CONFLICTS, INSPECTIONS, MEETINGS, mappingContext } from './testing/fixtures';
import type { SetProcessTimeZone } from './testing/process-tz.environment';

const FEED: CalendarFeed = {
  name: 'Lịch thanh tra, kiểm tra; tỉnh Ánh Dương',
  description: 'Kế hoạch thanh tra, kiểm tra doanh nghiệp năm 2025\nNguồn: hệ thống điều phối',
  refreshIntervalMinutes: 60,
};
const ZONES = ['UTC', 'America/New_York'] as const;

function allEvents(): CalendarEvent[] {
  const ctx = mappingContext();
  return [
    ...inspectionEvents(INSPECTIONS, ctx),
    ...meetingEvents(MEETINGS, ctx),
    ...conflictEvents(CONFLICTS, ctx),
  ];
}

declare const setProcessTimeZone: SetProcessTimeZone;

/** Runs fn with the whole process in another zone (Node re-reads the real TZ on assignment). */
function underTz<T>(zone: string, fn: () => T): T {
  setProcessTimeZone(zone);
  try {
    return fn();
  } finally {
    setProcessTimeZone(undefined);
  }
}

const ymd = (d: string) => d.replaceAll('-', '');
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

describe('renderCalendar', () => {
  it('really switches the process zone in these tests', () => {
    const offsets = ZONES.map((z) =>
      underTz(z, () => new Date('2025-01-15T00:00:00Z').getTimezoneOffset()),
    );
    expect(offsets).toEqual([0, 300]);
  });

  it('is byte-identical under TZ=UTC and TZ=America/New_York, and across renders', () => {
    const [utc, ny] = ZONES.map((z) =>
      underTz(z, () => Buffer.from(renderCalendar(FEED, allEvents()))),
    );
    expect(ny.equals(utc)).toBe(true);
    expect(Buffer.from(renderCalendar(FEED, allEvents())).equals(utc)).toBe(true);
    // Input order (e.g. a DB query) must not matter either.
    const shuffled = allEvents().reverse();
    expect(Buffer.from(renderCalendar(FEED, shuffled)).equals(utc)).toBe(true);
    expect(strongEtag(utc)).toBe(renderCalendarDocument(FEED, shuffled).etag);
  });

  it('(control) would catch the pitfall: a native Date handed to ical-generator follows the server zone', () => {
    const naive = (zone: string) =>
      underTz(zone, () =>
        new ICalEvent(
          {
            id: 'x',
            start: new Date('2025-03-05T01:30:00Z'),
            timezone: DOMAIN_TIME_ZONE,
            stamp: new Date(0),
          },
          new ICalCalendar(),
        ).toString(),
      );
    expect(naive('UTC')).not.toBe(naive('America/New_York'));
  });

  it('the yielding render writes exactly the same bytes, in slices, for any number of events', async () => {
    const one = allEvents();
    const many = Array.from({ length: 600 }, (_, i) =>
      one.map((e) => ({ ...e, uid: e.uid.replace('@', `-${i}@`) })),
    ).flat();
    for (const events of [[], one, many]) {
      expect(
        (await renderCalendarBytesAsync(FEED, events)).equals(renderCalendarBytes(FEED, events)),
      ).toBe(true);
    }
    let turns = 0;
    const tick = setInterval(() => turns++, 0);
    await renderCalendarBytesAsync(FEED, many);
    clearInterval(tick);
    expect(turns).toBeGreaterThan(0); // other work ran while it rendered
  });

  it('passes the byte-level lint', () => {
    expect(lintIcs(renderCalendarDocument(FEED, allEvents()).body)).toEqual([]);
  });

  it('writes the calendar header Outlook, Google and Apple read', () => {
    const text = renderCalendar(FEED, allEvents());
    const head = unfold(text.slice(0, text.indexOf('BEGIN:VTIMEZONE')));
    expect(head).toContain('\r\nMETHOD:PUBLISH\r\n');
    // NAME and X-WR-* carry nothing to escape (ical.js would show "\\,").
    expect(head).toContain('\r\nNAME:Lịch thanh tra – kiểm tra – tỉnh Ánh Dương\r\n');
    expect(head).toContain('\r\nX-WR-CALNAME:Lịch thanh tra – kiểm tra – tỉnh Ánh Dương\r\n');
    expect(head).toContain(
      '\r\nX-WR-CALDESC:Kế hoạch thanh tra – kiểm tra doanh nghiệp năm 2025 Nguồn:',
    );
    expect(head).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n');
    expect(head).toContain('\r\nX-PUBLISHED-TTL:PT1H\r\n');
    expect(head).toContain(`\r\nX-WR-TIMEZONE:${DOMAIN_TIME_ZONE}\r\n`);
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/);
    // Every calendar property precedes the first component.
    expect(text.indexOf('BEGIN:VTIMEZONE')).toBeLessThan(text.indexOf('BEGIN:VEVENT'));
    expect(text.indexOf('X-PUBLISHED-TTL')).toBeLessThan(text.indexOf('BEGIN:VTIMEZONE'));
  });

  it('renders an empty feed (still with its VTIMEZONE) that lints clean', () => {
    const text = renderCalendar(FEED, []);
    expect(text).toContain('BEGIN:VTIMEZONE');
    expect(lintIcs(text)).toEqual([]);
  });

  describe.each(ZONES)('parsed back under TZ=%s', (zone) => {
    let text: string;
    beforeAll(() => {
      setProcessTimeZone(zone);
      text = renderCalendar(FEED, allEvents());
    });
    afterAll(() => setProcessTimeZone(undefined));

    it('with ical.js: summaries, instants, all-day dates, TZIDs, statuses, sequences', () => {
      const cal = new ICAL.Component(ICAL.parse(text));
      // ical.js leaves X- properties raw: nothing in them needs escaping, so they read right.
      expect(cal.getFirstPropertyValue('x-wr-calname')).toBe(
        'Lịch thanh tra – kiểm tra – tỉnh Ánh Dương',
      );
      expect(cal.getFirstPropertyValue('name')).toBe('Lịch thanh tra – kiểm tra – tỉnh Ánh Dương');
      expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
      const events = new Map(
        cal.getAllSubcomponents('vevent').map((c) => [String(c.getFirstPropertyValue('uid')), c]),
      );
      const expected = allEvents();
      expect(events.size).toBe(expected.length);
      for (const e of expected) {
        const c = events.get(e.uid)!;
        const ev = new ICAL.Event(c);
        expect(ev.summary).toBe(e.summary);
        expect(ev.description).toBe(e.description);
        expect(c.getFirstPropertyValue('status')).toBe(e.status);
        expect(ev.sequence).toBe(e.sequence);
        const stamp = c.getFirstPropertyValue('dtstamp') as ICAL.Time;
        expect(stamp.zone?.tzid).toBe('UTC');
        expect(stamp.toJSDate().getTime()).toBe(e.dtstamp.getTime());
        const start = c.getFirstProperty('dtstart')!;
        if (e.timing.kind === 'all-day') {
          expect(ev.startDate.isDate).toBe(true);
          expect(ev.startDate.toString()).toBe(e.timing.startDay);
          expect(ev.endDate.toString()).toBe(addDays(e.timing.endDayInclusive, 1)); // exclusive
          expect(start.getParameter('tzid')).toBeUndefined();
        } else {
          expect(start.getParameter('tzid')).toBe(DOMAIN_TIME_ZONE);
          expect(c.getFirstProperty('dtend')!.getParameter('tzid')).toBe(DOMAIN_TIME_ZONE);
          expect(ev.startDate.toJSDate().getTime()).toBe(e.timing.start.getTime());
          expect(ev.endDate.toJSDate().getTime()).toBe(e.timing.end.getTime());
        }
        expect((c.getFirstProperty('categories')?.getValues() ?? []).map(String)).toEqual(
          e.categories ?? [],
        );
      }
    });

    it('with node-ical: the same facts from an independent parser', () => {
      const all = nodeIcal.sync.parseICS(text);
      const calendar = all.vcalendar as unknown as Record<string, string>;
      expect(calendar['WR-CALNAME']).toBe('Lịch thanh tra – kiểm tra – tỉnh Ánh Dương');
      expect(calendar['WR-CALDESC']).toBe(plainText(FEED.description));
      expect(calendar['WR-TIMEZONE']).toBe(DOMAIN_TIME_ZONE);
      const parsed = Object.values(all).filter((c): c is nodeIcal.VEvent => c.type === 'VEVENT');
      const byUid = new Map(parsed.map((p) => [p.uid, p]));
      const expected = allEvents();
      expect(byUid.size).toBe(expected.length);
      for (const e of expected) {
        const p = byUid.get(e.uid)!;
        expect(p.summary).toBe(e.summary);
        expect(p.status).toBe(e.status);
        expect(Number(p.sequence)).toBe(e.sequence);
        expect(p.dtstamp.getTime()).toBe(e.dtstamp.getTime());
        expect((p.lastmodified as Date).getTime()).toBe(e.lastModified.getTime());
        if (e.timing.kind === 'all-day') {
          // node-ical gives date-only values as local midnight of the process zone.
          expect(p.datetype).toBe('date');
          const local = (d: Date) =>
            `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
          expect(local(p.start)).toBe(e.timing.startDay);
          expect(local(p.end)).toBe(addDays(e.timing.endDayInclusive, 1));
        } else {
          expect(p.start.getTime()).toBe(e.timing.start.getTime());
          expect(p.end.getTime()).toBe(e.timing.end.getTime());
          expect(p.start.tz).toBe(DOMAIN_TIME_ZONE);
        }
      }
    });

    it('writes all-day dates and local times exactly as the domain has them', () => {
      for (const e of allEvents()) {
        const block = text.slice(text.indexOf(`UID:${e.uid}`));
        if (e.timing.kind === 'all-day') {
          expect(block).toContain(`DTSTART;VALUE=DATE:${ymd(e.timing.startDay)}\r\n`);
          expect(block).toContain(
            `DTEND;VALUE=DATE:${ymd(addDays(e.timing.endDayInclusive, 1))}\r\n`,
          );
        }
      }
      // 23:30 on 20/03 in Ho Chi Minh is 16:30Z; the wall time must not follow the server zone.
      expect(text).toContain(`DTSTART;TZID=${DOMAIN_TIME_ZONE}:20250320T233000\r\n`);
      expect(text).toContain(`DTEND;TZID=${DOMAIN_TIME_ZONE}:20250321T010000\r\n`);
      expect(text).toContain(`DTSTART;TZID=${DOMAIN_TIME_ZONE}:20250305T083000\r\n`);
    });
  });

  it('keeps Vietnamese text intact through 75-octet folding (any text, any zone)', () => {
    const alphabet = [
      ...'aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐƯƠ —,;\\"\n€𝄞😀',
    ];
    const base = allEvents()[0];
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 400 })
          .map((a) => a.join('')),
        fc.constantFrom(...ZONES),
        (summary, zone) => {
          const text = underTz(zone, () =>
            renderCalendar(FEED, [{ ...base, summary, description: summary }]),
          );
          expect(lintIcs(text)).toEqual([]);
          const ev = new ICAL.Event(
            new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!,
          );
          expect(ev.summary).toBe(summary.replace(/\r\n|\r|\n/g, '\n'));
          expect(ev.description).toBe(summary);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('normalises to NFC, so a fold never separates a letter from its diacritic', () => {
    const decomposed = 'Kiểm tra chuyên ngành đo lường'.normalize('NFD').repeat(6);
    const text = renderCalendar(FEED, [{ ...allEvents()[0], summary: decomposed }]);
    for (const line of text.split('\r\n').filter((l) => l.startsWith(' '))) {
      expect(/^ \p{M}/u.test(line)).toBe(false);
    }
    const ev = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!);
    expect(ev.summary).toBe(decomposed.normalize('NFC'));
  });

  it('rejects what would make a broken or ambiguous feed', () => {
    const e = allEvents()[0];
    expect(() => renderCalendar(FEED, [e, { ...e }])).toThrow(/duplicate UID/);
    expect(() => renderCalendar(FEED, [{ ...e, uid: 'has space@x' }])).toThrow(/UID/);
    expect(() => renderCalendar(FEED, [{ ...e, sequence: -1 }])).toThrow(/SEQUENCE/);
    expect(() => renderCalendar(FEED, [{ ...e, dtstamp: new Date('nope') }])).toThrow(/dtstamp/);
    const t = new Date('2025-03-05T01:30:00Z');
    expect(() =>
      renderCalendar(FEED, [{ ...e, timing: { kind: 'timed', start: t, end: t } }]),
    ).toThrow(/end must follow start/);
    expect(() =>
      renderCalendar(FEED, [
        {
          ...e,
          timing: { kind: 'all-day', startDay: '2025-03-02', endDayInclusive: '2025-03-01' },
        },
      ]),
    ).toThrow(/all-day/);
    expect(() => renderCalendar({ ...FEED, refreshIntervalMinutes: 0 }, [])).toThrow(
      /refreshInterval/,
    );
  });

  it('keeps URLs valid URIs although ical-generator escapes them as text', () => {
    const text = renderCalendar(FEED, [{ ...allEvents()[0], url: 'https://x.vn/a;b,c' }]);
    expect(text).toContain('URL;VALUE=URI:https://x.vn/a%3Bb%2Cc\r\n');
  });

  it('reports a Last-Modified and a strong ETag', () => {
    const doc = renderCalendarDocument(FEED, allEvents());
    expect(doc.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(doc.lastModified?.toISOString()).toBe('2025-02-28T09:00:00.000Z');
    expect(doc.body.equals(Buffer.from(renderCalendar(FEED, allEvents())))).toBe(true);
    expect(renderCalendarDocument(FEED, []).lastModified).toBeNull();
  });
});
