import { lintIcs, type LintCode } from './lint';
import { renderCalendar } from './render';
import { inspectionEvents } from './inspection-events';
import { INSPECTIONS, mappingContext } from './testing/fixtures';

const CRLF = '\r\n';
const doc = (...lines: string[]) => lines.join(CRLF) + CRLF;
const VEVENT = [
  'BEGIN:VEVENT',
  'UID:a@x',
  'DTSTAMP:20250101T000000Z',
  'DTSTART;VALUE=DATE:20250310',
  'DTEND;VALUE=DATE:20250311',
  'END:VEVENT',
];
const good = (...body: string[]) => doc('BEGIN:VCALENDAR', 'VERSION:2.0', ...body, 'END:VCALENDAR');
const codes = (input: string | Uint8Array): LintCode[] => lintIcs(input).map((p) => p.code);

describe('lintIcs', () => {
  it('accepts a minimal correct document and a rendered feed', () => {
    expect(lintIcs(good(...VEVENT))).toEqual([]);
    const feed = renderCalendar(
      { name: 'x', description: 'y', refreshIntervalMinutes: 60 },
      inspectionEvents(INSPECTIONS, mappingContext()),
    );
    expect(lintIcs(Buffer.from(feed))).toEqual([]);
  });

  it('flags a BOM, bare LF/CR and a missing final CRLF', () => {
    expect(
      codes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(good(...VEVENT))])),
    ).toContain('bom');
    expect(codes(good(...VEVENT).replace('VERSION:2.0\r\n', 'VERSION:2.0\n'))).toContain('bare-lf');
    expect(codes(good(...VEVENT).replace('VERSION:2.0\r\n', 'VERSION:2.0\r'))).toContain('bare-cr');
    expect(codes(good(...VEVENT).slice(0, -2))).toEqual(['no-final-crlf']);
    expect(codes('')).toEqual(['empty']);
  });

  it('counts octets, not characters, and catches folds that split a UTF-8 character', () => {
    const longAscii = `SUMMARY:${'a'.repeat(68)}`; // 76 octets
    expect(codes(good(...VEVENT.slice(0, 5), longAscii, 'END:VEVENT'))).toEqual(['line-too-long']);
    const viet = `SUMMARY:${'ệ'.repeat(22)}`; // 8 + 66 = 74 octets, 30 characters: fine
    expect(codes(good(...VEVENT.slice(0, 5), viet, 'END:VEVENT'))).toEqual([]);
    const vietLong = `SUMMARY:${'ệ'.repeat(23)}`; // 77 octets
    expect(codes(good(...VEVENT.slice(0, 5), vietLong, 'END:VEVENT'))).toEqual(['line-too-long']);
    // "ệ" is E1 BB 87: fold after its first byte.
    const bytes = Buffer.from(good(...VEVENT.slice(0, 5), 'SUMMARY:aệb', 'END:VEVENT'));
    const at = bytes.indexOf(Buffer.from('ệ')) + 1;
    const split = Buffer.concat([bytes.subarray(0, at), Buffer.from('\r\n '), bytes.subarray(at)]);
    // The raw stream is then invalid UTF-8 too; the fold is reported at both of its lines.
    expect(codes(split)).toEqual(['invalid-utf8', 'split-utf8', 'split-utf8']);
    // The same fold between characters is fine.
    const ok = Buffer.concat([
      bytes.subarray(0, at - 1),
      Buffer.from('\r\n '),
      bytes.subarray(at - 1),
    ]);
    expect(codes(ok)).toEqual([]);
  });

  it('flags invalid UTF-8', () => {
    const bytes = Buffer.from(good(...VEVENT.slice(0, 5), 'SUMMARY:ab', 'END:VEVENT'));
    bytes[bytes.indexOf('ab')] = 0xff;
    expect(codes(bytes)).toContain('invalid-utf8');
  });

  it('requires UTC DTSTAMP/LAST-MODIFIED and never floating times', () => {
    expect(
      codes(good(...VEVENT.map((l) => (l.startsWith('DTSTAMP') ? 'DTSTAMP:20250101T000000' : l)))),
    ).toEqual(['dtstamp-not-utc']);
    expect(
      codes(good(...VEVENT.slice(0, 5), 'LAST-MODIFIED:20250101T070000', 'END:VEVENT')),
    ).toEqual(['not-utc']);
    const floating = [
      'BEGIN:VEVENT',
      'UID:f@x',
      'DTSTAMP:20250101T000000Z',
      'DTSTART:20250310T090000',
      'END:VEVENT',
    ];
    expect(codes(good(...floating))).toEqual(['floating-time']);
    const utc = floating.map((l) => (l.startsWith('DTSTART') ? 'DTSTART:20250310T020000Z' : l));
    expect(codes(good(...utc))).toEqual([]);
  });

  it('requires a VTIMEZONE for every TZID (a quoted TZID included)', () => {
    const timed = [
      'BEGIN:VEVENT',
      'UID:t@x',
      'DTSTAMP:20250101T000000Z',
      'DTSTART;TZID="Asia/Ho_Chi_Minh":20250310T090000',
      'END:VEVENT',
    ];
    expect(codes(good(...timed))).toEqual(['missing-vtimezone']);
    const vtz = [
      'BEGIN:VTIMEZONE',
      'TZID:Asia/Ho_Chi_Minh',
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0700',
      'TZOFFSETTO:+0700',
      'END:STANDARD',
      'END:VTIMEZONE',
    ];
    expect(codes(good(...vtz, ...timed))).toEqual([]);
  });

  it('requires unique UIDs, a UID and a DTSTAMP per event, and DTEND after DTSTART', () => {
    expect(codes(good(...VEVENT, ...VEVENT))).toEqual(['duplicate-uid']);
    expect(codes(good(...VEVENT.filter((l) => !l.startsWith('UID'))))).toEqual(['missing-uid']);
    expect(codes(good(...VEVENT.filter((l) => !l.startsWith('DTSTAMP'))))).toEqual([
      'missing-dtstamp',
    ]);
    const inverted = VEVENT.map((l) => (l.startsWith('DTEND') ? 'DTEND;VALUE=DATE:20250310' : l));
    expect(codes(good(...inverted))).toEqual(['bad-date-range']);
  });

  it('checks the envelope and component nesting', () => {
    expect(codes(doc('BEGIN:VEVENT', 'END:VEVENT'))).toEqual([
      'not-vcalendar',
      'not-vcalendar',
      'missing-uid',
      'missing-dtstamp',
    ]);
    expect(codes(good('BEGIN:VEVENT', 'UID:a@x', 'DTSTAMP:20250101T000000Z', 'END:VTODO'))).toEqual(
      expect.arrayContaining(['component-mismatch']),
    );
  });

  it('gives 1-based physical line numbers', () => {
    const problems = lintIcs(
      good(...VEVENT.map((l) => (l.startsWith('DTSTAMP') ? 'DTSTAMP:20250101T000000' : l))),
    );
    expect(problems[0].line).toBe(5);
  });
});
