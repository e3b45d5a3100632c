import ICAL from 'ical.js';
import { escapeText, MeetingInvitation, renderInvitation } from './itip';

const base: MeetingInvitation = {
  method: 'REQUEST',
  uid: 'meeting-abc.meetings@lich.example.gov.vn',
  sequence: 3,
  dtstamp: new Date('2026-03-02T03:04:05Z'),
  start: new Date('2026-03-10T01:00:00Z'),
  end: new Date('2026-03-10T04:30:00Z'),
  summary: 'Họp phối hợp; kế hoạch, năm 2026',
  description: 'Dòng 1\nDòng 2',
  location: 'Phòng họp số 2, Thanh tra tỉnh',
  url: 'https://lich.example.gov.vn/web/meetings/abc',
  organizer: { name: 'Thanh tra tỉnh', email: 'lich@ttt.example.gov.vn' },
  attendees: [
    { name: 'Sở Khoa học và Công nghệ', email: 'vanthu@skhcn.example.gov.vn' },
    { name: 'Trần "Bình"', email: 'binh@skhcn.example.gov.vn' },
  ],
};

describe('renderInvitation (iTIP)', () => {
  it('is a REQUEST clients parse: method, UID, SEQUENCE, zoned times, organizer and attendees', () => {
    const text = renderInvitation(base);
    const cal = new ICAL.Component(ICAL.parse(text));
    const ev = cal.getFirstSubcomponent('vevent')!;
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(ev.getFirstPropertyValue('uid')).toBe(base.uid);
    expect(ev.getFirstPropertyValue('sequence')).toBe(3);
    expect(ev.getFirstPropertyValue('summary')).toBe(base.summary);
    expect(ev.getFirstPropertyValue('description')).toBe(base.description);
    expect(text).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20260310T080000\r\n');
    expect(text).toContain('DTEND;TZID=Asia/Ho_Chi_Minh:20260310T113000\r\n');
    expect(text).toContain('DTSTAMP:20260302T030405Z\r\n');
    expect(text).toContain('BEGIN:VTIMEZONE');
    expect(ev.getFirstProperty('organizer')!.getParameter('cn')).toBe('Thanh tra tỉnh');
    const attendees = ev.getAllProperties('attendee');
    expect(attendees.map((a) => a.getFirstValue())).toEqual([
      'mailto:vanthu@skhcn.example.gov.vn',
      'mailto:binh@skhcn.example.gov.vn',
    ]);
    expect(attendees[1].getParameter('cn')).toBe('Trần Bình'); // quotes cannot be in a quoted value
    expect(attendees[0].getParameter('rsvp')).toBe('TRUE');
    expect(ev.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('a CANCEL says so, asks no answer, and keeps the UID', () => {
    const text = renderInvitation({ ...base, method: 'CANCEL', sequence: 4 });
    const cal = new ICAL.Component(ICAL.parse(text));
    const ev = cal.getFirstSubcomponent('vevent')!;
    expect(cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(ev.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(ev.getFirstPropertyValue('sequence')).toBe(4);
    expect(ev.getFirstProperty('attendee')!.getParameter('rsvp')).toBe('FALSE');
  });

  it('uses CRLF everywhere, folds at 75 octets without splitting a letter, and is deterministic under any TZ', () => {
    const long = {
      ...base,
      description: 'Cuộc họp phối hợp xử lý chồng chéo thanh tra, kiểm tra doanh nghiệp '.repeat(5),
    };
    const text = renderInvitation(long);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text).not.toContain('\uFFFD');
    expect(renderInvitation(long)).toBe(text);
  });

  it('refuses what a client would misread', () => {
    expect(() => renderInvitation({ ...base, end: base.start })).toThrow(RangeError);
    expect(() =>
      renderInvitation({
        ...base,
        attendees: [{ name: 'x', email: 'a@b.c\r\nATTENDEE:mailto:evil@x' }],
      }),
    ).toThrow(RangeError);
  });

  it('escapes TEXT per RFC 5545 and composes Vietnamese to NFC', () => {
    expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    expect(escapeText('Ho\u0302\u0323i')).toBe('Hội');
  });
});
