// An import cut by a crash leaves no half plan: the service (its own process) is killed with
// SIGKILL while a plan file's inspections are being written, after another agency's write has
// opened a conflict with one of them; started again on the same database, the import is
// undone (the outbox entry it made before its first write names what to remove), the plan it
// made is gone, the undo is audited, and the stored conflicts are exactly what a re-scan finds.
import type { Db } from 'mongodb';
import { exportPlanCsv, type PlanExportRow } from '../../src/registry/plan-files/export';
import { makeTaxCode } from '../support/factories';
import {
  callService,
  serviceProcessesOn,
  sessionHeaders,
  waitFor,
} from '../support/service-process';

const ADMIN = { username: 'operator', password: 'a long crash test password 2026' };
const ROWS = 8_000;

function planFile(): Buffer {
  const codes = new Set<string>();
  for (let n = 0; codes.size < ROWS; n++) codes.add(makeTaxCode(910_000 + n * 13));
  const rows: PlanExportRow[] = [...codes].map((taxCode, i) => ({
    enterpriseName: `Công ty thử nghiệm số ${i + 1}`,
    taxCode,
    content: 'Kiểm tra việc chấp hành pháp luật về đo lường',
    field: 'measurement',
    type: 'kiem-tra',
    form: 'on-site',
    window: { from: '2026-03-02', to: '2026-03-31' },
  }));
  return exportPlanCsv(rows);
}

describe('an import across a crash (fault test)', () => {
  const processes = serviceProcessesOn('plan_import_crash', ADMIN);
  const start = () => processes.start();
  let db: Db;
  beforeAll(() => {
    db = processes.db();
  });

  it('killed mid-import and restarted: the plan has none of the file, conflicts exactly a re-scan’s', async () => {
    const first = await start();
    const headers = await sessionHeaders(first.base, ADMIN);
    for (const code of ['SKHCN', 'SCT']) {
      const made = await callService(first.base, headers, 'POST', '/agencies', {
        code,
        name: `Sở ${code}`,
        kind: 'specialised',
      });
      expect(made.status).toBe(201);
    }
    const other = await callService(first.base, headers, 'POST', '/plans', {
      agencyCode: 'SCT',
      year: 2026,
      kind: 'annual',
    });
    expect(other.status).toBe(201);

    const form = new FormData();
    form.append('agencyCode', 'SKHCN');
    form.append('year', '2026');
    form.append('file', new Blob([planFile()], { type: 'text/csv' }), 'ke-hoach-2026.csv');
    // The session's headers but its JSON content type: fetch writes the multipart one.
    const multipart = Object.fromEntries(
      Object.entries(headers).filter(([name]) => name !== 'content-type'),
    );
    const importing = fetch(`${first.base}/plans/import`, {
      method: 'POST',
      headers: multipart,
      body: form,
    }).catch(() => undefined);

    // The first inspections are in: another agency's write meets one of them (its check
    // opens a conflict with an inspection of the import), then the process dies.
    const written = await waitFor('the first inspections of the import', first, async () => {
      const one = await db.collection('inspections').findOne({ agencyCode: 'SKHCN' });
      return one ?? undefined;
    });
    const meeting = await callService(
      first.base,
      headers,
      'POST',
      `/plans/${other.body.id}/inspections`,
      {
        taxCode: written.taxCode,
        type: 'kiem-tra',
        form: 'on-site',
        field: 'measurement',
        content: 'Kiểm tra chất lượng sản phẩm',
        window: { from: '2026-03-16', to: '2026-04-10' },
      },
    );
    expect(meeting.status).toBe(201);
    first.child.kill('SIGKILL');
    await first.exited;
    await importing;

    const plan = await db.collection('plans').findOne({ agencyCode: 'SKHCN', year: 2026 });
    const left = await db.collection('inspections').countDocuments({ planId: plan!._id });
    const entry = await db
      .collection('touched_parents')
      .findOne({ 'unfinished.kind': 'plan-import' });
    console.log(`killed with ${left} of ${ROWS} rows written`);
    // Cut in the middle: some rows written, not all, the undo noted before the first.
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(ROWS);
    expect(entry?.unfinished.data).toMatchObject({ planId: plan!._id, planCreated: true });
    expect(entry!.unfinished.data.inspectionIds).toHaveLength(ROWS);
    const met = await db
      .collection('conflicts')
      .findOne({ status: 'open', inspectionIds: written._id });
    expect(met).not.toBeNull();

    const second = await start();
    const h2 = await sessionHeaders(second.base, ADMIN);
    // The entry of a writer that went quiet is undone once it has been quiet long enough (30 s),
    // and again once the undo has been quiet as long (a batch it had sent may land late).
    await waitFor(
      'the import undone',
      second,
      async () =>
        (await db.collection('touched_parents').countDocuments()) === 0 ? true : undefined,
      150_000,
    );
    expect(await db.collection('inspections').countDocuments({ agencyCode: 'SKHCN' })).toBe(0);
    expect(await db.collection('plans').findOne({ _id: plan!._id })).toBeNull();
    const trail = await db
      .collection('audit_events')
      .findOne({ entityType: 'plan', entityId: plan!._id, action: 'import-undone' });
    expect(trail?.note).toContain(
      `what it wrote of its ${ROWS} inspections removed, the draft plan it made removed`,
    );
    // The conflict the other write opened with a removed inspection is closed again.
    expect(
      await db
        .collection('conflicts')
        .countDocuments({ status: 'open', inspectionIds: written._id }),
    ).toBe(0);
    const rescan = await callService(second.base, h2, 'POST', '/conflicts/rescan', { year: 2026 });
    expect(rescan.status).toBe(200);
    expect(rescan.body).toMatchObject({ opened: 0, closed: 0 });
  }, 300_000);
});
