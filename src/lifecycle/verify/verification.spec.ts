import type { Inspection } from '../../registry/inspections/inspection';
import { emptyLifecycle } from '../testing/fixtures';
import { publiclyVisible } from '../public-visibility';
import {
  newRegistrationCode,
  normalizeRegistrationCode,
  CODE_ALPHABET,
} from '../registration-code';
import { toPublicVerification } from './verification';
import { escapeHtml, renderVerificationPage } from './verification-page';

const inspection = (o: Partial<Inspection> = {}) =>
  ({
    id: 'i1',
    type: 'kiem-tra',
    planStatus: 'approved',
    state: 'planned',
    year: 2026,
    taxCode: '0100109106',
    enterpriseName: 'Công ty <Ánh Dương>',
    field: 'measurement',
    window: { from: '2026-05-01', to: '2026-05-31' },
    notes: 'ghi chú nội bộ',
    content: 'Nội dung chi tiết',
    createdBy: 'can.bo',
    ...o,
  }) as Inspection;

// 2026-05-11 09:00 in Hà Nội is 02:00 UTC; 2026-05-10 23:30 UTC is already 11/5 there.
const MAY_11 = new Date('2026-05-11T02:00:00Z');

describe('public visibility', () => {
  it('hides an unannounced kiểm tra until the day it starts, in Vietnam’s time zone', () => {
    const lc = emptyLifecycle();
    expect(publiclyVisible(inspection(), lc, MAY_11)).toBe(false);
    lc.onSite.start = '2026-05-11';
    lc.announced = { date: '2026-05-11' };
    expect(publiclyVisible(inspection(), lc, new Date('2026-05-10T16:59:00Z'))).toBe(false);
    expect(publiclyVisible(inspection(), lc, new Date('2026-05-10T17:00:00Z'))).toBe(true);
    expect(publiclyVisible(inspection(), null, MAY_11)).toBe(false);
  });

  it('shows an approved thanh tra, never an unapproved, cancelled or merged one', () => {
    expect(publiclyVisible(inspection({ type: 'thanh-tra' }), null, MAY_11)).toBe(true);
    expect(
      publiclyVisible(inspection({ type: 'thanh-tra', planStatus: 'submitted' }), null, MAY_11),
    ).toBe(false);
    expect(
      publiclyVisible(inspection({ type: 'thanh-tra', state: 'cancelled' }), null, MAY_11),
    ).toBe(false);
    expect(publiclyVisible(inspection({ type: 'thanh-tra', state: 'merged' }), null, MAY_11)).toBe(
      false,
    );
  });
});

describe('registration codes', () => {
  it('draws 8 characters from an alphabet without 0, O, 1, I, L or U', () => {
    for (const c of '01ILOU') expect(CODE_ALPHABET).not.toContain(c);
    const code = newRegistrationCode();
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(newRegistrationCode(() => 0)).toBe('2222-2222');
  });

  it('reads what people type', () => {
    expect(normalizeRegistrationCode('abcd efgh')).toBe('ABCD-EFGH');
    expect(normalizeRegistrationCode('ABCDEFGH')).toBe('ABCD-EFGH');
    expect(normalizeRegistrationCode('ABCD-EFG0')).toBeUndefined();
    expect(normalizeRegistrationCode('ABCD-EFG')).toBeUndefined();
  });
});

describe('public verification', () => {
  const agency = { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ' };

  it('says only that a hidden kiểm tra is registered and approved', () => {
    const v = toPublicVerification(inspection(), emptyLifecycle(), agency, MAY_11);
    expect(v).toEqual({
      code: 'ABCD-EFGH',
      registered: true,
      approved: true,
      status: 'current',
      visible: false,
      agency,
    });
  });

  it('never carries officials, team, notes or an unpublished conclusion', () => {
    const lc = emptyLifecycle();
    lc.decision = {
      number: '1/QĐ',
      date: '2026-05-04',
      signer: 'Giám đốc Nguyễn Văn A',
      team: ['Trần Thị B'],
    };
    lc.announced = { date: '2026-05-11' };
    lc.onSite = { start: '2026-05-11', end: '2026-05-11' };
    lc.conclusion = {
      number: '2/KL',
      date: '2026-05-11',
      findings: { violations: ['Vi phạm X'], sanctions: [], recommendations: [] },
    };
    lc.followUps = [{ date: '2026-05-11', note: 'nội bộ', done: false }];
    const v = toPublicVerification(inspection(), lc, agency, MAY_11);
    expect(v.status).toBe('completed');
    expect(v.conclusion).toBeUndefined();
    const text = JSON.stringify(v);
    for (const secret of [
      'Nguyễn Văn A',
      'Trần Thị B',
      'ghi chú nội bộ',
      'Nội dung chi tiết',
      'can.bo',
      'nội bộ',
      'Vi phạm X',
    ])
      expect(text).not.toContain(secret);
    lc.published = { date: '2026-05-11', link: 'https://x.example.gov.vn/kl"2' };
    const published = toPublicVerification(inspection(), lc, agency, MAY_11);
    expect(published.conclusion?.findings.violations).toEqual(['Vi phạm X']);
    const page = renderVerificationPage(published, 'ABCD-EFGH');
    expect(page).toContain('Công ty &lt;Ánh Dương&gt;');
    expect(page).toContain('href="https://x.example.gov.vn/kl&quot;2"');
    expect(page).not.toContain('<Ánh');
  });

  it('tells why an inspection is not current', () => {
    const lc = emptyLifecycle();
    lc.notCarriedOut = { date: '2026-05-02', reason: 'lý do nội bộ' };
    const v = toPublicVerification(inspection({ type: 'thanh-tra' }), lc, agency, MAY_11);
    expect([v.status, v.reason]).toEqual(['not-current', 'not-carried-out']);
    expect(JSON.stringify(v)).not.toContain('lý do nội bộ');
    expect(renderVerificationPage(v, v.code)).toContain('Không tiến hành');
    expect(
      toPublicVerification(inspection({ state: 'cancelled' }), emptyLifecycle(), agency, MAY_11)
        .reason,
    ).toBe('inspection-cancelled');
  });

  it('escapes everything it writes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(renderVerificationPage(null, '<script>')).toContain('&lt;script&gt;');
  });
});
