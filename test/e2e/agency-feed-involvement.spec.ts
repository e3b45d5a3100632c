// An agency's calendar holds every inspection it takes part in: those it registers, those it
// leads for another agency's plan, those it joins; each once, however many ways it is involved.
import { createTestApp, TestApp } from '../support/app';
import { addInspection, createPlan, makeTaxCode, seedAgencies } from '../support/factories';

describe('agency feed: every way of being involved (e2e)', () => {
  let t: TestApp;
  let ledByOther: { id: string };
  let ownLed: { id: string };
  let joined: { id: string };

  beforeAll(async () => {
    t = await createTestApp('agency_feed_involvement');
    await seedAgencies(t.http);
    const plan = (await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 })).id;
    // Registered by SKHCN, led by the tax office: in both agencies' calendars.
    ledByOther = await addInspection(t.http, plan, {
      taxCode: makeTaxCode(313_131),
      leadAgencyCode: 'THUE',
      window: { from: '2026-10-05', to: '2026-10-09' },
    });
    // Registered and led by SKHCN: in its calendar once, though it matches two ways.
    ownLed = await addInspection(t.http, plan, {
      taxCode: makeTaxCode(323_232),
      window: { from: '2026-05-04', to: '2026-05-08' },
    });
    // SNV takes part only.
    joined = await addInspection(t.http, plan, {
      taxCode: makeTaxCode(333_333),
      participantAgencyCodes: ['SNV'],
      window: { from: '2026-07-06', to: '2026-07-10' },
    });
  });
  afterAll(() => t.close());

  async function calendarOf(agencyCode: string): Promise<string[]> {
    const feed = await t.http.post('/feeds').send({ scope: 'agency', ref: agencyCode }).expect(201);
    const res = await t.http.get(new URL(feed.body.url as string).pathname).expect(200);
    return [...(res.text as string).matchAll(/^UID:inspection-([^.\r\n]+)\./gm)].map((m) => m[1]);
  }

  it('registering agency: all it registered, each once, in window order', async () => {
    expect(await calendarOf('SKHCN')).toEqual([ownLed.id, joined.id, ledByOther.id]);
  });

  it('lead agency of another agency’s plan: what it leads', async () => {
    expect(await calendarOf('THUE')).toEqual([ledByOther.id]);
  });

  it('participant: what it joins', async () => {
    expect(await calendarOf('SNV')).toEqual([joined.id]);
  });
});
