import { periodEnd } from './digest.service';
import { agencyDigest, coordinatorDigest } from './digest-content';
import type { ConflictChange } from './conflict-changes';
import { unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token';

const KEY = 'k'.repeat(40);
const links = {
  conflict: (id: string) => `https://x.vn/web/conflicts/${id}`,
  meeting: (id: string) => `https://x.vn/web/meetings/${id}`,
  unsubscribe: 'https://x.vn/notifications/unsubscribe/t',
};
const change = (
  kind: ConflictChange['kind'],
  id: string,
  extra: Partial<ConflictChange> = {},
): ConflictChange => ({
  kind,
  at: new Date('2026-03-01T03:10:00Z'),
  conflictId: id,
  ruleId: 'nq198.frequency.kiem-tra',
  family: 'frequency',
  taxCode: '0100109106',
  enterpriseName: 'Tập đoàn VNPT',
  year: 2026,
  agencyCodes: ['SKHCN'],
  explanation: { vi: 'Hai cuộc kiểm tra trong năm 2026', en: 'Two checks in 2026' },
  ...extra,
});
const window = { from: new Date('2026-03-01T03:00:00Z'), to: new Date('2026-03-01T04:00:00Z') };

describe('periodEnd', () => {
  it('counts periods from midnight in Vietnam', () => {
    expect(periodEnd(new Date('2026-03-01T16:59:59Z'), 1440).toISOString()).toBe(
      '2026-02-28T17:00:00.000Z',
    );
    expect(periodEnd(new Date('2026-03-01T17:00:00Z'), 1440).toISOString()).toBe(
      '2026-03-01T17:00:00.000Z',
    );
    expect(periodEnd(new Date('2026-03-01T04:00:30Z'), 60).toISOString()).toBe(
      '2026-03-01T04:00:00.000Z',
    );
  });
});

describe('digest content', () => {
  it('an agency digest lists what opened and what closed, each with its page', () => {
    const d = agencyDigest(
      { code: 'SKHCN', name: 'Sở KH&CN' },
      window,
      [
        change('opened', 'c1'),
        change('decided', 'c2', {
          decision: { status: 'exempted', kind: 'exempt', meetingId: 'm1' },
        }),
      ],
      links,
    )!;
    expect(d.subject).toBe('[SKHCN] Chồng chéo thanh tra, kiểm tra: 1 mới, 1 đã đóng');
    expect(d.text).toContain('từ 10:00 01/03/2026 đến 11:00 01/03/2026');
    expect(d.text).toContain('https://x.vn/web/conflicts/c1');
    expect(d.text).toContain('tại cuộc họp https://x.vn/web/meetings/m1');
    expect(d.text).toContain(
      'Ngừng nhận thư tổng hợp này: https://x.vn/notifications/unsubscribe/t',
    );
  });
  it('nothing changed, nothing sent; a coordinator does not hear of mere closings', () => {
    expect(agencyDigest({ code: 'A', name: 'A' }, window, [], links)).toBeNull();
    expect(coordinatorDigest(window, [change('closed', 'c3')], links)).toBeNull();
    expect(coordinatorDigest(window, [change('opened', 'c1')], links)!.subject).toBe(
      'Tổng hợp toàn tỉnh: 1 chồng chéo mới, 0 quyết định',
    );
  });
});

describe('unsubscribe tokens', () => {
  it('round-trip, and refuse any change or another key', () => {
    const token = unsubscribeToken({ accountId: 'acc-1', digest: 'agency' }, KEY);
    expect(verifyUnsubscribeToken(token, KEY)).toEqual({ accountId: 'acc-1', digest: 'agency' });
    expect(verifyUnsubscribeToken(token, 'x'.repeat(40))).toBeNull();
    const [payload, sig] = token.split('.');
    const other = Buffer.from(JSON.stringify({ a: 'acc-2', d: 'agency' })).toString('base64url');
    expect(verifyUnsubscribeToken(`${other}.${sig}`, KEY)).toBeNull();
    expect(verifyUnsubscribeToken(`${payload}.${sig}x`, KEY)).toBeNull();
    expect(verifyUnsubscribeToken(payload, KEY)).toBeNull();
    expect(verifyUnsubscribeToken(`${token}.x`, KEY)).toBeNull();
  });
});
