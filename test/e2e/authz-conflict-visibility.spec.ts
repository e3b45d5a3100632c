// Officers and approvers see only the conflicts touching their agency: the list leaves the
// others out and reading one by id answers 404, so their existence does not leak.
import { createTestApp, SignedInAgent, TestApp } from '../support/app';
import {
  addInspection,
  AGENCIES,
  createPlan,
  makeTaxCode,
  seedAgencies,
} from '../support/factories';

describe('conflict visibility by agency', () => {
  let t: TestApp;
  let officer: SignedInAgent;
  /** Conflicts between SKHCN and SNV (A-B), and between SNV and THUE (B-C). */
  const ids = { ab: '', bc: '' };
  const taxCodes = { ab: makeTaxCode(424_242), bc: makeTaxCode(434_343) };

  /** Two kiểm tra of one enterprise in a year by two agencies: one NQ198 frequency conflict. */
  async function conflictBetween(taxCode: string, first: string, second: string) {
    await addInspection(t.http, plans[first], { taxCode });
    const b = await addInspection(t.http, plans[second], {
      taxCode,
      field: 'labour',
      content: 'Kiểm tra chấp hành pháp luật lao động',
      window: { from: '2026-06-01', to: '2026-06-30' },
    });
    expect(b.conflicts.map((c: { ruleId: string }) => c.ruleId)).toEqual([
      'nq198.frequency.kiem-tra',
    ]);
    return b.conflicts[0].id as string;
  }
  const plans: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp('authz-conflict-visibility');
    await seedAgencies(t.http, [AGENCIES.science, AGENCIES.labour, AGENCIES.tax]);
    for (const code of ['SKHCN', 'SNV', 'THUE']) {
      plans[code] = (await createPlan(t.http, { agencyCode: code, year: 2026 })).id;
    }
    ids.ab = await conflictBetween(taxCodes.ab, 'SKHCN', 'SNV');
    ids.bc = await conflictBetween(taxCodes.bc, 'SNV', 'THUE');
    officer = await t.signIn('officer', { agencyCodes: ['SKHCN'] });
  });
  afterAll(() => t.close());

  const listed = async (agent: SignedInAgent['http'], query = '') => {
    const body = (await agent.get(`/conflicts?pageSize=100${query}`).expect(200)).body;
    return [body.items.map((c: { id: string }) => c.id).sort(), body.total];
  };

  it('lists to an officer of SKHCN the SKHCN-SNV conflict, not the SNV-THUE one', async () => {
    expect(await listed(officer.http)).toEqual([[ids.ab], 1]);
    // Asking for another agency stays within its own.
    expect(await listed(officer.http, '&agencyCode=SNV')).toEqual([[ids.ab], 1]);
    expect(await listed(officer.http, '&agencyCode=THUE')).toEqual([[], 0]);
  });

  it('answers 404 for the SNV-THUE conflict by id, as for an id that does not exist', async () => {
    const own = await officer.http.get(`/conflicts/${ids.ab}`).expect(200);
    expect([own.body.id, own.body.agencyCodes]).toEqual([ids.ab, ['SKHCN', 'SNV']]);
    const other = await officer.http.get(`/conflicts/${ids.bc}`).expect(404);
    const unknown = await officer.http.get('/conflicts/no-such-conflict').expect(404);
    expect([other.body.code, unknown.body.code]).toEqual([
      'CONFLICT_NOT_FOUND',
      'CONFLICT_NOT_FOUND',
    ]);
    expect(other.body.message).toBe(unknown.body.message.replace('no-such-conflict', ids.bc));
  });

  it('shows an approver of SNV and THUE both', async () => {
    const approver = await t.signIn('approver', { agencyCodes: ['SNV', 'THUE'] });
    expect(await listed(approver.http)).toEqual([[ids.ab, ids.bc].sort(), 2]);
  });

  it.each(['viewer', 'coordinator'] as const)(
    'shows a %s of no agency every conflict',
    async (role) => {
      const reader = await t.signIn(role);
      expect(await listed(reader.http)).toEqual([[ids.ab, ids.bc].sort(), 2]);
      await reader.http.get(`/conflicts/${ids.bc}`).expect(200);
    },
  );
});
