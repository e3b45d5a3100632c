// Which cached feeds each kind of write renders again. A feed's rendering is kept while the
// data versions of its scope stand (src/feeds/README.md): every write path must move the
// versions of the feeds whose content it changes, and leave the others' (here THUE's) alone.
import { exportPlanXlsx } from '../../src/registry/plan-files/export';
import { FeedEventsService } from '../../src/feeds/feed-events.service';
import { createTestApp, TestApp } from '../support/app';
import { addInspection, createPlan, makeTaxCode, seedAgencies } from '../support/factories';

/** 200, or the refusal itself in the failure. */
const ok = (r: { status: number; body: unknown }) => {
  if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
};

describe('feeds rendered again after each write, and only those', () => {
  let t: TestApp;
  let renders: jest.SpyInstance;
  const tax = makeTaxCode(616161);
  const taxOfThue = makeTaxCode(626262);
  const feeds: Record<string, string> = {};
  let science: { id: string };
  let inspectorate: { id: string };
  let main: { id: string; revision: number };
  let conflictId: string;

  beforeAll(async () => {
    t = await createTestApp('feeds-invalidation');
    await seedAgencies(t.http);
    science = await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 });
    inspectorate = await createPlan(t.http, { agencyCode: 'TTT', year: 2026 });
    const thue = await createPlan(t.http, { agencyCode: 'THUE', year: 2026 });
    // THUE's feed has an event of its own, and nothing below touches it.
    await addInspection(t.http, thue.id, {
      taxCode: taxOfThue,
      enterpriseName: 'Công ty TNHH Dệt may Phú Hòa',
      window: { from: '2026-06-01', to: '2026-06-05' },
    });
    // The enterprise is registered with its first inspection (SKHCN's, in the autumn).
    await addInspection(t.http, science.id, {
      taxCode: tax,
      enterpriseName: 'Công ty TNHH Nước sạch Hương Trà',
      window: { from: '2026-10-05', to: '2026-10-09' },
    });
    for (const [label, body] of Object.entries({
      'agency:SKHCN': { scope: 'agency', ref: 'SKHCN' },
      'agency:SNV': { scope: 'agency', ref: 'SNV' },
      'agency:TTT': { scope: 'agency', ref: 'TTT' },
      'agency:THUE': { scope: 'agency', ref: 'THUE' },
      'enterprise:': { scope: 'enterprise', ref: tax },
      'province:': { scope: 'province' },
      'conflicts:TTT': { scope: 'conflicts', ref: 'TTT' },
      'meetings:': { scope: 'meetings', year: 2026 },
    })) {
      const created = (await t.http.post('/feeds').send(body).expect(201)).body;
      feeds[label] = new URL(created.url).pathname;
    }
    renders = jest.spyOn(t.app.get(FeedEventsService), 'events');
  });
  afterAll(() => t.close());

  /** The inspection as stored now (a plan's transitions raise its revision). */
  const current = async () => (await t.http.get(`/inspections/${main.id}`).expect(200)).body;

  /** The feeds (scope:ref, the enterprise's without its ref) rendered to answer polls after `write`. */
  async function renderedAfter(write: () => Promise<unknown>): Promise<string[]> {
    await pollAll(); // whatever earlier steps left to render
    renders.mockClear();
    await write();
    await pollAll();
    const labels = renders.mock.calls.map(([feed]: [{ scope: string; ref?: string }]) =>
      feed.scope === 'enterprise' ? 'enterprise:' : `${feed.scope}:${feed.ref ?? ''}`,
    );
    return [...new Set(labels)].sort();
  }

  async function pollAll() {
    for (const path of Object.values(feeds)) await t.anonymous.get(path).expect(200);
  }

  it('a new inspection: its agencies, its enterprise and the province', async () => {
    expect(
      await renderedAfter(async () => {
        main = await addInspection(t.http, science.id, {
          taxCode: tax,
          enterpriseName: 'Công ty TNHH Nước sạch Hương Trà',
          participantAgencyCodes: ['SNV'],
          window: { from: '2026-04-06', to: '2026-04-17' },
        });
      }),
    ).toEqual(['agency:SKHCN', 'agency:SNV', 'enterprise:', 'province:']);
  });

  it('an edit that drops a participant: the agency it leaves too', async () => {
    expect(
      await renderedAfter(async () => {
        main = (
          await t.http
            .patch(`/inspections/${main.id}`)
            .send({ revision: main.revision, participantAgencyCodes: [] })
            .expect(200)
        ).body;
      }),
    ).toEqual(['agency:SKHCN', 'agency:SNV', 'enterprise:', 'province:']);
  });

  it('an edit of the visit window', async () => {
    expect(
      await renderedAfter(async () => {
        main = (
          await t.http
            .patch(`/inspections/${main.id}`)
            .send({ revision: main.revision, window: { from: '2026-04-13', to: '2026-04-24' } })
            .expect(200)
        ).body;
      }),
    ).toEqual(['agency:SKHCN', 'enterprise:', 'province:']);
  });

  it('a plan sent for approval, then approved', async () => {
    expect(
      await renderedAfter(() => t.http.post(`/plans/${science.id}/submit`).expect(200)),
    ).toEqual(['agency:SKHCN', 'enterprise:', 'province:']);
    expect(
      await renderedAfter(() =>
        t.http
          .post(`/plans/${science.id}/approve`)
          .send({ decision: { number: '15/QĐ-SKHCN', date: '2026-01-10' } })
          .expect(200),
      ),
    ).toEqual(['agency:SKHCN', 'enterprise:', 'province:']);
  });

  it('lifecycle steps (the inspection decision, its announcement)', async () => {
    expect(
      await renderedAfter(() =>
        t.http
          .post(`/inspections/${main.id}/lifecycle/decision`)
          .send({
            number: '20/QĐ-SKHCN',
            date: '2026-02-20',
            signer: 'Giám đốc Sở',
            team: ['Cán bộ A'],
          })
          .expect(ok),
      ),
    ).toEqual(['agency:SKHCN', 'enterprise:', 'province:']);
    // A later step rewrites the record the first one created.
    expect(
      await renderedAfter(() =>
        t.http
          .post(`/inspections/${main.id}/lifecycle/announcement`)
          .send({ date: '2026-02-25' })
          .expect(ok),
      ),
    ).toEqual(['agency:SKHCN', 'enterprise:', 'province:']);
  });

  it('an import: the agencies of its rows and the province', async () => {
    const file = await exportPlanXlsx(
      [
        {
          enterpriseName: 'Công ty Cổ phần Gạch men Phong Điền',
          taxCode: makeTaxCode(636363),
          content: 'Thanh tra việc chấp hành pháp luật về thuế',
          field: 'tax',
          type: 'thanh-tra',
          form: 'on-site',
          window: { from: '2026-09-07', to: '2026-09-18' },
        },
      ],
      { year: 2026 },
    );
    expect(
      await renderedAfter(() =>
        t.http
          .post('/plans/import')
          .field('agencyCode', 'TTT')
          .field('year', '2026')
          .attach('file', file, 'ke-hoach.xlsx')
          .expect(201),
      ),
    ).toEqual(['agency:TTT', 'province:']);
  });

  it('a conflict detected, then resolved by moving a window', async () => {
    let other: { id: string; conflicts: Array<{ id: string }> } = { id: '', conflicts: [] };
    // Overlapping SKHCN's: a new conflict in TTT's conflicts feed.
    expect(
      await renderedAfter(async () => {
        other = await addInspection(t.http, inspectorate.id, {
          taxCode: tax,
          type: 'thanh-tra',
          field: 'tax',
          window: { from: '2026-04-20', to: '2026-05-08' },
        });
      }),
    ).toEqual(['agency:TTT', 'conflicts:TTT', 'enterprise:', 'province:']);
    conflictId = other.conflicts[0].id;
    expect(
      await renderedAfter(() =>
        t.http
          .post(`/conflicts/${encodeURIComponent(conflictId)}/resolve`)
          .send({
            resolution: 'reschedule',
            inspectionId: other.id,
            window: { from: '2026-06-01', to: '2026-06-12' },
          })
          .expect(200),
      ),
    ).toEqual(['agency:TTT', 'conflicts:TTT', 'enterprise:', 'province:']);
  });

  it('a meeting scheduled, then a decision taken in it', async () => {
    // A second overlap, for the meeting's agenda.
    const late = await addInspection(t.http, inspectorate.id, {
      taxCode: tax,
      type: 'thanh-tra',
      field: 'tax',
      window: { from: '2026-04-15', to: '2026-04-30' },
    });
    let meeting: { id: string } = { id: '' };
    expect(
      await renderedAfter(async () => {
        meeting = (
          await t.http
            .post('/meetings')
            .send({
              title: 'Họp phối hợp kế hoạch thanh tra, kiểm tra năm 2026',
              start: '2026-03-16T08:00:00+07:00',
              end: '2026-03-16T11:00:00+07:00',
              place: 'Phòng họp số 2, Thanh tra tỉnh',
              chair: 'Phó Chánh Thanh tra tỉnh',
              agencyCodes: ['TTT', 'SKHCN'],
              scope: { year: 2026, taxCodes: [tax] },
            })
            .expect(201)
        ).body;
      }),
    ).toEqual(['meetings:']);
    expect(
      await renderedAfter(() =>
        t.http
          .post(`/meetings/${meeting.id}/decisions`)
          .send({
            conflictId: late.conflicts[0].id,
            resolution: 'exempt',
            legalBasis: 'Điều 4 Nghị quyết 198/2025/QH15',
            evidence: 'Biên bản họp phối hợp',
          })
          .expect(ok),
      ),
    ).toEqual(['conflicts:TTT', 'meetings:']);
  });

  it('an agency renamed: the feeds that name it', async () => {
    // SNV takes part in one of TTT's inspections: TTT's feed names it, SKHCN's does not.
    await addInspection(t.http, inspectorate.id, {
      taxCode: makeTaxCode(646464),
      enterpriseName: 'Công ty TNHH Cơ khí Hương Thủy',
      participantAgencyCodes: ['SNV'],
      window: { from: '2026-08-03', to: '2026-08-07' },
    });
    expect(
      await renderedAfter(() =>
        t.http.patch('/agencies/SNV').send({ name: 'Sở Nội vụ tỉnh' }).expect(200),
      ),
    ).toEqual(['agency:SNV', 'agency:TTT', 'meetings:', 'province:']);
  });

  it('an enterprise renamed: its feed and those of the agencies inspecting it', async () => {
    expect(
      await renderedAfter(() =>
        t.http
          .patch(`/enterprises/${tax}`)
          .send({ name: 'Công ty Cổ phần Nước sạch Hương Trà' })
          .expect(200),
      ),
    ).toEqual(['agency:SKHCN', 'agency:TTT', 'conflicts:TTT', 'enterprise:', 'province:']);
  });

  it('a cancelled inspection', async () => {
    const { revision } = await current();
    expect(
      await renderedAfter(() =>
        t.http
          .patch(`/inspections/${main.id}`)
          .send({
            revision,
            state: 'cancelled',
            stateReason: 'Doanh nghiệp giải thể',
          })
          .expect(200),
      ),
    ).toEqual(['agency:SKHCN', 'conflicts:TTT', 'enterprise:', 'province:']);
  });
});
